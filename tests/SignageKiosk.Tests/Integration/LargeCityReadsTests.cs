using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Pages that answer one request about one place — the public notice page, the phone report page, the report queue
/// narrowed to a place, the overview and duty prints — in a city of about 2,000 places registered through the API:
/// their answers stay right, and they read only the places they need. To show the second, one building far from
/// every place asked about is damaged in the database (its record no longer parses): a request that read every
/// place would fail on it.
/// </summary>
public sealed class LargeCityReadsTests
{
    private const int Streets = 8;
    private const int CommunitiesPerStreet = 4;
    private const int CompoundsPerCommunity = 5;
    private const int BuildingsPerCompound = 12;
    private const int Compounds = Streets * CommunitiesPerStreet * CompoundsPerCommunity;
    private const int Chosen = 77;

    private static string Compound(int i) => $"big-y{i:000}";
    private static string CompoundName(int i) => $"北{i:000}苑";
    private static string Building(int i, int n) => $"{Compound(i)}-b{n}";
    private static string BuildingName(int i, int n) => $"{i:000}-{n}栋";
    private static string Station(int i) => $"{Compound(i)}-station";
    private static string StationName(int i) => $"{CompoundName(i)}党群驿站";

    /// <summary>A district of 8 streets, 32 communities, 160 compounds with a station each and 1,920 buildings; one lone community with one compound.</summary>
    private static async Task SeedAsync(HttpClient admin)
    {
        using var gate = new SemaphoreSlim(4);
        async Task AllAsync(string path, IEnumerable<object> bodies) => await Task.WhenAll(bodies.Select(async body =>
        {
            await gate.WaitAsync();
            try
            {
                await admin.PostJsonAsync(path, body);
            }
            finally
            {
                gate.Release();
            }
        }));
        await admin.PostJsonAsync("/api/places", new { id = "big-d", kind = "district", name = "城北区", parentId = "city" });
        await AllAsync("/api/places", Enumerable.Range(0, Streets).Select(s => (object)new { id = $"big-s{s}", kind = "street", name = $"北{s}街道", parentId = "big-d" }));
        await AllAsync("/api/places", Enumerable.Range(0, Streets * CommunitiesPerStreet).Select(c =>
            (object)new { id = $"big-c{c:00}", kind = "community", name = $"北{c:00}社区", parentId = $"big-s{c / CommunitiesPerStreet}" })
            .Append(new { id = "big-lone", kind = "community", name = "独园社区", parentId = "big-s0" }));
        await AllAsync("/api/places", Enumerable.Range(0, Compounds).Select(i =>
            (object)new { id = Compound(i), kind = "compound", name = CompoundName(i), parentId = $"big-c{i / CompoundsPerCommunity:00}" })
            .Append(new { id = "big-lone-y", kind = "compound", name = "独园", parentId = "big-lone" }));
        // Buildings in reverse order of their number, so only their "order" (not their id or name) puts 2 before 10.
        await AllAsync("/api/places", Enumerable.Range(0, Compounds).SelectMany(i => Enumerable.Range(1, BuildingsPerCompound).Reverse().Select(n =>
            (object)new { id = Building(i, n), kind = "building", name = BuildingName(i, n), parentId = Compound(i), order = n })));
        await AllAsync("/api/places", new object[]
        {
            new { id = Building(Chosen, 3) + "-u1", kind = "unit", name = "一单元", parentId = Building(Chosen, 3), order = 1 },
            new { id = Building(Chosen, 3) + "-u2", kind = "unit", name = "二单元", parentId = Building(Chosen, 3), order = 2 },
        });
        await AllAsync("/api/stations", Enumerable.Range(0, Compounds).Select(i => (object)new { id = Station(i), name = StationName(i), placeId = Compound(i) })
            .Append(new { id = "big-lone-station", name = "独园便民站", placeId = "big-lone-y" }));
    }

    /// <summary>Makes a place's record unreadable, as a request reading every place would find out (through the controller's own store, either back end).</summary>
    private static async Task DamageAsync(ControllerHost controller, string placeId)
    {
        await using var connection = await controller.Services.GetRequiredService<ControllerDb>().OpenAsync(CancellationToken.None);
        Assert.Equal(1, await connection.ExecAsync("UPDATE places SET payload = '{not json' WHERE id = @id;", null, CancellationToken.None, ("@id", placeId)));
    }

    private static string StationOnPage(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "<div class=\"station\">([^<]*)</div>").Groups[1].Value;

