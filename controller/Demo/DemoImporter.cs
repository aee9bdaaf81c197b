using System.Security.Claims;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Controller.Content;
using SignageKiosk.Controller.Places;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Demo;

/// <summary>Loads the demo community into a fresh store through the same stores and validation as the API.</summary>
public sealed class DemoImporter(
    StructureStore structure,
    ContentStore content,
    TimeProvider time,
    IOptions<DemoOptions> options,
    IHostEnvironment environment,
    ILogger<DemoImporter> logger)
{
    private static readonly ClaimsPrincipal System = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "demo-import"), new Claim(AuthPolicies.RoleClaim, nameof(StaffRole.Admin))], "system"));

    public async Task ImportIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ImportOnFirstStart)
        {
            return;
        }
        if (await structure.AnyPlacesAsync(cancellationToken))
        {
            return;
        }
        var path = options.Value.ContentPath is { Length: > 0 } configured ? configured : Find(environment.ContentRootPath) ?? Find(AppContext.BaseDirectory);
        if (path is null || !File.Exists(path))
        {
            logger.LogWarning("No demo content found (looked for content/demo/community.json); starting empty");
            return;
        }
        var package = ContentJson.Deserialize<ContentPackage>(await File.ReadAllTextAsync(path, cancellationToken));
        var stationZone = package.Stations.FirstOrDefault()?.TimeZone;
        var today = DateOnly.FromDateTime(new StationClock(stationZone).ToLocal(time.GetUtcNow()));
        await ImportAsync(package.ShiftedTo(today), cancellationToken);
        logger.LogInformation("Imported demo content from {Path}: {Places} places, {Items} items", path, package.Places.Count, package.Items().Count());
    }

    public async Task ImportAsync(ContentPackage package, CancellationToken cancellationToken)
    {
        foreach (var place in package.Places)
        {
            await structure.UpsertPlaceAsync(place, WriteMode.Create, System, cancellationToken);
        }
        foreach (var station in package.Stations)
        {
            await structure.UpsertStationAsync(station, WriteMode.Create, System, cancellationToken);
        }
        foreach (var kiosk in package.Kiosks)
        {
            var (_, credential) = await structure.UpsertKioskAsync(kiosk, WriteMode.Create, System, cancellationToken);
            if (options.Value.KioskCredentialDirectory is { Length: > 0 } directory && credential is not null)
            {
                Directory.CreateDirectory(directory);
                var file = Path.Combine(directory, kiosk.Id + ".credential");
                await File.WriteAllTextAsync(file, credential, cancellationToken);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }
        foreach (var (kind, item) in package.Items())
        {
            await content.UpsertAsync(kind, item, WriteMode.Create, System, cancellationToken);
        }
    }

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content", "demo", "community.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
