using Microsoft.Playwright;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// A pooled Chromium lent to one test (<see cref="Browser.LeaseAsync"/>). It behaves as the browser, but closing or
/// disposing it closes only the contexts and pages opened through it and gives the browser back to the pool.
/// </summary>
public sealed class LeasedBrowser(IPlaywright playwright, IBrowser browser, Action<IPlaywright, IBrowser> giveBack) : IBrowser
{
    private readonly List<IBrowserContext> _contexts = [];
    private int _returned;

    public event EventHandler<IBrowser> Disconnected
    {
        add => browser.Disconnected += value;
        remove => browser.Disconnected -= value;
    }

    public event EventHandler<IBrowserContext> Context
    {
        add => browser.Context += value;
        remove => browser.Context -= value;
    }

    public IBrowserType BrowserType => browser.BrowserType;

    public IReadOnlyList<IBrowserContext> Contexts
    {
        get
        {
            lock (_contexts)
            {
                return [.. _contexts];
            }
        }
    }

    public bool IsConnected => browser.IsConnected;

    public string Version => browser.Version;

    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        ThrowIfReturned();
        return Track(await browser.NewContextAsync(options));
    }

    public async Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null)
    {
        ThrowIfReturned();
        var page = await browser.NewPageAsync(options);
        Track(page.Context);
        return page;
    }

    public Task<ICDPSession> NewBrowserCDPSessionAsync() => browser.NewBrowserCDPSessionAsync();

    // The browser outlives this lease and serves other tests: it is not for this test to publish.
    public Task<BrowserBindResult> BindAsync(string title, BrowserBindOptions? options = null) =>
        throw new NotSupportedException("a leased browser is shared by the suite; Browser.LaunchAsync gives one of your own to bind");

    public Task UnbindAsync() =>
        throw new NotSupportedException("a leased browser is shared by the suite; Browser.LaunchAsync gives one of your own to bind");

    public Task CloseAsync(BrowserCloseOptions? options = null) => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 1)
        {
            return;
        }
        foreach (var context in Contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // already closed, or the browser went away: either way nothing of this test is left in it
            }
        }
        if (browser.IsConnected)
        {
            giveBack(playwright, browser);
        }
    }

    /// <summary>Kept until it closes, as the browser's own <see cref="IBrowser.Contexts"/> keeps only open ones.</summary>
    private IBrowserContext Track(IBrowserContext context)
    {
        lock (_contexts)
        {
            _contexts.Add(context);
        }
        context.Close += (_, closed) =>
        {
            lock (_contexts)
            {
                _contexts.Remove(closed);
            }
        };
        return context;
    }

    private void ThrowIfReturned() =>
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _returned) == 1, this);
}
