using Microsoft.Extensions.Options;

namespace SignageKiosk.Kiosk.Pairing;

/// <summary>
/// The kiosk's device credential: which one to use, waiting for one while unpaired, and adopting a new one
/// (stored durably first, then used once to retire the old one, docs/decisions/0008).
/// </summary>
public sealed class DeviceCredentials(IOptions<KioskOptions> options, TimeProvider time, ILogger<DeviceCredentials> logger)
{
    private TaskCompletionSource _saved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? Current => options.Value.ResolveCredential();

    /// <summary>Returns once a credential exists: paired, or put in place by an operator (checked every few seconds).</summary>
    public async Task<string> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var saved = Volatile.Read(ref _saved).Task;
            if (Current is { } credential)
            {
                return credential;
            }
            await Task.WhenAny(saved, Task.Delay(TimeSpan.FromSeconds(5), time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Stores a credential from pairing.</summary>
    public async Task SaveAsync(string credential, string kioskId, CancellationToken cancellationToken)
    {
        await DeviceCredentialFile.SaveAsync(options.Value, credential, kioskId, time.GetUtcNow(), cancellationToken);
        Interlocked.Exchange(ref _saved, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Takes the credential a Hello handed out: saved atomically before anything uses it, then presented once so
    /// the controller retires the previous one. Never throws: on failure the old credential simply stays in use.
    /// Returns what went wrong, if anything, for /healthz.
    /// </summary>
    /// <param name="confirm">Presents the stored credential to the controller (over the hub connection its Hello came on).</param>
    public async Task<string?> AdoptAsync(string credential, string kioskId, Func<string, CancellationToken, Task> confirm, CancellationToken cancellationToken)
    {
        try
        {
            await SaveAsync(credential, kioskId, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError("Could not store the new device credential ({Message}); keeping the current one", e.Message);
            return "could not store the new device credential: " + e.Message;
        }
        try
        {
            // Bounded: the sync loop waits for this, and a failed confirmation costs nothing.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await confirm(credential, timeout.Token);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not fatal: the next request made with it (reconnect, media) retires the old one just the same.
            logger.LogWarning("Could not confirm the new device credential yet: {Message}", e.Message);
            return e.Message;
        }
    }
}
