using Microsoft.Extensions.Options;
using SignageKiosk.Controller;
using SignageKiosk.Controller.Settings;
using SignageKiosk.Hosting;

// Settings are read once and validated at start (nothing reloads them), and watching appsettings.json for changes
// walks the whole content root with inotify, the data directory and its media included: a second or more before a
// restarted node answers (docs/decisions/0044).
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
// SIGNAGEKIOSK_CONFIG: the station's settings file (/etc/signagekiosk/controller.json when installed from the package).
builder.Configuration.AddSettingsFileFromEnvironment();
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["Kestrel:Endpoints:Http:Url"]))
{
    // Loopback by default: exposing the controller is a deliberate choice (--urls or Kestrel settings).
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}
if (SignageKiosk.Controller.Backup.BackupCommand.Handles(args))
{
    // backup / restore: the server's settings, no web server (docs/backup.md).
    return await SignageKiosk.Controller.Backup.BackupCommand.RunAsync(builder.Configuration, args, Console.Out, Console.Error, TimeProvider.System, CancellationToken.None);
}
builder.AddControllerServices();

try
{
    var app = builder.Build();
    // Every setting is checked now, before the store is touched, rather than when the host starts (Settings/SettingsCheck).
    app.Services.GetService<IStartupValidator>()?.Validate();
    await app.InitializeControllerAsync();
    app.MapControllerEndpoints();
    await app.RunAsync();
}
catch (Exception e) when (SettingsRegistration.Refusal(e) is { } refusal)
{
    // A bad setting: one line naming it, on stderr (journald keeps it), instead of a stack trace; EX_CONFIG as the exit code.
    await Console.Error.WriteLineAsync(refusal);
    return SettingsRegistration.ExitCode;
}
return 0;

namespace SignageKiosk.Controller
{
    /// <summary>Marker for WebApplicationFactory (the kiosk also has a top-level Program).</summary>
    public sealed class ControllerEntryPoint;
}
