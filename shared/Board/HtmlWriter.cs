using SignageKiosk.Shared.Content;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace SignageKiosk.Shared.Board;

/// <summary>
/// Builds the board's HTML. Text always goes through the encoder; markup is only ever the renderer's own,
/// so nothing staff type can become a tag or an attribute on a board.
/// </summary>
public sealed class HtmlWriter
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _html = new(32 * 1024);

    /// <summary>Appends trusted markup written in the renderer itself.</summary>
    public HtmlWriter Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>Encoded text; hidden reordering characters dropped again here for items stored before they were dropped on the way in.</summary>
    public HtmlWriter Text(string? text)
    {
        _html.Append(Encoder.Encode(StaffText.Clean(text ?? "")));
        return this;
    }

    public HtmlWriter Text(int value)
    {
        _html.Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>An element with a class and encoded attribute values: <c>Open("li", "notice", ("data-id", id))</c>.</summary>
    public HtmlWriter Open(string tag, string? cssClass = null, params (string Name, string? Value)[] attributes)
    {
        _html.Append('<').Append(tag);
        if (!string.IsNullOrEmpty(cssClass))
        {
            _html.Append(" class=\"").Append(Encoder.Encode(cssClass)).Append('"');
        }
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
            {
                _html.Append(' ').Append(name).Append("=\"").Append(Encoder.Encode(StaffText.Clean(value))).Append('"');
            }
        }
        _html.Append('>');
        return this;
    }

    public HtmlWriter Close(string tag)
    {
        _html.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>An element holding only text.</summary>
    public HtmlWriter Element(string tag, string? cssClass, string? text, params (string Name, string? Value)[] attributes) =>
        Open(tag, cssClass, attributes).Text(text).Close(tag);

    /// <summary>A button for a touchscreen: data-action says what it does, the rest are its arguments.</summary>
    public HtmlWriter Button(string cssClass, string action, string label, params (string Name, string? Value)[] data) =>
        Open("button", cssClass, [("type", "button"), ("data-action", action), .. data]).Text(label).Close("button");

    public override string ToString() => _html.ToString();
}
