namespace SignageKiosk.Controller.Web;

/// <summary>
/// One place or screen chooser on a staff form (decision 0035), in place of a &lt;select&gt; of every place: the
/// chosen value's path in words, a search box (a server round trip without JavaScript, type-ahead with it) and the
/// id posted under <paramref name="Field"/> as before.
/// </summary>
/// <param name="Field">The form field the id is posted under (the page's bound property).</param>
/// <param name="Value">The id chosen so far, or null.</param>
/// <param name="Kinds">Place kinds the form may target, comma separated ("community,compound"); null is any.</param>
/// <param name="NoneLabel">When set, "none" may be chosen and reads like this (a filter's "全部").</param>
/// <param name="Form">The id of the form its fields belong to, when the picker stands outside it (a table row's cell).</param>
/// <param name="SubmitOnChoose">A GET form that opens what is chosen (a filter, a building): with JavaScript, choosing sends it.</param>
public sealed record PlacePicker(string Field, string Label, string? Value, string? Kinds = null, bool Kiosks = false, string? NoneLabel = null,
    string? Form = null, bool SubmitOnChoose = false)
{
    /// <summary>The query field a no-JavaScript search round trip carries its words in.</summary>
    public string SearchField => "pick-" + Field;
    public string DomId => "picker-" + Field.Replace('.', '-');
}
