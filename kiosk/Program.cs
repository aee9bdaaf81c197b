using SignageKiosk.Kiosk;
using SignageKiosk.Hosting;

var builder = WebApplication.CreateBuilder(args);
// SIGNAGEKIOSK_CONFIG: the station's settings file (/etc/signagekiosk/kiosk.json when installed from the package).
builder.Configuration.AddSettingsFileFromEnvironment();
builder.AddKioskServices();

var app = builder.Build();
app.MapKioskEndpoints();
app.Run();
