using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// Real pictures made with SkiaSharp, since the controller decodes and re-encodes every upload: noise for files that
/// must stay large after re-encoding, a photo-like picture with a red corner marker for orientation, and EXIF by hand.
/// </summary>
public static class TestImages
{
    /// <summary>Noise: about 2.6 MB at 1920×1920 once the controller re-encodes it at quality 85.</summary>
    public static byte[] NoiseJpeg(int width, int height, int quality = 90) => Encode(NoiseBitmap(width, height), SKEncodedImageFormat.Jpeg, quality);

    /// <summary>
    /// Like a phone photo: a sky-to-ground gradient with sensor-like noise and a red block in the stored top-left
    /// corner (a quarter of the width's sixth part), so where it lands after turning upright can be checked.
    /// </summary>
    public static byte[] PhotoJpeg(int width, int height, int quality = 92, int noise = 48, int seed = 1)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[width * height * 4];
        var random = new Random(seed);
        var jitter = new byte[width * 3];
        for (var y = 0; y < height; y++)
        {
            random.NextBytes(jitter);
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 4;
                var marker = x < width / 6 && y < height / 6;
                pixels[i] = marker ? (byte)230 : Clamp(60 + 80 * y / height + 40 * x / width + (jitter[x * 3] * noise >> 8) - noise / 2);
                pixels[i + 1] = marker ? (byte)20 : Clamp(120 + 60 * y / height + (jitter[x * 3 + 1] * noise >> 8) - noise / 2);
                pixels[i + 2] = marker ? (byte)20 : Clamp(200 - 120 * y / height + (jitter[x * 3 + 2] * noise >> 8) - noise / 2);
                pixels[i + 3] = 255;
            }
        }
        pixels.CopyTo(bitmap.GetPixelSpan());
        return Encode(bitmap, SKEncodedImageFormat.Jpeg, quality);
    }

    /// <summary>A PNG whose left half is fully transparent and right half opaque blue.</summary>
    public static byte[] HalfTransparentPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var paint = new SKPaint { Color = SKColors.Blue };
            canvas.DrawRect(SKRect.Create(width / 2f, 0, width - width / 2f, height), paint);
        }
        return Encode(bitmap, SKEncodedImageFormat.Png, 100);
    }

    public static bool IsRed(SKColor c) => c.Red > 180 && c.Green < 80 && c.Blue < 80;

    /// <summary>The camera maker written into <see cref="WithExif"/>: found in a file only if its EXIF survived.</summary>
    public const string CameraMake = "SignageTestCamera";

    /// <summary>31°13′49.44″ N, 121°28′25.68″ E: a point in Shanghai, as the three EXIF rationals each.</summary>
    public static readonly uint[] Latitude = [31, 1, 13, 1, 4944, 100];
    public static readonly uint[] Longitude = [121, 1, 28, 1, 2568, 100];

    /// <summary>
    /// The JPEG with an EXIF APP1 segment right after its SOI marker: IFD0 with the camera make, the orientation
    /// (1–8) and a pointer to a GPS IFD holding <see cref="Latitude"/> and <see cref="Longitude"/>.
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation)
    {
        var make = Encoding.ASCII.GetBytes(CameraMake + "\0");
        var ifd0 = new List<(ushort Tag, ushort Type, uint Count, byte[] Value)>
        {
            (0x010F, 2, (uint)make.Length, make),                // Make, ASCII
            (0x0112, 3, 1, Short(orientation)),                    // Orientation, SHORT
            (0x8825, 4, 1, new byte[4]),                           // GPS IFD pointer, LONG (filled in below)
        };
        var gps = new List<(ushort Tag, ushort Type, uint Count, byte[] Value)>
        {
            (0x0000, 1, 4, [2, 3, 0, 0]),                          // GPSVersionID
            (0x0001, 2, 2, "N\0"u8.ToArray()),                     // GPSLatitudeRef
            (0x0002, 5, 3, Rationals(Latitude)),                   // GPSLatitude
            (0x0003, 2, 2, "E\0"u8.ToArray()),                     // GPSLongitudeRef
            (0x0004, 5, 3, Rationals(Longitude)),                  // GPSLongitude
        };
        const int ifd0Offset = 8;
        var ifd0Size = IfdSize(ifd0);
        BinaryPrimitives.WriteUInt32LittleEndian(ifd0[2].Value, (uint)(ifd0Offset + ifd0Size));
        using var tiff = new MemoryStream();
        tiff.Write("II*\0"u8);
        tiff.Write(BitConverter.GetBytes((uint)ifd0Offset));
        WriteIfd(tiff, ifd0);
        WriteIfd(tiff, gps);

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff.ToArray()).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
    }

    /// <summary>Where <paramref name="needle"/> first occurs in <paramref name="haystack"/>, or -1.</summary>
    public static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    public static byte[] RationalBytes(uint[] values) => Rationals(values);

    /// <summary>What the controller stored for an upload: its answer and the bytes anyone downloading it receives.</summary>
    public sealed record StoredMedia(string Sha256, long Size, string ContentType, byte[] Bytes);

    /// <summary>Uploads a picture and reads back what was stored (the re-encoded file, not the bytes sent).</summary>
    public static async Task<StoredMedia> UploadAsync(HttpClient client, byte[] bytes, string contentType = "image/jpeg", string name = "photo.jpg")
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync("/api/media?name=" + Uri.EscapeDataString(name), content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"upload of {name}: {(int)response.StatusCode} {body}");
        }
        var answer = JsonNode.Parse(body)!;
        var sha = answer["sha256"]!.GetValue<string>();
        return new StoredMedia(sha, answer["size"]!.GetValue<long>(), answer["contentType"]!.GetValue<string>(), await client.GetByteArrayAsync("/api/media/" + sha));
    }

    private static SKBitmap NoiseBitmap(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[width * height * 4];
        Random.Shared.NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }
        pixels.CopyTo(bitmap.GetPixelSpan());
        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using (bitmap)
        {
            using var data = bitmap.Encode(format, quality);
            return data.ToArray();
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static byte[] Short(ushort value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Rationals(uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }
        return bytes;
    }

    private static int IfdSize(List<(ushort Tag, ushort Type, uint Count, byte[] Value)> entries) =>
        2 + entries.Count * 12 + 4 + entries.Where(e => e.Value.Length > 4).Sum(e => e.Value.Length);

    /// <summary>Writes one IFD at the stream's position (its offset in the TIFF), its long values right after it.</summary>
    private static void WriteIfd(MemoryStream tiff, List<(ushort Tag, ushort Type, uint Count, byte[] Value)> entries)
    {
        var start = (int)tiff.Position;
        var dataOffset = start + 2 + entries.Count * 12 + 4;
        var data = new MemoryStream();
        Span<byte> entry = stackalloc byte[12];
        tiff.Write(BitConverter.GetBytes((ushort)entries.Count));
        foreach (var (tag, type, count, value) in entries)
        {
            entry.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], count);
            if (value.Length <= 4)
            {
                value.CopyTo(entry[8..]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)(dataOffset + data.Length));
                data.Write(value);
            }
            tiff.Write(entry);
        }
        tiff.Write(BitConverter.GetBytes(0u));   // no next IFD
        data.WriteTo(tiff);
    }
}
