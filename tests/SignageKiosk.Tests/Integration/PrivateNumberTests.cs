using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Controller.Import;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// A private phone number never leaves the controller whole: kiosks (live push, catch-up, snapshot), the preview and
/// staff who may not read it get only the last four digits; what the kiosk keeps on disk is its own user's alone.
/// </summary>
public sealed class PrivateNumberTests
{
    private const string PrivateMobile = "13812345678";
    private const string PrivateLandline = "0536-8123456";
    private const string PublicMobile = "13987654321";

    private static async Task PublishPeopleAsync(HttpClient admin)
    {
        var target = new { placeId = TestWorld.CompoundA };
        await admin.PublishAsync("people", new { id = "p-private", name = "王芳", party = "resident", phone = PrivateMobile, phonePublic = false, target });
        await admin.PublishAsync("people", new { id = "p-landline", name = "赵刚", phone = PrivateLandline, phonePublic = false, target });
        await admin.PublishAsync("people", new { id = "p-public", name = "李明", phone = PublicMobile, phonePublic = true, target });
        await admin.PublishAsync("roster", new { id = "r-private", personId = "p-private", role = "buildingHead", buildingId = TestWorld.BuildingA1, target });
        await admin.PublishAsync("roster", new { id = "r-landline", personId = "p-landline", role = "gridWorker", buildingId = TestWorld.BuildingA1, target });
        await admin.PublishAsync("roster", new { id = "r-public", personId = "p-public", role = "redSteward", buildingId = TestWorld.BuildingA1, target });
    }

