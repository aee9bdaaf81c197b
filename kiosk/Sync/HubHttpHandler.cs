using System.Net.Http.Headers;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>
/// Under the SignalR client's HTTP requests (negotiate, Server-Sent Events, long polls and sends): puts the
/// CURRENT device credential on every request, and counts the bytes. The client caches the token it got at
/// connect for the connection's life; after a rotation (docs/decisions/0008) the old one is retired, and a poll
/// still carrying it would be refused, or taken for a copy's. With several controller URLs, sends each request to the
/// current one (the client built its URLs on <paramref name="builtFor"/>) and moves on when it does not answer; a
/// poll that lands on another node mid-connection is refused there and the client reconnects, as after any drop.
/// </summary>
internal sealed class HubHttpHandler(HttpMessageHandler inner, Func<string?> credential, WireCounter wire, ControllerEndpoints endpoints, Uri builtFor) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var controllerBase = endpoints.Current;
        if (controllerBase != builtFor && request.RequestUri?.AbsoluteUri is { } requested && requested.StartsWith(builtFor.AbsoluteUri, StringComparison.Ordinal))
        {
            request.RequestUri = new Uri(controllerBase, requested[builtFor.AbsoluteUri.Length..]);
        }
        if (credential() is { } secret)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
        if (request.Method == HttpMethod.Get && request.RequestUri?.Query.Contains("id=", StringComparison.Ordinal) == true)
        {
            // A GET on an open connection is the receive side of an HTTP transport: which one is in the Accept header.
            wire.Carried(request.Headers.Accept.Any(a => a.MediaType == "text/event-stream") ? SyncTransport.ServerSentEvents : SyncTransport.LongPolling);
        }
        var sent = request.Method.Method.Length + (request.RequestUri?.PathAndQuery.Length ?? 0) + 12 + HeaderBytes(request.Headers);
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            sent += HeaderBytes(content.Headers) + (content.Headers.ContentLength ?? 0);
        }
        wire.CountSent(sent);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is null && !cancellationToken.IsCancellationRequested)
        {
            endpoints.Failed(controllerBase, e.Message);
            throw;
        }
        if (ControllerChoice.MoveOn((int)response.StatusCode, response.Headers.RetryAfter is not null))
        {
            endpoints.Failed(controllerBase, $"answered {(int)response.StatusCode}");
        }
        wire.CountReceived(15 + (response.ReasonPhrase?.Length ?? 0) + HeaderBytes(response.Headers) + HeaderBytes(response.Content.Headers));
        // The body is counted as the client reads it: a Server-Sent Events stream stays open for the connection's life.
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var counted = new StreamContent(new CountingReadStream(body, wire));
        foreach (var header in response.Content.Headers)
        {
            counted.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        response.Content = counted;
        return response;
    }

    private static long HeaderBytes(HttpHeaders headers) =>
        headers.Sum(h => h.Key.Length + 4L + h.Value.Sum(v => (long)v.Length));

    private sealed class CountingReadStream(Stream inner, WireCounter wire) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        private int Counted(int read)
        {
            wire.CountReceived(read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
