using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Tests.Support;

/// <summary>A bare hub connection with a device credential, for driving the kiosk hub directly (as a hostile or a simulated kiosk).</summary>
public sealed class KioskHubClient : IAsyncDisposable
{
    private KioskHubClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Connects and says hello (without taking a new credential, so the given one stays valid).</summary>
    public static async Task<KioskHubClient> ConnectAsync(string controllerUrl, string credential)
    {
        var client = await OpenAsync(controllerUrl, credential);
        await client.Connection.InvokeAsync<HelloResponse>(SyncProtocol.Hello, new HelloRequest { Cursor = 0 });
        return client;
    }

    /// <summary>Connects without saying hello.</summary>
    public static async Task<KioskHubClient> OpenAsync(string controllerUrl, string credential)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(controllerUrl.TrimEnd('/') + SyncProtocol.HubPath), HttpTransportType.WebSockets, http =>
            {
                http.SkipNegotiation = true;
                http.AccessTokenProvider = () => Task.FromResult<string?>(credential);
            })
            .AddJsonProtocol(json => SyncJson.Configure(json.PayloadSerializerOptions))
            .Build();
        await connection.StartAsync();
        return new KioskHubClient(connection);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
