using SignageKiosk.Controller;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["Kestrel:Endpoints:Http:Url"]))
{
    // Loopback by default: exposing the controller is a deliberate choice (--urls or Kestrel settings).
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}
builder.AddControllerServices();

var app = builder.Build();
await app.InitializeControllerAsync();
app.MapControllerEndpoints();
app.Run();

namespace SignageKiosk.Controller
{
    /// <summary>Marker for WebApplicationFactory (the kiosk also has a top-level Program).</summary>
    public sealed class ControllerEntryPoint;
}
