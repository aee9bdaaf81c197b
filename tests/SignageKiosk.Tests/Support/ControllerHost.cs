using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignageKiosk.Controller;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// A real controller on real Kestrel (127.0.0.1, a fixed port so it can be restarted in place) with a real
/// SQLite file. In-process, so a test can reach its services (for fault injection) while kiosks talk to
/// it over real sockets.
/// </summary>
public sealed class ControllerHost : IAsyncDisposable
{
    public const string AdminPassword = "test-admin-pw";

    private readonly Dictionary<string, string?> _settings;
    private readonly LogCapture? _logs;
    private readonly Action<IServiceCollection>? _services;
    private WebApplicationFactory<ControllerEntryPoint>? _factory;

    private ControllerHost(string name, string dataDirectory, int port, bool demo, Dictionary<string, string?>? extra, LogCapture? logs, Action<IServiceCollection>? services, StoreProvider? store)
    {
        _logs = logs;
        _services = services;
        DataDirectory = dataDirectory;
        Port = port;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Auth:BootstrapAdminPassword"] = AdminPassword,
            ["Demo:ImportOnFirstStart"] = demo ? "true" : "false",
            ["Demo:ContentPath"] = Repo.DemoContent,
            ["Demo:KioskCredentialDirectory"] = Path.Combine(dataDirectory, "credentials"),
            ["Sync:AckFlushInterval"] = "00:00:00.200",
            // Test classes sign in dozens of times a minute from one address; SignInLimitTests sets its own small budget.
            ["Auth:SignInPermitsPerMinute"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
            // The fixed test port overrides the controller's default URL on purpose.
            ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = "Error",
        };
        Store = store ?? (PostgresServer.Selected ? StoreProvider.PostgreSql : StoreProvider.Sqlite);
        if (Store == StoreProvider.PostgreSql && extra?.ContainsKey("Storage:ConnectionString") != true)
        {
            // A fresh database per controller; a restart in place keeps it, as it keeps the data directory.
            _settings["Storage:Provider"] = nameof(StoreProvider.PostgreSql);
            _settings["Storage:ConnectionString"] = PostgresServer.Shared.CreateDatabase(name);
        }
        foreach (var (key, value) in extra ?? [])
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory { get; }
    public int Port { get; }

    /// <summary>The store's back end: SQLite unless the test asks, or SIGNAGEKIOSK_TEST_STORE=postgresql runs the suite on PostgreSQL.</summary>
    public StoreProvider Store { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public IServiceProvider Services => _factory!.Services;
    public ChangeDispatcher Dispatcher => Services.GetRequiredService<ChangeDispatcher>();

    /// <param name="services">Replaces registrations after the controller's own (e.g. a moved <see cref="TimeProvider"/>).</param>
    /// <param name="store">The back end; by default the suite's (see <see cref="Store"/>).</param>
    public static ControllerHost Start(string name, bool demo = false, Dictionary<string, string?>? settings = null, LogCapture? logs = null,
        Action<IServiceCollection>? services = null, StoreProvider? store = null)
    {
        var host = new ControllerHost(name, Repo.TempDirectory(name), Repo.FreePort(), demo, settings, logs, services, store);
        host.Start();
        return host;
    }

    public void Start()
    {
        _factory = new WebApplicationFactory<ControllerEntryPoint>().WithWebHostBuilder(builder =>
        {
            builder.UseContentRoot(Path.Combine(Repo.Root, "controller"));
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
            if (_logs is not null)
            {
                builder.ConfigureLogging(logging => logging.AddProvider(_logs));
            }
            if (_services is not null)
            {
                builder.ConfigureTestServices(_services);
            }
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, Port));
        _factory.StartServer();
    }

    public async Task StopAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            _factory = null;
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        Start();
    }

    public HttpClient Anonymous() => new() { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(60) };

    public async Task<HttpClient> AdminAsync() => await SignInAsync("admin", AdminPassword);

    public Task<HttpClient> SignInAsync(string username, string password) => SignInAsync(Anonymous(), username, password);

    /// <summary>Gives <paramref name="client"/> a bearer token: also for controllers that are not a host here (own processes, nodes behind a load balancer).</summary>
    public static async Task<HttpClient> SignInAsync(HttpClient client, string username, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public string DemoKioskCredential(string kioskId) => File.ReadAllText(Path.Combine(DataDirectory, "credentials", kioskId + ".credential"));

    public async ValueTask DisposeAsync() => await StopAsync();
}

public static class ApiClientExtensions
{
    public static async Task<JsonObject> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object body, bool ensureSuccess = true)
    {
        var json = body as string ?? JsonSerializer.Serialize(body, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (ensureSuccess && !response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return JsonNode.Parse(string.IsNullOrEmpty(text) ? "{}" : text) as JsonObject ?? [];
    }

    public static Task<JsonObject> PostJsonAsync(this HttpClient client, string path, object body) => client.SendJsonAsync(HttpMethod.Post, path, body);
    public static Task<JsonObject> PutJsonAsync(this HttpClient client, string path, object body) => client.SendJsonAsync(HttpMethod.Put, path, body);

    public static async Task<long> PublishAsync(this HttpClient client, string kind, object item) =>
        (await client.PostJsonAsync("/api/" + kind, item))["seq"]!.GetValue<long>();

    public static async Task<long> HeadAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>("/api/changes/head"))!["seq"]!.GetValue<long>();
}
