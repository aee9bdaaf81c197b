using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>
/// 查询进度: the resident types the digits of a reference on a number pad; the host asks the controller. The answer's
/// fields (staff's reply included) are copied in by the page as text into the places written here.
/// </summary>
internal static class ReportLookupPanel
{
    public const string Id = "report-lookup";

    public static void Render(HtmlWriter html, BoardText text)
    {
        PanelFrame.Open(html, text, Id, text.ReportLookup);
        html.Open("div", "report-columns lookup-columns");

        html.Open("div", "lookup-entry");
        html.Element("h3", "step-question", text.LookupPrompt);
        html.Element("div", "pad-display lookup-display", "R", ("data-no-pinyin", ""));
        ReportPanel.Keypad(html, text, "lookup-key");
        html.Open("div", "step-nav");
        html.Button("back-button", "open", "‹ " + text.Report, ("data-target", ReportPanel.Id));
        html.Button("step-next lookup-submit", "lookup-submit", text.LookupSubmit);
        html.Close("div");
        html.Close("div");

        html.Open("div", "lookup-result");
        html.Element("p", "lookup-message", "", ("hidden", ""));
        html.Open("dl", "lookup-status", ("hidden", ""));
        foreach (var (field, label) in new[]
        {
            ("reference", text.LookupReference), ("categoryLabel", text.ReportCategoryLabel), ("stateLabel", text.LookupState),
            ("receivedAt", text.LookupReceivedAt), ("resolvedAt", text.LookupResolvedAt), ("reply", text.LookupReply),
            ("ratingLabel", text.LookupRating),
        })
        {
            html.Open("div", "summary-row", ("data-lookup-row", field));
            html.Element("dt", null, label);
            html.Element("dd", null, "", ("data-lookup-field", field));
            html.Close("div");
        }
        html.Close("dl");
        html.Open("div", "lookup-rating", ("hidden", ""));
        html.Element("p", "rate-prompt", text.LookupRatePrompt);
        html.Open("div", "rate-buttons");
        foreach (var rating in Enum.GetValues<ReportRating>())
        {
            html.Button("rate-button", "lookup-rate", ReportRatings.Label(rating), ("data-rating", ReportRatings.WireName(rating)));
        }
        html.Close("div");
        html.Close("div");
        html.Element("p", "lookup-rate-message", "", ("hidden", ""));
        html.Close("div");

        html.Close("div");
        PanelFrame.Close(html);
    }
}
