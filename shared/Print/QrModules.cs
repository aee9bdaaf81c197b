using QRCoder;
using SkiaSharp;

namespace SignageKiosk.Shared.Print;

/// <summary>
/// A QR code drawn as vector shapes: QRCoder's module matrix (which includes the 4-module quiet zone), each
/// row's dark runs as rectangles in one path, filled once. No bitmap, so paper stays sharp at any size and a
/// PDF holds a few hundred rectangles instead of an image; one path means no hairline seams between modules.
/// </summary>
public static class QrModules
{
    /// <summary>The modules, quiet zone included: [row][column], true is dark.</summary>
    public static bool[][] Matrix(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        using var generator = new QRCodeGenerator();
        // M: 15 % of the code may be dirty or folded and it still reads; a short URL stays a small version.
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray()).ToArray();
    }

    /// <summary>Draws the code into the square at (<paramref name="x"/>, <paramref name="y"/>), light background included.</summary>
    public static void Draw(SKCanvas canvas, string text, float x, float y, float size, SKColor dark, SKColor light)
    {
        var matrix = Matrix(text);
        var modules = matrix.Length;
        var module = size / modules;
        using var background = new SKPaint { Color = light, Style = SKPaintStyle.Fill };
        canvas.DrawRect(SKRect.Create(x, y, size, size), background);
        using var builder = new SKPathBuilder();
        for (var row = 0; row < modules; row++)
        {
            var column = 0;
            while (column < modules)
            {
                if (!matrix[row][column])
                {
                    column++;
                    continue;
                }
                var start = column;
                while (column < modules && matrix[row][column])
                {
                    column++;
                }
                builder.AddRect(SKRect.Create(x + start * module, y + row * module, (column - start) * module, module), SKPathDirection.Clockwise);
            }
        }
        using var path = builder.Detach();
        using var ink = new SKPaint { Color = dark, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawPath(path, ink);
    }
}
