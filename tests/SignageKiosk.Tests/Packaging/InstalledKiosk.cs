using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignageKiosk.Tests.Integration;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Packaging;

/// <summary>What a station's technician sees of a kiosk installed from its package, and the ELF header of what it installed.</summary>
internal static partial class InstalledKiosk
{
    [GeneratedRegex("data-pairing-code=\"([A-Z0-9]{6})\"")]
    private static partial Regex CodeOnBoard();

    /// <summary>
    /// The first start: the screen shows the six-character pairing code and the controller has the request; claimed by
    /// staff, the kiosk reaches a published notice and shows it, logging in journald's format.
    /// </summary>
    public static async Task PairAndShowNoticeAsync(HttpClient admin, InstalledService kiosk, string kioskId, string version, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri(kiosk.Url), Timeout = TimeSpan.FromSeconds(30) };
        var board = await Eventually.Until(() => http.GetStringAsync("/"), b => CodeOnBoard().IsMatch(b), "the pairing code on the installed kiosk's screen\n" + kiosk.Output, timeout);
        var code = CodeOnBoard().Match(board).Groups[1].Value;
        Assert.Contains("请在管理后台输入配对码", board);
        var waiting = Assert.Single((await admin.GetFromJsonAsync<JsonArray>("/api/pairing/requests"))!);
        Assert.Equal(code[..2] + "****", waiting!["codeHint"]!.GetValue<string>());
        Assert.StartsWith(version, waiting["softwareVersion"]!.GetValue<string>());

        await admin.PostJsonAsync("/api/pairing/claim", new { code, kioskId, name = "安装包屏", stationId = "station-a" });
        var seq = await admin.PublishAsync("notices", TestWorld.Notice("n-package", "安装包的屏收到了通知", TestWorld.CompoundA));
        await Eventually.Until(() => http.GetFromJsonAsync<JsonObject>("/healthz"), h => h!["seq"]!.GetValue<long>() >= seq, "the installed kiosk to reach the notice\n" + kiosk.Output, timeout);
        board = await http.GetStringAsync("/board");
        Assert.Contains("安装包的屏收到了通知", board);
        Assert.DoesNotContain("data-pairing-code", board);
        Assert.Contains("<6>", kiosk.Output);
        Assert.DoesNotContain("\u001b[", kiosk.Output, StringComparison.Ordinal);
        var fleet = (await admin.GetFromJsonAsync<JsonObject>("/api/fleet/" + kioskId))!;
        Assert.StartsWith(version, fleet["softwareVersion"]!.GetValue<string>());
    }

    /// <summary>The machine an ELF file is built for, from its header.</summary>
    public static string ElfMachine(string path)
    {
        var header = new byte[20];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }
        Assert.True(header[0] == 0x7f && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F', path + " is not an ELF file");
        return BitConverter.ToUInt16(header, 18) switch { 0x3e => "x86-64", 0xb7 => "aarch64", var other => $"machine {other:x}" };
    }
}
