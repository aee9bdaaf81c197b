using System.Reflection;
using SignageKiosk.Shared.Updates;

namespace SignageKiosk.Kiosk.Updates;

/// <summary>
/// The version this kiosk reports: an installed build's, from the manifest it was signed with (kiosk-build.json beside
/// the app); else the assembly's (the packaged app, a source build).
/// </summary>
public static class KioskVersion
{
    public static string Assembly { get; } =
        typeof(KioskVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public static string Current { get; } = BuildBundle.ReadManifest(AppContext.BaseDirectory)?.Version ?? Assembly;
}
