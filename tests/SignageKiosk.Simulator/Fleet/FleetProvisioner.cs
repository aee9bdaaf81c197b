using System.Diagnostics;
using System.Net;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;
using SignageKiosk.Simulator.Controller;

namespace SignageKiosk.Simulator.Fleet;

/// <summary>
/// Registers a simulated city on a controller through its ordinary admin API (POST /api/places, /stations,
/// /kiosks), in parallel requests, and keeps the credentials in <see cref="FleetFile"/>. Idempotent: what
/// exists is skipped, a kiosk whose credential was lost gets a new one (POST /api/kiosks/{id}/credential).
/// </summary>
public sealed class FleetProvisioner(AdminApi api, string dataDirectory, Action<string> log)
{
    public const int Parallelism = 8;

    public sealed record Provisioned(FleetLayout Layout, IReadOnlyDictionary<string, string> Credentials, int KiosksCreated, TimeSpan Took);

    public async Task<Provisioned> EnsureAsync(FleetShape shape, CancellationToken cancellationToken)
    {
        var layout = FleetLayout.Build(shape);
        var watch = Stopwatch.StartNew();
        var file = FleetFile.Load(dataDirectory);
        if (file is not null && !file.Fits(shape))
        {
            throw new InvalidOperationException($"{Path.Combine(dataDirectory, FleetFile.FileName)} was provisioned with another fleet shape; use another data directory");
        }
        file ??= new FleetFile
        {
            KiosksPerBuilding = shape.KiosksPerBuilding,
            BuildingsPerCompound = shape.BuildingsPerCompound,
            CompoundsPerCommunity = shape.CompoundsPerCommunity,
            ItemsPerCompound = shape.ItemsPerCompound,
        };
        var missing = layout.Kiosks.Where(k => !file.Credentials.ContainsKey(k.Kiosk.Id)).ToList();
        var compounds = layout.CompoundIds.ToList();
        if (missing.Count == 0 && file.SeededCompounds >= compounds.Count)
        {
            return new Provisioned(layout, file.Credentials, 0, watch.Elapsed);
        }

        log($"provisioning {layout.Places.Count} places, {layout.Stations.Count} stations and {missing.Count} kiosks");
        // Parents before children: one level of the place tree at a time, each level in parallel.
        foreach (var level in layout.Places.GroupBy(p => p.Kind).OrderBy(g => g.Key))
        {
            await ParallelAsync(level, place => CreateAsync("places", place, cancellationToken), cancellationToken);
        }
        await ParallelAsync(layout.Stations, station => CreateAsync("stations", station, cancellationToken), cancellationToken);
        if (file.SeededCompounds < compounds.Count)
        {
            await ParallelAsync(compounds.Skip(file.SeededCompounds), compound => SeedAsync(compound, shape.ItemsPerCompound, cancellationToken), cancellationToken);
            await SeedAsync(FleetLayout.DistrictId, shape.ItemsPerCompound, cancellationToken);
            file.SeededCompounds = compounds.Count;
            file.Save(dataDirectory);
        }

        var created = 0;
        var gate = new Lock();
        await ParallelAsync(missing, async plan =>
        {
            var credential = await RegisterAsync(plan.Kiosk, cancellationToken);
            lock (gate)
            {
                file.Credentials[plan.Kiosk.Id] = credential;
                if (++created % 1000 == 0)
                {
                    file.Save(dataDirectory);
                    log($"  {created} of {missing.Count} kiosks registered ({watch.Elapsed.TotalSeconds:F0} s)");
                }
            }
        }, cancellationToken);
        file.Save(dataDirectory);
        return new Provisioned(layout, file.Credentials, created, watch.Elapsed);
    }

    private async Task<string> RegisterAsync(Shared.Places.Kiosk kiosk, CancellationToken cancellationToken)
    {
        var answer = await api.SendAsync(HttpMethod.Post, "/api/kiosks", kiosk, cancellationToken);
        if (answer.Status == HttpStatusCode.Created)
        {
            return answer.Body["credential"]!.GetValue<string>();
        }
        if (answer.Status == HttpStatusCode.Conflict)
        {
            // Registered by an earlier run whose credential was not saved: issue a new one (the old one is revoked).
            var rotated = await api.RequireAsync(HttpMethod.Post, $"/api/kiosks/{Uri.EscapeDataString(kiosk.Id)}/credential", null, cancellationToken);
            return rotated["credential"]!.GetValue<string>();
        }
        throw new HttpRequestException($"POST /api/kiosks {kiosk.Id} answered {(int)answer.Status}: {answer.Body.ToJsonString()}");
    }

    private async Task CreateAsync(string table, object record, CancellationToken cancellationToken)
    {
        var answer = await api.SendAsync(HttpMethod.Post, "/api/" + table, record, cancellationToken);
        if (answer.Status is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            throw new HttpRequestException($"POST /api/{table} answered {(int)answer.Status}: {answer.Body.ToJsonString()}");
        }
    }

    /// <summary>A few notices and hotlines per compound, so a first sync carries a realistic snapshot.</summary>
    private async Task SeedAsync(string placeId, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            ContentItem item = i % 2 == 0
                ? new Notice
                {
                    Id = $"sim-n-{placeId}-{i}",
                    Title = $"{placeId} 第{i + 1}号通知：本周六上午楼道大扫除",
                    Body = "请各楼栋居民清理楼道杂物，志愿者八点在驿站集合。如有疑问请联系物业服务中心。",
                    Target = ItemTarget.Place(placeId),
                }
                : new Hotline
                {
                    Id = $"sim-h-{placeId}-{i}",
                    Name = $"物业服务热线{i + 1}",
                    Number = "0536-8123" + (100 + i),
                    Category = HotlineCategory.Property,
                    Hours = "24小时",
                    Target = ItemTarget.Place(placeId),
                };
            await CreateAsync(item is Notice ? "notices" : "hotlines", item, cancellationToken);
        }
    }

    private static Task ParallelAsync<T>(IEnumerable<T> source, Func<T, Task> body, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(source, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (item, _) => await body(item));
}
