using Microsoft.Extensions.Configuration.Json;

namespace SignageKiosk.Hosting;

/// <summary>
/// A station's own settings file, named by SIGNAGEKIOSK_CONFIG (the Debian packages' units point it at
/// /etc/signagekiosk/controller.json or kiosk.json). It sits above appsettings.json and below environment variables and
/// the command line, so a one-off override still works. Named but missing is an error at start, not a silent fall-back
/// to defaults. One source file linked into both apps, internal to each (so the tests, which see both, see neither).
/// </summary>
internal static class SettingsFile
{
    public const string EnvironmentVariable = "SIGNAGEKIOSK_CONFIG";

    public static void AddSettingsFileFromEnvironment(this ConfigurationManager configuration)
    {
        var path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{EnvironmentVariable} names {path}, which does not exist", path);
        }
        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        // Right after the last JSON file (appsettings.{Environment}.json): before environment variables and arguments.
        var sources = configuration.Sources;
        var last = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource)
            {
                last = i;
            }
        }
        sources.Insert(last + 1, source);
    }
}
