namespace SignageKiosk.Shared.Media;

/// <summary>A content-addressed file: the kiosk downloads it and accepts it only if size and SHA-256 match.</summary>
public sealed record MediaRef
{
    /// <summary>Lower-case hex SHA-256 of the bytes; also the file's name and URL.</summary>
    public required string Sha256 { get; init; }
    public required long Size { get; init; }
    public required string ContentType { get; init; }

    public static bool IsValidSha256(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
