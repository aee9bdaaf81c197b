using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Media;

/// <summary>
/// One GET of a file the controller serves by hash, into a partial file, resuming from the bytes already there (Range),
/// with the device credential. Media and kiosk builds both come this way; the caller checks size and SHA-256 after.
/// </summary>
public static class ResumableDownload
{
    public static async Task FetchAsync(HttpClient client, ControllerEndpoints endpoints, string path, string? credential, string partial, long size, CancellationToken cancellationToken)
    {
        var baseUrl = endpoints.Current;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, path));
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (have > 0 && have < size)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException { StatusCode: null } or TaskCanceledException)
        {
            // No answer at all (refused, reset, timed out): the next attempt goes to the next controller URL.
            endpoints.Failed(baseUrl, e.Message);
            throw;
        }
        using var response = sent;
        if (!response.IsSuccessStatusCode)
        {
            if (ControllerChoice.MoveOn((int)response.StatusCode, response.Headers.RetryAfter is not null))
            {
                endpoints.Failed(baseUrl, $"answered {(int)response.StatusCode}");
            }
            throw new HttpRequestException($"controller answered {(int)response.StatusCode}", null, response.StatusCode);
        }
        var append = response.StatusCode == HttpStatusCode.PartialContent;
        await using (var file = new FileStream(partial, OwnerOnly.Create(append ? FileMode.Append : FileMode.Create)))
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (file.Length + read > size)
                {
                    throw new InvalidDataException("the download is longer than the file should be");
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>The finished partial file's SHA-256 in lower-case hex: what the caller holds against the hash it asked for.</summary>
    public static async Task<string> Sha256OfAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
