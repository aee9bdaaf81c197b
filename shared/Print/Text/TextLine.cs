namespace SignageKiosk.Shared.Print.Text;

/// <summary>One laid-out line: <see cref="Text"/> is the slice of the paragraph it shows (trailing spaces dropped).</summary>
public sealed record TextLine(string Text, int Start, float Width);
