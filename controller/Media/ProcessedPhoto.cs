using SkiaSharp;

namespace SignageKiosk.Controller.Media;

/// <summary>A picture after the pipeline: the only bytes stored and sent to kiosks, and what became of the original.</summary>
public sealed record ProcessedPhoto(byte[] Bytes, string ContentType, int Width, int Height, int SourceWidth, int SourceHeight, SKEncodedOrigin Origin);
