namespace SignageKiosk.Shared.Fleet;

public static class PngFile
{
    public const string ContentType = "image/png";

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when the bytes start with the PNG signature and hold more than the signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.Length > Signature.Length && bytes[..Signature.Length].SequenceEqual(Signature);
}
