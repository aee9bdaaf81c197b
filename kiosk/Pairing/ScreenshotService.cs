using System.Threading.Channels;
using SignageKiosk.Kiosk.Cache;
using SignageKiosk.Shared.Fleet;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>Takes the controller's screenshot requests one at a time, off the sync loop, and uploads each capture.</summary>
public sealed class ScreenshotService(
    ScreenshotCapturer capturer,
    ControllerClient controller,
    DeviceCredentials credentials,
    KioskCache cache,
    ILogger<ScreenshotService> logger) : BackgroundService
{
    // A few at most: a browser capture takes a second or two, and the controller coalesces repeated clicks anyway.
    private readonly Channel<ScreenshotRequest> _requests = Channel.CreateBounded<ScreenshotRequest>(
        new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Enqueue(ScreenshotRequest request) => _requests.Writer.TryWrite(request);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? answered = null;
        await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            if (request.RequestId == answered)
            {
                // Staff asked again while the request was open and the controller repeated it (its first message may have
                // been lost between nodes); this one was delivered and answered already.
                continue;
            }
            try
            {
                var png = await capturer.CaptureAsync(stoppingToken);
                var kioskId = cache.KioskId ?? throw new InvalidOperationException("the kiosk does not know its id yet");
                var credential = credentials.Current ?? throw new InvalidOperationException("no device credential");
                await controller.UploadScreenshotAsync(kioskId, request.RequestId, png, credential, stoppingToken);
                logger.LogInformation("Screenshot {RequestId} sent ({Size} bytes)", request.RequestId, png.Length);
                answered = request.RequestId;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Screenshot {RequestId} failed: {Message}", request.RequestId, e.Message);
            }
        }
    }
}
