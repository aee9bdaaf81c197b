using SignageKiosk.Controller;

var builder = WebApplication.CreateBuilder(args);
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
