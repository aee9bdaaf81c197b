using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Shared.Board.Panels;

/// <summary>
/// 我要反映: a resident's report by touch only, one question per step (category → building → unit → phrases → phone →
/// confirm → done), beside the phone page's QR code and this month's figures. Every choice is a button the renderer
/// writes (escaped); the page's script only shows the current step, marks choices and copies text into place.
/// </summary>
internal static class ReportPanel
{
    public const string Id = "report";
    public const int Steps = 6;

    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        PanelFrame.Open(html, text, Id, text.Report);
        html.Open("div", "report-columns");
        html.Open("div", "report-steps");
        CategoryStep(html, text);
        BuildingStep(html, view, text);
        UnitStep(html, view, text);
        PhrasesStep(html, text);
        PhoneStep(html, text);
        ConfirmStep(html, text);
        DoneStep(html, text);
        html.Close("div");
        Aside(html, view, text);
        html.Close("div");
        PanelFrame.Close(html);
    }

    private static void OpenStep(HtmlWriter html, BoardText text, string step, int number, string question)
    {
        html.Open("div", "report-step", ("data-report-step", step), ("hidden", ""));
        html.Open("div", "step-head");
        if (number > 0)
        {
            html.Element("span", "step-count", text.ReportStepOf(number, Steps));
        }
        if (question.Length > 0)
        {
            html.Element("h3", "step-question", question);
        }
        html.Close("div");
    }

    private static void StepNav(HtmlWriter html, BoardText text, bool next = false, string? nextLabel = null, string nextAction = "report-next")
    {
        html.Open("div", "step-nav");
        html.Button("back-button report-back", "report-back", "‹ " + text.ReportBack);
        if (next)
        {
            html.Button("step-next", nextAction, nextLabel ?? text.ReportNext + " ›");
        }
        html.Close("div");
    }

    private static void CategoryStep(HtmlWriter html, BoardText text)
    {
        OpenStep(html, text, "category", 1, text.ReportChooseCategory);
        html.Open("div", "report-options report-categories");
        foreach (var category in ReportCategories.All)
        {
            html.Button("report-option", "report-category", ReportCategories.Label(category), ("data-category", ReportCategories.WireName(category)));
        }
        html.Close("div");
        html.Close("div");
    }

    private static void BuildingStep(HtmlWriter html, BoardView view, BoardText text)
    {
        OpenStep(html, text, "building", 2, text.ReportChooseBuilding);
        if (view.Reports.Buildings.Count == 0)
        {
            html.Element("p", "empty", text.ReportNoBuildings);
        }
        PanelFrame.OpenPaged(html, "report-buildings", "report-options report-buildings");
        foreach (var choice in view.Reports.Buildings)
        {
            html.Button("report-option", "report-building", choice.Building.Name,
                ("data-report-building", choice.Building.Id), ("data-units", choice.Units.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        PanelFrame.ClosePaged(html, text, "report-buildings");
        StepNav(html, text);
        html.Close("div");
    }

    private static void UnitStep(HtmlWriter html, BoardView view, BoardText text)
    {
        OpenStep(html, text, "unit", 3, text.ReportChooseUnit);
        foreach (var choice in view.Reports.Buildings.Where(b => b.Units.Count > 0))
        {
            html.Open("div", "report-options report-units", ("data-units-for", choice.Building.Id), ("hidden", ""));
            html.Button("report-option whole", "report-unit", text.ReportWholeBuilding, ("data-unit", ""));
            foreach (var unit in choice.Units)
            {
                html.Button("report-option", "report-unit", unit.Name, ("data-unit", unit.Id));
            }
            html.Close("div");
        }
        StepNav(html, text);
        html.Close("div");
    }

    private static void PhrasesStep(HtmlWriter html, BoardText text)
    {
        OpenStep(html, text, "phrases", 4, text.ReportChoosePhrases);
        foreach (var category in ReportCategories.All)
        {
            html.Open("div", "report-options report-phrases", ("data-phrases-for", ReportCategories.WireName(category)), ("hidden", ""));
            foreach (var phrase in ReportPhrases.For(category))
            {
                html.Button("report-option chip", "report-phrase", phrase.Text, ("data-phrase", phrase.Id), ("aria-pressed", "false"));
            }
            html.Close("div");
        }
        StepNav(html, text, next: true);
        html.Close("div");
    }

    private static void PhoneStep(HtmlWriter html, BoardText text)
    {
        OpenStep(html, text, "phone", 5, text.ReportPhone);
        html.Open("div", "pad-row");
        html.Open("div", "pad-side");
        // The digits are the resident's own, shown whole while typed; the page empties this after sending.
        html.Element("div", "pad-display report-phone-display", "", ("data-no-pinyin", ""));
        html.Element("p", "pad-hint", text.ReportPhoneHint);
        html.Element("p", "report-error report-phone-error", text.ReportPhoneInvalid, ("hidden", ""));
        html.Close("div");
        Keypad(html, text, "report-key");
        html.Close("div");
        html.Open("div", "step-nav");
        html.Button("back-button report-back", "report-back", "‹ " + text.ReportBack);
        html.Button("step-next report-skip-phone", "report-skip-phone", text.ReportNoPhone);
        html.Button("step-next", "report-next", text.ReportNext + " ›");
        html.Close("div");
        html.Close("div");
    }

    private static void ConfirmStep(HtmlWriter html, BoardText text)
    {
        OpenStep(html, text, "confirm", 6, text.ReportConfirm);
        html.Open("dl", "report-summary");
        foreach (var (field, label) in new[]
        {
            ("category", text.ReportCategoryLabel), ("building", text.ReportBuildingLabel), ("unit", text.ReportUnitLabel),
            ("phrases", text.ReportPhrasesLabel), ("phone", text.ReportPhoneLabel),
        })
        {
            html.Open("div", "summary-row");
            html.Element("dt", null, label);
            html.Element("dd", null, "", ("data-summary", field), ("data-none", text.ReportNone));
            html.Close("div");
        }
        html.Close("dl");
        html.Element("p", "report-error report-submit-error", "", ("hidden", ""));
        StepNav(html, text, next: true, nextLabel: text.ReportSubmit, nextAction: "report-submit");
        html.Close("div");
    }

    private static void DoneStep(HtmlWriter html, BoardText text)
    {
        OpenStep(html, text, "done", 0, "");
        html.Open("div", "report-result", ("data-report-result", "sending"), ("hidden", ""));
        html.Element("p", "result-title", text.ReportSending);
        html.Close("div");
        html.Open("div", "report-result", ("data-report-result", "delivered"), ("hidden", ""));
        html.Element("p", "result-title", text.ReportDeliveredTitle);
        html.Element("p", "report-reference", "", ("data-no-pinyin", ""));
        html.Element("p", "result-hint", text.ReportDeliveredHint);
        html.Close("div");
        html.Open("div", "report-result", ("data-report-result", "pending"), ("hidden", ""));
        html.Element("p", "result-title", text.ReportSavedTitle);
        html.Element("p", "result-hint", text.ReportSavedPhone);
        html.Element("p", "result-hint report-qr-hint", text.ReportSavedQr);
        html.Close("div");
        html.Open("div", "report-result", ("data-report-result", "refused"), ("hidden", ""));
        html.Element("p", "result-title", text.ReportRefusedTitle);
        html.Element("p", "result-hint report-refusal", "");
        html.Close("div");
        html.Open("div", "step-nav");
        html.Button("back-button", "home", "‹ " + text.Home);
        html.Button("step-next", "report-restart", text.ReportAnother);
        html.Close("div");
        html.Close("div");
    }

    private static void Aside(HtmlWriter html, BoardView view, BoardText text)
    {
        html.Open("aside", "report-aside");
        html.Button("report-lookup-button", "open", text.ReportLookup, ("data-target", ReportLookupPanel.Id));
        // Shown once the host has the controller's public address (the image loads); hidden otherwise.
        html.Open("figure", "qr report-qr", ("hidden", ""));
        html.Open("img", "qr-code", ("data-src", "/qr/report"), ("alt", text.ReportScan));
        html.Element("figcaption", null, text.ReportScan);
        html.Close("figure");
        Figures(html, view.Reports, text);
        html.Close("aside");
    }

    /// <summary>本月接诉即办: counts only, from the controller's figures item (the last ones kept, offline too).</summary>
    public static void Figures(HtmlWriter html, ReportChoices reports, BoardText text)
    {
        html.Open("section", "report-figures");
        var figures = reports.Figures;
        if (figures is null)
        {
            html.Element("h3", "figures-title", text.ReportFiguresTitle);
            html.Element("p", "empty", text.ReportFiguresNone);
            html.Close("section");
            return;
        }
        var month = figures.Month is { Length: 7 } m ? $"{m[..4]}年{int.Parse(m[5..], System.Globalization.CultureInfo.InvariantCulture)}月" : figures.Month;
        html.Element("h3", "figures-title", reports.FiguresThisMonth ? text.ReportFiguresTitle : text.ReportFiguresMonth(month));
        html.Open("dl", "figures", ("data-month", figures.Month));
        Figure(html, "received", text.ReportReceived, text.ReportCount(figures.Received));
        Figure(html, "resolved", text.ReportResolved, text.ReportCount(figures.Resolved));
        if (ReportChoices.Percent(figures.ResolvedInTime, figures.Resolved) is { } inTime)
        {
            Figure(html, "in-time", text.ReportInTime, inTime);
        }
        if (figures.MedianDaysToResolve is { } days)
        {
            Figure(html, "median-days", text.ReportMedianDays, text.ReportDays(ReportChoices.Days(days)));
        }
        if (figures.SatisfiedShare is { } satisfied)
        {
            Figure(html, "satisfied", text.ReportSatisfied, ReportChoices.Percent((int)Math.Round(satisfied * 1000), 1000)!);
        }
        html.Close("dl");
        html.Close("section");
    }

    private static void Figure(HtmlWriter html, string name, string label, string value)
    {
        html.Open("div", "figure", ("data-figure", name));
        html.Element("dt", null, label);
        html.Element("dd", null, value);
        html.Close("div");
    }

    /// <summary>A large number pad: 1–9, 清除, 0, 删除; each key a button of the given action.</summary>
    public static void Keypad(HtmlWriter html, BoardText text, string action)
    {
        html.Open("div", "keypad", ("data-keypad", action));
        foreach (var key in new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9" })
        {
            html.Button("key", action, key, ("data-key", key));
        }
        html.Button("key key-word", action, text.ReportClear, ("data-key", "clear"));
        html.Button("key", action, "0", ("data-key", "0"));
        html.Button("key key-word", action, text.ReportDelete, ("data-key", "delete"));
        html.Close("div");
    }
}
