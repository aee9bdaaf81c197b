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
/// <param name="Instance">
/// Tells apart several pickers of the same field on one page (a users table's row per account): it ends the element
/// ids and the search field's name, so a round trip answers in that one picker only.
/// </param>
/// <param name="FindAction">
/// When set, the no-JavaScript search posts the form here instead of sending it by GET: for a form whose other fields
/// must not travel in a URL (a new password). The page answers that POST by showing the form again.
/// </param>
public sealed record PlacePicker(string Field, string Label, string? Value, string? Kinds = null, bool Kiosks = false, string? NoneLabel = null,
    string? Form = null, bool SubmitOnChoose = false, string? Instance = null, string? FindAction = null)
{
    private string Suffix => Instance is null ? "" : "-" + Instance;

    /// <summary>The query (or, with <see cref="FindAction"/>, form) field a no-JavaScript search round trip carries its words in.</summary>
    public string SearchField => "pick-" + Field + Suffix;
    public string DomId => "picker-" + Field.Replace('.', '-') + Suffix;
}
