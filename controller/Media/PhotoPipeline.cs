using System.Globalization;
using SkiaSharp;

namespace SignageKiosk.Controller.Media;

/// <summary>
/// Every uploaded picture is rebuilt from its pixels: the header's size is checked before anything is decoded, the
/// pixels are turned upright by the EXIF orientation, scaled to fit <see cref="PhotoOptions.MaxEdge"/> (never up) and
/// encoded afresh, so no metadata (EXIF, GPS position, comments, ICC profile) survives and kiosks get a file the size
/// of a screen. Opaque pictures become JPEG; pictures with transparent pixels stay lossless PNG (docs/decisions/0024).
/// Pure: bytes in, bytes out.
/// </summary>
public static class PhotoPipeline
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    public static ProcessedPhoto Process(byte[] bytes, PhotoOptions options)
    {
        using var data = SKData.CreateCopy(bytes);
        return Process(data, options);
    }

    public static ProcessedPhoto Process(SKData data, PhotoOptions options)
    {
        using var codec = SKCodec.Create(data)
            ?? throw new PhotoRefusedException(PhotoRefusal.NotAPicture, "文件无法解码为图片，请上传 PNG、JPEG、WebP 或 GIF 照片 (the file does not decode as a picture)");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        // The header's claim is checked before a single pixel is decoded: a few kilobytes can declare gigabytes of pixels.
        if (width <= 0 || height <= 0 || width > options.MaxSide || height > options.MaxSide || (long)width * height > options.MaxPixels)
        {
            throw new PhotoRefusedException(PhotoRefusal.TooManyPixels, string.Format(CultureInfo.InvariantCulture,
                "图片尺寸过大：{0}×{1}（{2:0.#} 百万像素），最多接受 {3:0.#} 百万像素、每边不超过 {4} 像素，请缩小后再上传 (the picture is {0}×{1} pixels; at most {3:0.#} megapixels and {4} pixels a side are accepted)",
                width, height, (double)width * height / 1e6, options.MaxPixels / 1e6, options.MaxSide));
        }

        var fit = Math.Min(1.0, (double)options.MaxEdge / Math.Max(width, height));
        var target = new SKSizeI(Math.Max(1, (int)Math.Round(width * fit)), Math.Max(1, (int)Math.Round(height * fit)));
        // JPEG and WebP decode at a fraction of their size almost for free (and in a fraction of the memory): ask for
        // the smallest size the codec offers that is not below the target, then resample the rest of the way.
        var decodeSize = fit < 1 ? codec.GetScaledDimensions((float)fit) : codec.Info.Size;
        if (decodeSize.Width < target.Width || decodeSize.Height < target.Height)
        {
            decodeSize = codec.Info.Size;
        }

        var mayHaveAlpha = codec.Info.AlphaType != SKAlphaType.Opaque;
        // Decoded into sRGB: a phone's Display P3 profile is applied now, since the re-encoded file carries none.
        var decodeInfo = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888,
            mayHaveAlpha ? SKAlphaType.Premul : SKAlphaType.Opaque, SKColorSpace.CreateSrgb());
        using var decoded = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, decoded.GetPixels());
        if (result == SKCodecResult.IncompleteInput)
        {
            throw new PhotoRefusedException(PhotoRefusal.Incomplete, "图片文件不完整（数据提前结束），请重新导出后上传 (the picture's data stops early)");
        }
        if (result != SKCodecResult.Success)
        {
            throw new PhotoRefusedException(PhotoRefusal.NotAPicture, $"图片无法解码（{result}），请上传 PNG、JPEG、WebP 或 GIF 照片 (the picture does not decode: {result})");
        }
        var transparent = mayHaveAlpha && HasTransparentPixel(decoded);

        var origin = codec.EncodedOrigin;
        var (uprightWidth, uprightHeight) = SwapsSides(origin) ? (target.Height, target.Width) : (target.Width, target.Height);
        // No colour space on the output: the pixels are sRGB already and the encoder then writes no profile.
        var outputInfo = new SKImageInfo(uprightWidth, uprightHeight, SKColorType.Rgba8888, transparent ? SKAlphaType.Premul : SKAlphaType.Opaque);
        using var surface = SKSurface.Create(outputInfo)
            ?? throw new InvalidOperationException($"could not allocate a {uprightWidth}×{uprightHeight} surface");
        var canvas = surface.Canvas;
        canvas.Clear(transparent ? SKColors.Transparent : SKColors.White);
        canvas.SetMatrix(OrientationMatrix(origin, uprightWidth, uprightHeight));
        using var image = SKImage.FromBitmap(decoded);
        canvas.DrawImage(image, SKRect.Create(target.Width, target.Height), Sampling(decodeSize, target));
        canvas.Flush();

        using var snapshot = surface.Snapshot();
        using var encoded = transparent
            ? snapshot.Encode(SKEncodedImageFormat.Png, 100)
            : snapshot.Encode(SKEncodedImageFormat.Jpeg, options.JpegQuality);
        return new ProcessedPhoto(encoded.ToArray(), transparent ? Png : Jpeg, uprightWidth, uprightHeight, width, height, origin);
    }

    /// <summary>
    /// Mipmaps when shrinking by more than half (cubic alone would alias a PNG drawn at a quarter of its size); a cubic
    /// filter for the last step after the codec's own scaling; nearest when the size is unchanged (a pure rotation
    /// then maps pixel centres onto pixel centres).
    /// </summary>
    private static SKSamplingOptions Sampling(SKSizeI from, SKSizeI to)
    {
        if (from == to)
        {
            return new SKSamplingOptions(SKFilterMode.Nearest);
        }
        return (double)to.Width / from.Width < 0.5
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : new SKSamplingOptions(SKCubicResampler.Mitchell);
    }

    private static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// Maps the stored pixels onto the upright picture of the given size, as Skia's SkEncodedOriginToMatrix does: e.g.
    /// RightTop (EXIF 6) stores the picture's right side as its first row, so the picture is turned 90° clockwise.
    /// </summary>
    internal static SKMatrix OrientationMatrix(SKEncodedOrigin origin, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static bool HasTransparentPixel(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        for (var i = 3; i < pixels.Length; i += 4)
        {
            if (pixels[i] != 0xFF)
            {
                return true;
            }
        }
        return false;
    }
}
