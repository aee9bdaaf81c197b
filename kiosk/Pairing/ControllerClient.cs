using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SignageKiosk.Kiosk.Sync;
using SignageKiosk.Shared.Fleet;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>The kiosk's few plain HTTP calls to the controller: pairing, credential confirmation, reports and screenshots.</summary>
public sealed class ControllerClient(IHttpClientFactory httpClientFactory, ControllerEndpoints endpoints)
{
    public sealed class RefusedException(HttpStatusCode status, string message, TimeSpan? retryAfter) : Exception(message)
    {
        public HttpStatusCode Status { get; } = status;
        public TimeSpan? RetryAfter { get; } = retryAfter;
    }

    private static readonly JsonSerializerOptions Json = CreateJson();

    public bool Configured => endpoints.Configured;

    /// <summary>The controller URL in use now, for the pairing screen and the logs.</summary>
    public string? BaseUrl => endpoints.Configured ? endpoints.Current.ToString() : null;

    public async Task<PairingTicket> RequestPairingAsync(PairingRequest request, CancellationToken cancellationToken) =>
        await SendAsync<PairingTicket>(HttpMethod.Post, FleetProtocol.PairingRequests, JsonContent.Create(request, options: Json), null, cancellationToken);

    public async Task<PairingPollResult> PollPairingAsync(string pollToken, CancellationToken cancellationToken) =>
        await SendAsync<PairingPollResult>(HttpMethod.Post, FleetProtocol.PairingPoll, JsonContent.Create(new PairingPoll { PollToken = pollToken }, options: Json), null, cancellationToken);

    public Task ReportAsync(FleetReport report, string credential, CancellationToken cancellationToken) =>
        SendAsync<JsonElement?>(HttpMethod.Post, FleetProtocol.Report, JsonContent.Create(report, options: Json), credential, cancellationToken);

    public Task UploadScreenshotAsync(string kioskId, string requestId, byte[] png, string credential, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue(PngFile.ContentType);
        return SendAsync<JsonElement>(HttpMethod.Put, FleetProtocol.Screenshot(kioskId) + "?requestId=" + Uri.EscapeDataString(requestId), content, credential, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, string? credential, CancellationToken cancellationToken)
    {
        var baseUrl = endpoints.Current;
        using var client = httpClientFactory.CreateClient(nameof(ControllerClient));
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path.TrimStart('/'))) { Content = content };
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException { StatusCode: null } or TaskCanceledException)
        {
            // No answer (refused, reset, timed out): the caller's next attempt goes to the next controller URL.
            endpoints.Failed(baseUrl, e.Message);
            throw;
        }
        using var response = sent;
        if (!response.IsSuccessStatusCode)
        {
            var error = await ErrorOfAsync(response, cancellationToken);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            if (ControllerChoice.MoveOn((int)response.StatusCode, retryAfter is not null))
            {
                endpoints.Failed(baseUrl, $"answered {(int)response.StatusCode}");
            }
            throw new RefusedException(response.StatusCode, $"controller answered {(int)response.StatusCode}: {error}", retryAfter);
        }
        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return default!;
        }
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            // Problem details' detail; "error" is what controllers before decision 0049 sent (a kiosk may meet one mid-rollout).
            return body.TryGetProperty("detail", out var detail) || body.TryGetProperty("error", out detail) ? detail.GetString() ?? "" : "";
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return response.ReasonPhrase ?? "";
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        SyncJson.Configure(json);
        return json;
    }
}
