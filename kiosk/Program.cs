using SignageKiosk.Kiosk;
using SignageKiosk.Hosting;

// Settings are read once at start, as the controller reads them (decision 0044): watching appsettings.json would put an
// inotify watch on every folder under the working directory.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
// SIGNAGEKIOSK_CONFIG: the station's settings file (/etc/signagekiosk/kiosk.json when installed from the package).
builder.Configuration.AddSettingsFileFromEnvironment();
builder.AddKioskServices();

var app = builder.Build();
app.MapKioskEndpoints();
app.Run();