    [Fact]
    public async Task Pages_about_one_place_answer_right_in_a_large_city_and_read_only_what_they_need()
    {
        await using var controller = ControllerHost.Start("large-city");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        await SeedAsync(admin);
        var places = (await admin.GetFromJsonAsync<JsonObject>("/api/places?limit=1"))!["total"]!.GetValue<long>();
        Assert.True(places > 2_000, $"{places} places");

        var kiosk = (await admin.PostJsonAsync("/api/kiosks", new { id = "big-kiosk", name = "北077苑大厅屏", stationId = Station(Chosen) }))["credential"]!.GetValue<string>();
        await admin.PublishAsync("notices", TestWorld.Notice("big-n-building", "北077苑3号楼停水", Building(Chosen, 3)));
        await admin.PublishAsync("notices", TestWorld.Notice("big-n-street", "北0街道道路施工", "big-s0"));
        await admin.PublishAsync("notices", TestWorld.Notice("big-n-lone", "独园社区议事会", "big-lone"));
        await admin.PublishAsync("notices", new { id = "big-n-kiosk", title = "大厅屏维护", body = "维护。", target = new { kioskId = "big-kiosk" } });
        await admin.PublishAsync("notices", TestWorld.Notice("small-n-a1", "丹桂苑1栋通知", TestWorld.BuildingA1));
        await admin.PostJsonAsync("/api/users", new { username = "staff-c1", password = "a-long-password", role = "communityStaff", scopePlaceId = TestWorld.Community, mustChangePassword = false });
        using var staffC1 = await controller.SignInAsync("staff-c1", "a-long-password");
        string reference;
        await using (var hub = await KioskHubClient.ConnectAsync(controller.Url, kiosk))
        {
            reference = (await hub.Connection.InvokeAsync<ReportReceipt>(SyncProtocol.SubmitReport, new ResidentReport
            {
                IdempotencyKey = Guid.NewGuid().ToString(),
                Category = ReportCategory.Repairs,
                BuildingId = Building(Chosen, 3),
                Phrases = ["repairs.lift"],
                CreatedAt = DateTimeOffset.UtcNow,
            })).Reference;
        }

        // A building of another street, on no chain and in no subtree asked about below.
        await DamageAsync(controller, Building(Compounds - 1, BuildingsPerCompound));
        // A read that reaches it fails (the API answers 400 on a record it cannot parse); one beside it does not.
        Assert.False((await admin.GetAsync($"/api/places?parentId={Compound(Compounds - 1)}")).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/places?parentId={Compound(Compounds - 2)}")).StatusCode);

        using var anonymous = controller.Anonymous();
        // The public notice page names the station nearest the target: up the chain, else the only one below, else the place.
        Assert.Equal(StationName(Chosen), StationOnPage(await anonymous.GetStringAsync("/n/big-n-building")));
        Assert.Equal(StationName(Chosen), StationOnPage(await anonymous.GetStringAsync("/n/big-n-kiosk")));
        Assert.Equal("独园便民站", StationOnPage(await anonymous.GetStringAsync("/n/big-n-lone")));
        Assert.Equal("北0街道", StationOnPage(await anonymous.GetStringAsync("/n/big-n-street")));
        Assert.Equal("丹桂苑红色驿站", StationOnPage(await anonymous.GetStringAsync("/n/small-n-a1")));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/print/notices/big-n-building?format=pdf")).StatusCode);

        // The phone page lists the kiosk's compound's buildings by their order, with units, and nothing of the neighbours.
        var form = await anonymous.GetStringAsync("/r/big-kiosk?category=repairs");
        var positions = Enumerable.Range(1, BuildingsPerCompound).Select(n => form.IndexOf($"value=\"{Building(Chosen, n)}\"", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order().ToList(), positions);
        Assert.Equal(BuildingsPerCompound, System.Text.RegularExpressions.Regex.Matches(form, "name=\"building\"").Count);
        Assert.Contains("二单元", form, StringComparison.Ordinal);
        Assert.DoesNotContain(BuildingName(Chosen + 1, 1), form, StringComparison.Ordinal);
        Assert.Contains(StationName(Chosen), form, StringComparison.Ordinal);

        // The report queue narrowed to a place: the report, named by its building; an unknown place 404, another area 403.
        var listed = (await admin.GetFromJsonAsync<JsonObject>($"/api/reports?placeId={Compound(Chosen)}"))!["reports"]!.AsArray();
        var only = Assert.Single(listed)!;
        Assert.Equal(reference, only["reference"]!.GetValue<string>());
        Assert.Equal(BuildingName(Chosen, 3), only["buildingName"]!.GetValue<string>());
        Assert.Empty((await admin.GetFromJsonAsync<JsonObject>($"/api/reports?placeId={Compound(Chosen + 1)}"))!["reports"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/reports?placeId=big-nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staffC1.GetAsync($"/api/reports?placeId={Compound(Chosen)}")).StatusCode);

        // The compound's overview lists its twelve buildings and its station; the duty week prints for its station.
        using (var response = await admin.GetAsync($"/api/print/overview/{Compound(Chosen)}?format=pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var pdf = Path.Combine(Repo.TempDirectory("large-city"), "overview.pdf");
            await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());
            var text = PrintTools.NoSpaces(PrintTools.PdfText(pdf));
            Assert.All(Enumerable.Range(1, BuildingsPerCompound), n => Assert.Contains(BuildingName(Chosen, n), text, StringComparison.Ordinal));
            Assert.DoesNotContain(BuildingName(Chosen + 1, 1), text, StringComparison.Ordinal);
            Assert.Contains(StationName(Chosen), text, StringComparison.Ordinal);
            Assert.Contains($"楼栋{BuildingsPerCompound}栋", text, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/print/duty/{Station(Chosen)}?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/print/roster/{Building(Chosen, 3)}?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staffC1.GetAsync($"/api/print/overview/{Compound(Chosen)}?format=pdf")).StatusCode);
    }
}
