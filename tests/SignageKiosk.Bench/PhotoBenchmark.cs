using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Controller.Media;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Bench;

/// <summary>
/// Photo bytes before and after the controller's pipeline (decision 0024), for phone-sized photos made here: 4000×3000,
/// a gradient with sensor-like noise (more noise, larger file, as a real scene with more detail), EXIF orientation and
/// a GPS position. Timed twice: the pipeline alone (decode, turn, scale, encode; what each upload costs in CPU) and a
/// whole upload to a real controller (POST /api/media → 201: body to disk, hash, pipeline, fsync, database row).
/// </summary>
public static class PhotoBenchmark
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    private sealed record Sample(string Name, int Noise, int Quality, ushort Orientation);

    private static readonly Sample[] Samples =
    [
        new("calm scene", 24, 92, 1),
        new("portrait shot", 32, 92, 6),
        new("upside down", 48, 92, 3),
        new("detailed scene", 64, 93, 8),
        new("noisy night shot", 80, 93, 6),
    ];

    public static async Task<string> RunAsync(int repeats)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[..3] : ["?", "?", "?"];
        var options = new PhotoOptions();
        var rows = new List<string>();
        await using var controller = ControllerHost.Start("bench-photos");
        using var admin = await controller.AdminAsync();
        var totalBefore = 0L;
        var totalAfter = 0L;
        var seed = 1;
        foreach (var sample in Samples)
        {
            var original = TestImages.WithExif(TestImages.PhotoJpeg(4000, 3000, sample.Quality, sample.Noise, seed++), sample.Orientation);
            PhotoPipeline.Process(original, options);   // warm-up: native code paged in, tables built
            var pipeline = new List<double>();
            ProcessedPhoto? photo = null;
            for (var i = 0; i < repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                photo = PhotoPipeline.Process(original, options);
                pipeline.Add(clock.Elapsed.TotalMilliseconds);
            }
            var uploads = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                using var content = new ByteArrayContent(original);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                var clock = Stopwatch.StartNew();
                using var response = await admin.PostAsync("/api/media?name=bench.jpg", content);
                var body = await response.Content.ReadAsStringAsync();
                uploads.Add(clock.Elapsed.TotalMilliseconds);
                if ((int)response.StatusCode != 201 || JsonNode.Parse(body)!["size"]!.GetValue<long>() != photo!.Bytes.Length)
                {
                    throw new InvalidOperationException($"upload answered {(int)response.StatusCode} {body}");
                }
            }
            var exifLeft = TestImages.IndexOf(photo!.Bytes, "Exif\0\0"u8.ToArray()) >= 0 || TestImages.IndexOf(photo.Bytes, TestImages.RationalBytes(TestImages.Latitude)) >= 0;
            totalBefore += original.Length;
            totalAfter += photo.Bytes.Length;
            rows.Add(string.Create(Culture,
                $"| {sample.Name} | {sample.Orientation} | {MB(original.Length)} | {photo.Width}×{photo.Height} | {KB(photo.Bytes.Length)} | {100.0 * photo.Bytes.Length / original.Length:0.0} % | {Median(pipeline):0} ms | {Max(pipeline):0} ms | {Median(uploads):0} ms | {(exifLeft ? "yes" : "none")} |"));
            Console.WriteLine(rows[^1]);
        }

        var text = new StringBuilder();
        text.AppendLine("## Photos: bytes before and after the upload pipeline");
        text.AppendLine();
        text.AppendLine("Reproduce: `dotnet build SignageKiosk.sln -c Release && dotnet run -c Release --project tests/SignageKiosk.Bench -- --photos " + repeats.ToString(Culture) + "`");
        text.AppendLine();
        text.AppendLine(BenchMachine.Describe() + string.Create(Culture, $" Load average at the start: {load[0]} {load[1]} {load[2]} (a shared machine)."));
        text.AppendLine(string.Create(Culture, $"Phone-sized photos made by the benchmark: 4000×3000 JPEG, a gradient with sensor-like noise (more noise, a larger file, as a"));
        text.AppendLine("scene with more detail), an EXIF block with the orientation shown and a GPS position. Each is turned upright, scaled to");
        text.AppendLine(string.Create(Culture, $"fit {options.MaxEdge}×{options.MaxEdge} and re-encoded as JPEG quality {options.JpegQuality} ([decision 0024](decisions/0024-photos-reencoded-on-upload.md)). Pipeline: decode, turn, scale and encode in"));
        text.AppendLine(string.Create(Culture, $"the benchmark's process, {repeats} runs each after a warm-up. Upload: `POST /api/media` to a real controller on loopback until"));
        text.AppendLine("201 (body written and fsynced, hashed, the pipeline, the result fsynced, the row written), median of as many runs.");
        text.AppendLine();
        text.AppendLine("| photo | EXIF orientation | original | stored size | stored | of the original | pipeline median | pipeline max | upload median | EXIF/GPS left |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }
        text.AppendLine(string.Create(Culture, $"| **all {Samples.Length}** | | **{MB(totalBefore)}** | | **{KB(totalAfter)}** | **{100.0 * totalAfter / totalBefore:0.0} %** | | | | |"));
        return text.ToString();
    }

    private static string MB(long bytes) => string.Create(Culture, $"{bytes / 1e6:0.00} MB");

    private static string KB(long bytes) => string.Create(Culture, $"{bytes / 1e3:0} kB");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Max(List<double> values) => values.Max();
}
