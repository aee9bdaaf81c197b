using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Simulator.Measure;
using SignageKiosk.Tests.Support;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// Hostile spreadsheets against a controller in its own process, so that its memory can be read from /proc:
/// each must be refused with a Chinese message, nothing written, and the controller's peak memory (VmHWM
/// after resetting it through clear_refs) and time are printed for docs/fault-tests.md. Time and memory are
/// recorded, not asserted: the machine is shared.
/// </summary>
public sealed class SpreadsheetBombTests(ITestOutputHelper output)
{
    private const string Compound = "compound-dangui";
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task Hostile_spreadsheets_are_refused_in_bounded_time_and_memory_and_nothing_is_written()
    {
        var directory = Repo.TempDirectory("spreadsheet-bombs");
        await using var controller = await ControllerProcess.StartAsync(directory, settings: new()
        {
            ["Demo:ImportOnFirstStart"] = "true",
            ["Demo:ContentPath"] = Repo.DemoContent,
            ["Demo:KioskCredentialDirectory"] = Path.Combine(directory, "credentials"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        using var admin = new HttpClient { BaseAddress = new Uri(controller.Url), Timeout = TimeSpan.FromMinutes(2) };
        using (var signIn = await admin.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = ControllerProcess.AdminPassword }))
        {
            signIn.EnsureSuccessStatusCode();
            var token = (await signIn.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var head = await admin.HeadAsync();
        var people = await admin.GetStringAsync("/api/people");
        var fixtures = Path.Combine(Repo.Root, "tests", "SignageKiosk.Tests", "Fixtures");

        var cases = new (string Name, byte[] File, string Type, HttpStatusCode Status, string Message)[]
        {
            ("a picture (PNG) sent as CSV", Png(), "text/csv", HttpStatusCode.UnsupportedMediaType, "不是 Excel 或 CSV 文件"),
            ("a Word-like zip (no workbook)", Package(new() { ["word/document.xml"] = "<w:document xmlns:w=\"urn:w\"/>" }, workbook: false), XlsxType, HttpStatusCode.UnsupportedMediaType, "不是 Excel 或 CSV 文件"),
            ("password-protected .xlsx (LibreOffice)", File.ReadAllBytes(Path.Combine(fixtures, "roster-password.xlsx")), XlsxType, HttpStatusCode.BadRequest, "文件已加密，请取消密码后再导入"),
            ("password-protected .xls (LibreOffice)", File.ReadAllBytes(Path.Combine(fixtures, "roster-password.xls")), "application/vnd.ms-excel", HttpStatusCode.BadRequest, "文件已加密，请取消密码后再导入"),
            ("zip bomb: a 200 MB worksheet", ZipBomb(lie: false), XlsxType, HttpStatusCode.RequestEntityTooLarge, "文件解压后超过"),
            // The unpacker notices the forged size (the data runs past it) before any budget is reached.
            ("zip bomb with a forged small size", ZipBomb(lie: true), XlsxType, HttpStatusCode.BadRequest, "Excel 文件已损坏"),
            ("one 30 MB shared string in every cell", SharedStringBomb(30 * 1024 * 1024), XlsxType, HttpStatusCode.RequestEntityTooLarge, "文件里的文字解压后超过"),
            ("one 7 MB shared string in every cell (under the size budget)", SharedStringBomb(7 * 1024 * 1024), XlsxType, HttpStatusCode.RequestEntityTooLarge, "超过 32767 个字"),
            ("one 30,000-character shared string in every cell", SharedStringBomb(90_000), XlsxType, HttpStatusCode.RequestEntityTooLarge, "第2行第A列的内容超过 2000 个字"),
            ("a million blank rows (.xlsx)", MillionBlankRows(), XlsxType, HttpStatusCode.BadRequest, "表头下面没有数据行"),
            ("a million blank lines (CSV)", Encoding.UTF8.GetBytes("楼栋,姓名,角色\n" + new string('\n', 1_000_000) + "1栋,测试,楼栋长\n"), "text/csv", HttpStatusCode.BadRequest, "表头下面没有数据行"),
            ("billion laughs (a DTD in workbook.xml)", BillionLaughs(), XlsxType, HttpStatusCode.BadRequest, "DTD"),
        };

        var failures = new List<string>();
        output.WriteLine("| file | upload | answer | controller peak memory above its resident size before | controller CPU | time |");
        output.WriteLine("| --- | ---: | --- | ---: | ---: | ---: |");
        foreach (var (name, file, type, expected, message) in cases)
        {
            var (status, error, measured) = await MeasureAsync(controller, admin, file, type);
            output.WriteLine($"| {name} | {Size(file.Length)} | {(int)status} {error} | {measured.PeakAbove} | {measured.Cpu} | {measured.Time} |");
            if (status != expected || !error.Contains(message, StringComparison.Ordinal))
            {
                failures.Add($"{name}: {(int)status} {error}");
            }
        }
        // For comparison: the good roster from an office suite.
        var good = await MeasureAsync(controller, admin, File.ReadAllBytes(Path.Combine(fixtures, "roster-merged.xlsx")), XlsxType);
        output.WriteLine($"| (for comparison) the good roster .xlsx | 6 KB | {(int)good.Status} preview | {good.Measured.PeakAbove} | {good.Measured.Cpu} | {good.Measured.Time} |");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(HttpStatusCode.OK, good.Status);
        Assert.True(controller.IsRunning, controller.RecentOutput);
        Assert.Equal(head, await admin.HeadAsync());
        Assert.Equal(people, await admin.GetStringAsync("/api/people"));
    }

    private sealed record Measured(string PeakAbove, string Cpu, string Time);

    private static async Task<(HttpStatusCode Status, string Error, Measured Measured)> MeasureAsync(ControllerProcess controller, HttpClient admin, byte[] file, string type)
    {
        // Let VmHWM start again from the current resident size ("5" resets the peak).
        try
        {
            await File.WriteAllTextAsync($"/proc/{controller.Pid}/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not allowed here: the peak then counts from the controller's start, an upper bound.
        }
        var before = ProcStat.Read(controller.Pid)!;
        var clock = Stopwatch.StartNew();
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        using var response = await admin.PostAsync($"/api/import/roster/preview?target={Compound}", content);
        var text = await response.Content.ReadAsStringAsync();
        clock.Stop();
        var after = ProcStat.Read(controller.Pid)!;
        var error = response.IsSuccessStatusCode ? "" : (JsonNode.Parse(text) as JsonObject)?["detail"]?.GetValue<string>() ?? text;
        return (response.StatusCode, error, new Measured(
            Size(Math.Max(0, after.PeakRssBytes - before.RssBytes)),
            $"{(after.CpuSeconds - before.CpuSeconds).ToString("0.00", CultureInfo.InvariantCulture)} s",
            $"{clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"));
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture)} MB",
    };

    private static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>A 200 MB worksheet of spaces, compressed to a few hundred KB; optionally with its unpacked size forged to 1 KB in both zip headers.</summary>
    private static byte[] ZipBomb(bool lie)
    {
        const int Size = 200 * 1024 * 1024;
        var bytes = Package(new() { ["xl/worksheets/sheet1.xml"] = new Spaces(Size) });
        if (lie)
        {
            var name = Encoding.ASCII.GetBytes("xl/worksheets/sheet1.xml");
            Forge(bytes, [0x50, 0x4B, 0x03, 0x04], 30, 22, name);
            Forge(bytes, [0x50, 0x4B, 0x01, 0x02], 46, 24, name);
        }
        return bytes;

        static void Forge(byte[] zip, byte[] signature, int nameOffset, int sizeOffset, byte[] name)
        {
            for (var i = 0; i + nameOffset + name.Length < zip.Length; i++)
            {
                if (zip.AsSpan(i, 4).SequenceEqual(signature) && zip.AsSpan(i + nameOffset, name.Length).SequenceEqual(name))
                {
                    BitConverter.TryWriteBytes(zip.AsSpan(i + sizeOffset, 4), 1024u);
                }
            }
        }
    }

    /// <summary>One shared string of about the given size in bytes (a third as many characters), referenced by every cell of 5,000 rows of 8 columns.</summary>
    private static byte[] SharedStringBomb(int length)
    {
        var sheet = new StringBuilder("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>楼栋</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>姓名</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>角色</t></is></c></row>");
        for (var row = 2; row <= 5_001; row++)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{row}\">");
            for (var column = 0; column < 8; column++)
            {
                sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{(char)('A' + column)}{row}\" t=\"s\"><v>0</v></c>");
            }
            sheet.Append("</row>");
        }
        sheet.Append("</sheetData>");
        return Package(new()
        {
            ["xl/worksheets/sheet1.xml"] = Worksheet(sheet.ToString()),
            ["xl/sharedStrings.xml"] = $"<sst xmlns=\"{Main}\" count=\"1\" uniqueCount=\"1\"><si><t>{new string('楼', length / 3)}</t></si></sst>",
        });
    }

    /// <summary>A header, half a million empty row elements, then one row at the sheet's last row (1,048,576): a million blank rows.</summary>
    private static byte[] MillionBlankRows()
    {
        var sheet = new StringBuilder("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>楼栋</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>姓名</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>角色</t></is></c></row>");
        for (var row = 2; row <= 500_000; row++)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{row}\"/>");
        }
        sheet.Append("<row r=\"1048576\"><c r=\"A1048576\" t=\"inlineStr\"><is><t>1栋</t></is></c><c r=\"B1048576\" t=\"inlineStr\"><is><t>测试</t></is></c><c r=\"C1048576\" t=\"inlineStr\"><is><t>楼栋长</t></is></c></row></sheetData>");
        return Package(new() { ["xl/worksheets/sheet1.xml"] = Worksheet(sheet.ToString()) });
    }

    private static byte[] BillionLaughs()
    {
        var entities = new StringBuilder("<!DOCTYPE workbook [<!ENTITY l0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            entities.Append(CultureInfo.InvariantCulture, $"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">");
        }
        entities.Append("]>");
        return Package(new()
        {
            ["xl/workbook.xml"] = $"{entities}<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"&l9;\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            ["xl/worksheets/sheet1.xml"] = Worksheet("<sheetData/>"),
        });
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static string Worksheet(string body) => $"<worksheet xmlns=\"{Main}\">{body}</worksheet>";

    /// <summary>Content that is written to the zip in chunks, so a 200 MB part never sits in the test's memory.</summary>
    private sealed record Spaces(int Length);

    /// <summary>A minimal workbook package with the given parts added to (or replacing) the usual ones.</summary>
    private static byte[] Package(Dictionary<string, object> parts, bool workbook = true)
    {
        var all = new Dictionary<string, object>
        {
            ["[Content_Types].xml"] = """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>""",
            ["_rels/.rels"] = $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
        };
        if (workbook)
        {
            all["xl/workbook.xml"] = $"""<workbook xmlns="{Main}" xmlns:r="{Rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""";
            all["xl/_rels/workbook.xml.rels"] = $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""";
        }
        foreach (var (path, part) in parts)
        {
            all[path] = part;
        }
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, part) in all)
            {
                using var stream = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
                if (part is Spaces spaces)
                {
                    stream.Write(Encoding.ASCII.GetBytes($"<worksheet xmlns=\"{Main}\"><sheetData>"));
                    var chunk = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
                    for (var written = 0; written < spaces.Length; written += chunk.Length)
                    {
                        stream.Write(chunk);
                    }
                    stream.Write(Encoding.ASCII.GetBytes("</sheetData></worksheet>"));
                }
                else
                {
                    stream.Write(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" + (string)part));
                }
            }
        }
        return memory.ToArray();
    }
}
