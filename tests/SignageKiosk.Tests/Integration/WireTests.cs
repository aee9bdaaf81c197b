using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

public sealed class WireTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Editing_one_hotline_sends_only_that_change_not_the_whole_content()
    {
        await using var controller = ControllerHost.Start("wire", demo: true);
        using var admin = await controller.AdminAsync();
        await using var kiosk = await KioskProcess.StartAsync("wire", controller.Url, controller.DemoKioskCredential("kiosk-lobby"),
            new() { ["Kiosk:HeartbeatInterval"] = "01:00:00" });
        var synced = await kiosk.WaitForSeqAsync(await admin.HeadAsync());
        var snapshotBytes = synced["bytesReceived"]!.GetValue<long>();

        var before = (await kiosk.HealthAsync())["bytesReceived"]!.GetValue<long>();
        var seq = await admin.EditDemoHotlineAsync("0536-8123999");
        var after = (await kiosk.WaitForSeqAsync(seq))["bytesReceived"]!.GetValue<long>();
        await kiosk.WaitForBoardAsync(b => b.Contains("0536-8123999"), "the new number on the board");

        var edit = after - before;
        output.WriteLine($"first sync: {snapshotBytes} bytes; one hotline edit: {edit} bytes");
        Assert.InRange(edit, 1, 1024);
        Assert.True(edit * 20 < snapshotBytes, $"an edit ({edit} B) should be a small fraction of the content ({snapshotBytes} B)");
    }
}
