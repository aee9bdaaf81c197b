namespace SignageKiosk.Controller.Media;

public enum PhotoRefusal
{
    /// <summary>The bytes do not decode as a picture.</summary>
    NotAPicture,
    /// <summary>The picture starts well but its data stops early.</summary>
    Incomplete,
    /// <summary>The header declares more pixels, or a longer side, than the limits.</summary>
    TooManyPixels,
}

/// <summary>A picture the photo pipeline will not store, with the message staff read (Chinese first).</summary>
public sealed class PhotoRefusedException(PhotoRefusal reason, string message) : Exception(message)
{
    public PhotoRefusal Reason { get; } = reason;
}