    /// <summary>Every byte the kiosk keeps under its data folder, the SQLite file with its -wal and -shm included.</summary>
    private static string AllBytesOf(string folder) =>
        string.Concat(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return Encoding.UTF8.GetString(memory.ToArray()) + Encoding.Unicode.GetString(memory.ToArray());
        }));

    private static void AssertNoPrivateDigits(string text, string where)
    {
        Assert.False(text.Contains(PrivateMobile, StringComparison.Ordinal), $"{where} holds the private mobile number whole");
        Assert.False(text.Contains("8123456", StringComparison.Ordinal), $"{where} holds the private landline whole");
        Assert.False(text.Contains("138****5678", StringComparison.Ordinal), $"{where} shows more than the last four digits");
    }

    [Fact]
    public async Task Kiosks_and_the_preview_get_only_the_last_four_digits_of_a_private_number_and_keep_their_files_to_themselves()
    {
        await using var controller = ControllerHost.Start("private-kiosk");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        // Live push: kiosk A is connected while the people are published.
        await using var live = await KioskProcess.StartAsync("private-live", controller.Url, world.Credentials["kiosk-a"]);
        await live.WaitForBoardAsync(b => b.Contains("驿站") || b.Length > 0, "kiosk A's first board");
        await PublishPeopleAsync(admin);
        var last = await admin.HeadAsync();
        // Snapshot or catch-up from nothing: the lobby kiosk connects only now.
        await using var late = await KioskProcess.StartAsync("private-late", controller.Url, world.Credentials["kiosk-a1"]);

        foreach (var kiosk in new[] { live, late })
        {
            await kiosk.WaitForSeqAsync(last, "the people on the kiosk");
            var board = await kiosk.WaitForBoardAsync(b => b.Contains("王芳") && b.Contains("李明"), "the roster on the board");
            Assert.Contains("*******5678", board);
            Assert.Contains("*******3456", board);
            Assert.Contains(PublicMobile, board);
            AssertNoPrivateDigits(board, "the board");
            var files = AllBytesOf(kiosk.DataDirectory);
            Assert.Contains(PublicMobile, files);
            AssertNoPrivateDigits(files, "the kiosk's files");
        }

        // The kiosk fell behind while the number changed: catch-up carries only the masked form too.
        await live.KillAsync();
        await admin.PutJsonAsync("/api/people/p-private", new { id = "p-private", name = "王芳", phone = "13800001111", phonePublic = false, target = new { placeId = TestWorld.CompoundA } });
        var changed = await admin.HeadAsync();
        await live.StartAsync();
        await live.WaitForSeqAsync(changed, "the changed number after catch-up");
        var caughtUp = AllBytesOf(live.DataDirectory);
        Assert.DoesNotContain("13800001111", caughtUp);
        Assert.Contains("*******1111", await live.BoardAsync());

        // A cache the SQLite version of the kiosk filled holds a number whole: the kiosk converts it masked on its first
        // start after the upgrade, and wipes the old files, so the whole number is gone from the disk, not just unused.
        await live.KillAsync();
        LegacySqliteCache.Downgrade(live.DataDirectory, old => old with
        {
            Items = [.. old.Items, ("people", "p-old", """{"id":"p-old","name":"旧缓存","phone":"13955556666","phonePublic":false,"target":{"placeId":"compound-a"}}""")],
        });
        Assert.Contains("13955556666", AllBytesOf(live.DataDirectory));
        await live.StartAsync();
        await live.WaitForSeqAsync(changed, "the kiosk back after the old cache was converted");
        Assert.Equal("Converted", (await live.HealthAsync())["store"]!["opening"]!.GetValue<string>());
        Assert.DoesNotContain("13955556666", AllBytesOf(live.DataDirectory));
        Assert.False(File.Exists(Path.Combine(live.DataDirectory, "cache.db")), "the old SQLite cache is wiped once converted");

        // The preview renders what a kiosk receives.
        var preview = await admin.GetStringAsync($"/api/preview/{world.KioskA}");
        Assert.Contains("*******1111", preview);
        Assert.DoesNotContain("13800001111", preview);
        AssertNoPrivateDigits(preview, "the preview");

        if (!OperatingSystem.IsWindows())
        {
            AssertOwnerOnly(live.DataDirectory);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertOwnerOnly(string folder)
    {
        const UnixFileMode ownerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode ownerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnlyFolder, File.GetUnixFileMode(folder));
        var kept = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            // The provisioning file is the installer's (here the test's), not written by the kiosk.
            .Where(p => Path.GetFileName(p) != "device.credential")
            .ToList();
        Assert.Contains(kept, p => p.EndsWith(KioskStoreFile.FileName, StringComparison.Ordinal));
        Assert.Contains(kept, p => p.EndsWith(KioskStoreFile.GoodCopyName, StringComparison.Ordinal));
        // The credential the kiosk rotated to on its Hello.
        Assert.Contains(kept, p => p.EndsWith(Path.Combine("identity", "credential.json"), StringComparison.Ordinal));
        var wrong = kept.Where(p => File.GetUnixFileMode(p) != (Directory.Exists(p) ? ownerOnlyFolder : ownerOnlyFile))
            .Select(p => $"{Path.GetRelativePath(folder, p)} {File.GetUnixFileMode(p)}").ToList();
        Assert.True(wrong.Count == 0, "readable by others: " + string.Join(", ", wrong));
    }

    [Fact]
    public async Task Only_administrators_and_community_staff_of_the_area_read_or_export_a_private_number_whole()
    {
        await using var controller = ControllerHost.Start("private-roles");
        using var admin = await controller.AdminAsync();
        await TestWorld.CreateAsync(admin);
        await admin.PostJsonAsync("/api/places", new { id = "c2", kind = "community", name = "和平里社区", parentId = "street" });
        await PublishPeopleAsync(admin);
        var users = new Dictionary<string, (string Role, string Scope)>
        {
            ["staff1"] = ("communityStaff", TestWorld.Community),
            ["staff2"] = ("communityStaff", "c2"),
            ["property1"] = ("propertyManager", TestWorld.CompoundA),
            ["master1"] = ("stationMaster", TestWorld.CompoundA),
        };
        var clients = new Dictionary<string, HttpClient> { ["admin"] = admin };
        foreach (var (name, (role, scope)) in users)
        {
            await admin.PostJsonAsync("/api/users", new { username = name, password = "a-long-password", role, scopePlaceId = scope, mustChangePassword = false });
            clients[name] = await controller.SignInAsync(name, "a-long-password");
        }
        try
        {
            foreach (var name in new[] { "admin", "staff1" })
            {
                Assert.Equal(PrivateMobile, await PhoneAsync(clients[name], "p-private"));
                Assert.Contains(PrivateMobile, await clients[name].GetStringAsync("/api/people"));
                Assert.Contains(PrivateMobile, await ExportAsync(clients[name]));
            }
            foreach (var name in new[] { "property1", "master1" })
            {
                Assert.Equal("*******5678", await PhoneAsync(clients[name], "p-private"));
                Assert.Equal("*******3456", await PhoneAsync(clients[name], "p-landline"));
                Assert.Equal(PublicMobile, await PhoneAsync(clients[name], "p-public"));
                var list = await clients[name].GetStringAsync("/api/people");
                Assert.Contains("*******5678", list);
                AssertNoPrivateDigits(list, name + "'s list");
            }
            // The property manager exports people of their compound: masked, as they read them.
            var pmExport = await ExportAsync(clients["property1"]);
            Assert.Contains("*******5678", pmExport);
            Assert.Contains(PublicMobile, pmExport);
            AssertNoPrivateDigits(pmExport, "the property manager's export");
            // Community staff of another community: absent, as the scope rules say.
            using (var other = await clients["staff2"].GetAsync("/api/people/p-private"))
            {
                Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            }
            Assert.DoesNotContain("王芳", await clients["staff2"].GetStringAsync("/api/people"));
            using (var otherExport = await clients["staff2"].GetAsync($"/api/export/people?target={TestWorld.CompoundA}"))
            {
                Assert.Equal(HttpStatusCode.Forbidden, otherExport.StatusCode);
            }

            // The property manager saves back what they were shown: the number is kept, not replaced by its mask.
            var pm = clients["property1"];
            // p-landline becomes a red steward, the kind of person a property manager keeps.
            await admin.PutJsonAsync("/api/roster/r-landline", new { id = "r-landline", personId = "p-landline", role = "redSteward", buildingId = TestWorld.BuildingA1, target = new { placeId = TestWorld.CompoundA } });
            var head = await admin.HeadAsync();
            await pm.PutJsonAsync("/api/people/p-landline",
                new { id = "p-landline", name = "赵刚师傅", phone = "*******3456", phonePublic = false, target = new { placeId = TestWorld.CompoundA } });
            Assert.Equal(PrivateLandline, await PhoneAsync(admin, "p-landline"));
            Assert.Equal("赵刚师傅", (await admin.GetFromJsonAsync<JsonObject>("/api/people/p-landline"))!["name"]!.GetValue<string>());
            Assert.True(await admin.HeadAsync() > head);

            // Making a private number public needs the right to read it; nothing changes.
            head = await admin.HeadAsync();
            using (var request = new HttpRequestMessage(HttpMethod.Put, "/api/people/p-landline")
            {
                Content = JsonContent.Create(new { id = "p-landline", name = "赵刚师傅", phone = "*******3456", phonePublic = true, target = new { placeId = TestWorld.CompoundA } }),
            })
            using (var refused = await pm.SendAsync(request))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                Assert.Contains("私密号码", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
            }
            // A mask that is not the stored number's is bad input, said in Chinese first, naming the field.
            using (var request = new HttpRequestMessage(HttpMethod.Put, "/api/people/p-landline")
            {
                Content = JsonContent.Create(new { id = "p-landline", name = "赵刚师傅", phone = "*******9999", phonePublic = false, target = new { placeId = TestWorld.CompoundA } }),
            })
            using (var bad = await pm.SendAsync(request))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                var error = (await bad.Content.ReadFromJsonAsync<JsonObject>())!;
                Assert.Equal("phone", error["field"]!.GetValue<string>());
                Assert.StartsWith("电话号码", error["detail"]!.GetValue<string>());
            }
            Assert.Equal(head, await admin.HeadAsync());
            Assert.Equal(PrivateLandline, await PhoneAsync(admin, "p-landline"));

            // Their spreadsheet with the whole number finds the same person (matched on the controller): nothing to write.
            using var sheet = new ByteArrayContent(Encoding.UTF8.GetBytes($"姓名,电话,电话公开\n赵刚师傅,{PrivateLandline},否\n"));
            sheet.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            using var previewResponse = await pm.PostAsync($"/api/import/people/preview?target={TestWorld.CompoundA}", sheet);
            var preview = (await previewResponse.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.True(previewResponse.IsSuccessStatusCode, preview.ToJsonString());
            AssertNoPrivateDigits(preview.ToJsonString().Replace(PrivateLandline, "", StringComparison.Ordinal), "the import preview");
            using var confirmResponse = await pm.PostAsync($"/api/import/{preview["token"]!.GetValue<string>()}/confirm", null);
            var confirmed = (await confirmResponse.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal((0, 1), (confirmed["written"]!.GetValue<int>(), confirmed["unchanged"]!.GetValue<int>()));
            Assert.Equal(head, await admin.HeadAsync());
        }
        finally
        {
            foreach (var (name, client) in clients.Where(c => c.Key != "admin"))
            {
                client.Dispose();
            }
        }
    }

    private static async Task<string?> PhoneAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>("/api/people/" + id))!["phone"]?.GetValue<string>();

    /// <summary>The people export of compound A as the text of its cells.</summary>
    private static async Task<string> ExportAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"/api/export/people?target={TestWorld.CompoundA}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = WorkbookSheetReader.Read(await response.Content.ReadAsByteArrayAsync(), CancellationToken.None);
        return string.Join("\n", rows.Select(r => string.Join(",", r.Cells)));
    }
}
