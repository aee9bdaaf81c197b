namespace SignageKiosk.Tests.Support;

/// <summary>
/// A small city for integration tests: one community with compounds A and B, a station and a kiosk in
/// each, and a lobby kiosk in building A1.
/// </summary>
public sealed record TestWorld(string KioskA, string KioskB, string KioskLobbyA1, Dictionary<string, string> Credentials)
{
    public const string Community = "c1";
    public const string CompoundA = "compound-a";
    public const string CompoundB = "compound-b";
    public const string BuildingA1 = "a1";

    public static async Task<TestWorld> CreateAsync(HttpClient admin)
    {
        await admin.PostJsonAsync("/api/places", new { id = "city", kind = "city", name = "青州市" });
        await admin.PostJsonAsync("/api/places", new { id = "district", kind = "district", name = "城南区", parentId = "city" });
        await admin.PostJsonAsync("/api/places", new { id = "street", kind = "street", name = "幸福路街道", parentId = "district" });
        await admin.PostJsonAsync("/api/places", new { id = Community, kind = "community", name = "幸福里社区", parentId = "street" });
        await admin.PostJsonAsync("/api/places", new { id = CompoundA, kind = "compound", name = "丹桂苑", parentId = Community });
        await admin.PostJsonAsync("/api/places", new { id = CompoundB, kind = "compound", name = "银杏苑", parentId = Community });
        await admin.PostJsonAsync("/api/places", new { id = BuildingA1, kind = "building", name = "1栋", parentId = CompoundA, order = 1 });
        await admin.PostJsonAsync("/api/places", new { id = "a1-u1", kind = "unit", name = "1单元", parentId = BuildingA1 });
        await admin.PostJsonAsync("/api/places", new { id = "a2", kind = "building", name = "2栋", parentId = CompoundA, order = 2 });
        await admin.PostJsonAsync("/api/places", new { id = "b1", kind = "building", name = "1栋", parentId = CompoundB, order = 1 });
        await admin.PostJsonAsync("/api/stations", new { id = "station-a", name = "丹桂苑红色驿站", placeId = CompoundA });
        await admin.PostJsonAsync("/api/stations", new { id = "station-b", name = "银杏苑邻里中心", placeId = CompoundB });
        var credentials = new Dictionary<string, string>
        {
            ["kiosk-a"] = (await admin.PostJsonAsync("/api/kiosks", new { id = "kiosk-a", name = "驿站大厅屏", stationId = "station-a" }))["credential"]!.GetValue<string>(),
            ["kiosk-b"] = (await admin.PostJsonAsync("/api/kiosks", new { id = "kiosk-b", name = "中心大厅屏", stationId = "station-b" }))["credential"]!.GetValue<string>(),
            ["kiosk-a1"] = (await admin.PostJsonAsync("/api/kiosks", new { id = "kiosk-a1", name = "1栋大堂屏", stationId = "station-a", placeId = BuildingA1 }))["credential"]!.GetValue<string>(),
        };
        return new TestWorld("kiosk-a", "kiosk-b", "kiosk-a1", credentials);
    }

    public static object Notice(string id, string title, string placeId, string priority = "normal") =>
        new { id, title, body = title + "。请相互转告。", priority, target = new { placeId } };
}
