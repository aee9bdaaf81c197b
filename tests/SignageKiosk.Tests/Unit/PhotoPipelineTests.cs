using SignageKiosk.Controller.Media;
using SignageKiosk.Tests.Support;
using SkiaSharp;

namespace SignageKiosk.Tests.Unit;

public sealed class PhotoPipelineTests
{
    private static readonly PhotoOptions Options = new();

    // The red marker sits in the stored picture's top-left corner; EXIF says where that corner belongs when upright.
    [Theory]
    [InlineData(1, false, false, false)]
    [InlineData(2, false, true, false)]
    [InlineData(3, false, true, true)]
    [InlineData(4, false, false, true)]
    [InlineData(5, true, false, false)]
    [InlineData(6, true, true, false)]
    [InlineData(7, true, true, true)]
    [InlineData(8, true, false, true)]
    public void Every_EXIF_orientation_is_turned_upright(ushort orientation, bool sidesSwap, bool markerRight, bool markerBottom)
    {
        var stored = TestImages.WithExif(TestImages.PhotoJpeg(600, 450, noise: 8), orientation);

        var photo = PhotoPipeline.Process(stored, Options);

        Assert.Equal((int)orientation, (int)photo.Origin);
        Assert.Equal(sidesSwap ? (450, 600) : (600, 450), (photo.Width, photo.Height));
        using var upright = SKBitmap.Decode(photo.Bytes);
        Assert.Equal((photo.Width, photo.Height), (upright.Width, upright.Height));
        var (x, y) = (markerRight ? upright.Width - 20 : 20, markerBottom ? upright.Height - 20 : 20);
        Assert.True(TestImages.IsRed(upright.GetPixel(x, y)), $"orientation {orientation}: the marker should be at ({x}, {y}), found {upright.GetPixel(x, y)}");
        Assert.False(TestImages.IsRed(upright.GetPixel(upright.Width - 1 - x, upright.Height - 1 - y)), $"orientation {orientation}: the opposite corner is not red");
    }

    [Theory]
    [InlineData(4000, 3000, 1920, 1440)]
    [InlineData(3000, 4000, 1440, 1920)]
    [InlineData(8000, 500, 1920, 120)]
    [InlineData(1000, 700, 1000, 700)]   // never scaled up
    public void A_picture_is_scaled_to_fit_1920_keeping_its_aspect(int width, int height, int expectedWidth, int expectedHeight)
    {
        var photo = PhotoPipeline.Process(TestImages.PhotoJpeg(width, height, noise: 8), Options);

        Assert.Equal((expectedWidth, expectedHeight), (photo.Width, photo.Height));
        Assert.Equal(PhotoPipeline.Jpeg, photo.ContentType);
    }

    [Fact]
    public void The_header_is_checked_before_decoding()
    {
        var bomb = PngFile.Declaring(30000, 30000);
        Assert.True(bomb.Length < 2048);

        var refused = Assert.Throws<PhotoRefusedException>(() => PhotoPipeline.Process(bomb, Options));

        // Decoding would have said "incomplete": refused for its size, it was never decoded.
        Assert.Equal(PhotoRefusal.TooManyPixels, refused.Reason);
        Assert.Contains("30000×30000", refused.Message);
        Assert.Equal(PhotoRefusal.TooManyPixels, Assert.Throws<PhotoRefusedException>(() => PhotoPipeline.Process(PngFile.Declaring(25000, 10), Options)).Reason);
        Assert.Equal(PhotoRefusal.Incomplete, Assert.Throws<PhotoRefusedException>(() => PhotoPipeline.Process(PngFile.Declaring(3000, 3000), Options)).Reason);
    }
}
