namespace SignageKiosk.Tests.Support;

/// <summary>
/// The demo community's 24-hour property hotline (content/), the item tests and benches edit when they need a small,
/// visible change: its number is drawn in the board's side zone.
/// </summary>
public static class DemoHotline
{
    public const string Id = "h-property-24h";

    /// <summary>The board's element that shows the number.</summary>
    public const string NumberSelector = $".side-hotlines [data-hotline-id='{Id}'] .number";

    /// <summary>Puts the hotline back as the demo has it, with another number; returns the change's sequence.</summary>
    public static async Task<long> EditDemoHotlineAsync(this HttpClient admin, string number) =>
        (await admin.PutJsonAsync($"/api/hotlines/{Id}", new
        {
            name = "丹桂苑物业24小时服务热线", number, category = "property", hours = "24小时", order = 1,
            target = new { placeId = "compound-dangui" },
        }))["seq"]!.GetValue<long>();
}
