using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SignageKiosk.Tests.Support;
using SkiaSharp;

namespace SignageKiosk.Tests.Integration;

/// <summary>Every uploaded picture is rebuilt by the controller: upright, no metadata, screen-sized (decision 0024).</summary>
public sealed class PhotoUploadTests
{
    [Fact]
    public async Task A_phone_photo_reaches_kiosks_upright_screen_sized_and_without_its_location()
    {
        await using var controller = ControllerHost.Start("photo-phone");
        using var admin = await controller.AdminAsync();
        var world = await TestWorld.CreateAsync(admin);
        // As a phone stores it: sensor-sized, lying on its side, EXIF saying "turn 90° clockwise" and where it was taken.
        var original = TestImages.WithExif(TestImages.PhotoJpeg(4000, 3000), orientation: 6);
        var latitude = TestImages.RationalBytes(TestImages.Latitude);
        var longitude = TestImages.RationalBytes(TestImages.Longitude);
        Assert.True(TestImages.IndexOf(original, "Exif\0\0"u8.ToArray()) >= 0 && TestImages.IndexOf(original, latitude) >= 0 && TestImages.IndexOf(original, longitude) >= 0);
        using (var codec = SKCodec.Create(SKData.CreateCopy(original)))
        {
            Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin);
        }

        using var upload = new ByteArrayContent(original);
        upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var response = await admin.PostAsync("/api/media?name=IMG_0042.jpg", upload);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var sha = answer["sha256"]!.GetValue<string>();
        await admin.PublishAsync("notices", new
        {
            id = "with-photo", title = "活动照片", target = new { placeId = TestWorld.CompoundA },
            image = new { sha256 = sha, size = answer["size"]!.GetValue<long>(), contentType = answer["contentType"]!.GetValue<string>() },
        });
        using var kiosk = controller.Anonymous();
        kiosk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.Credentials["kiosk-a"]);
        var received = await kiosk.GetByteArrayAsync("/api/media/" + sha);

        // The answer describes exactly the file kiosks receive, and only that file is kept.
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(received)));
        Assert.Equal(received.Length, answer["size"]!.GetValue<long>());
        Assert.Equal("image/jpeg", answer["contentType"]!.GetValue<string>());
        Assert.Equal([sha], Directory.GetFiles(Path.Combine(controller.DataDirectory, "media")).Select(Path.GetFileName));
        Assert.True(received.Length < original.Length / 3, $"{received.Length} bytes from {original.Length}");

        // Upright: portrait, and the marker from the stored top-left corner is now top-right, as EXIF 6 means.
        using var picture = SKBitmap.Decode(received);
        Assert.Equal((1440, 1920), (picture.Width, picture.Height));
        Assert.True(TestImages.IsRed(picture.GetPixel(1440 - 60, 60)), $"top-right is {picture.GetPixel(1440 - 60, 60)}");
        Assert.False(TestImages.IsRed(picture.GetPixel(60, 60)));
        Assert.False(TestImages.IsRed(picture.GetPixel(60, 1920 - 60)));
        Assert.False(TestImages.IsRed(picture.GetPixel(1440 - 60, 1920 - 60)));
        using (var codec = SKCodec.Create(SKData.CreateCopy(received)))
        {
            Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
        }

        // No metadata: no EXIF block, no camera, no coordinates, no APP1 segment of any kind.
        Assert.Equal(-1, TestImages.IndexOf(received, "Exif\0\0"u8.ToArray()));
        Assert.Equal(-1, TestImages.IndexOf(received, Encoding.ASCII.GetBytes(TestImages.CameraMake)));
        Assert.Equal(-1, TestImages.IndexOf(received, latitude));
        Assert.Equal(-1, TestImages.IndexOf(received, longitude));
        Assert.Equal(-1, TestImages.IndexOf(received, "ICC_PROFILE"u8.ToArray()));
        Assert.Equal(-1, TestImages.IndexOf(received, [0xFF, 0xE1]));
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_from_its_header_and_nothing_is_stored()
    {
        await using var controller = ControllerHost.Start("photo-bomb");
        using var admin = await controller.AdminAsync();
        var bomb = PngFile.Declaring(30000, 30000);   // a few hundred bytes declaring 900 million pixels (3.6 GB decoded)

        using var upload = new ByteArrayContent(bomb);
        upload.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await admin.PostAsync("/api/media?name=bomb.png", upload);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.StartsWith("图片尺寸过大：30000×30000", error);
        Assert.Contains("百万像素", error);
        AssertNothingStored(controller);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/media/" + Convert.ToHexStringLower(SHA256.HashData(bomb)))).StatusCode);
    }

    [Fact]
    public async Task Bytes_that_do_not_decode_are_refused_with_a_Chinese_message_and_nothing_is_stored()
    {
        await using var controller = ControllerHost.Start("photo-garbage");
        using var admin = await controller.AdminAsync();
        var random = RandomNumberGenerator.GetBytes(64 * 1024);
        random[0] = 0xFF; random[1] = 0xD8; random[2] = 0xFF;   // passes the signature check, decodes as nothing
        var photo = TestImages.PhotoJpeg(800, 600);
        var truncated = photo[..(photo.Length / 2)];

        foreach (var (what, bytes, message) in new[] { ("random", random, "无法解码"), ("truncated", truncated, "不完整") })
        {
            using var upload = new ByteArrayContent(bytes);
            upload.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            using var response = await admin.PostAsync("/api/media?name=broken.jpg", upload);
            Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{what}: {(int)response.StatusCode}");
            Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        }
        AssertNothingStored(controller);
    }

    [Fact]
    public async Task A_picture_with_transparency_stays_a_transparent_PNG_and_an_opaque_PNG_becomes_a_JPEG()
    {
        await using var controller = ControllerHost.Start("photo-png");
        using var admin = await controller.AdminAsync();

        var transparent = await TestImages.UploadAsync(admin, TestImages.HalfTransparentPng(400, 300), "image/png", "logo.png");
        Assert.Equal("image/png", transparent.ContentType);
        using (var logo = SKBitmap.Decode(transparent.Bytes))
        {
            Assert.Equal((400, 300), (logo.Width, logo.Height));
            Assert.Equal(0, logo.GetPixel(50, 150).Alpha);
            Assert.Equal(SKColors.Blue, logo.GetPixel(350, 150));
        }

        var opaque = await TestImages.UploadAsync(admin, PngFile.Noise(640, 480), "image/png", "scan.png");
        Assert.Equal("image/jpeg", opaque.ContentType);
        Assert.Equal(opaque.Size, opaque.Bytes.Length);
        Assert.Equal([0xFF, 0xD8, 0xFF], opaque.Bytes[..3]);
    }

    private static void AssertNothingStored(ControllerHost controller)
    {
        var media = Path.Combine(controller.DataDirectory, "media");
        Assert.False(Directory.Exists(media) && Directory.EnumerateFileSystemEntries(media).Any(), "nothing stored, no upload left behind");
    }
}
