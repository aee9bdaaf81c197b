namespace SignageKiosk.Shared.Board.Panels;

/// <summary>无障碍: text size, the five colour schemes, pinyin, reading speed and volume, language. One tap each.</summary>
internal static class AccessibilityOverlay
{
    public static void Render(HtmlWriter html, AccessibilitySettings settings, BoardText text)
    {
        html.Open("div", "overlay a11y-overlay", ("data-overlay", "a11y"), ("hidden", ""));
        html.Open("div", "overlay-card");
        html.Open("div", "detail-bar");
        html.Element("h3", "detail-title", text.Accessibility);
        html.Button("close-button", "close", text.Close);
        html.Close("div");

        Row(html, text.TextSizeLabel, () =>
        {
            foreach (var size in Enum.GetValues<TextSize>())
            {
                Choice(html, "size", AccessibilitySettings.Name(size), text.Size(size), settings.TextSize == size);
            }
        });
        Row(html, text.SchemeLabel, () =>
        {
            foreach (var scheme in Enum.GetValues<ColorScheme>())
            {
                Choice(html, "scheme", AccessibilitySettings.Name(scheme), text.Scheme(scheme), settings.Scheme == scheme, "swatch swatch-" + AccessibilitySettings.Name(scheme));
            }
        });
        Row(html, text.PinyinLabel, () =>
        {
            Choice(html, "pinyin", "1", text.On, settings.Pinyin);
            Choice(html, "pinyin", "0", text.Off, !settings.Pinyin);
        });
        Row(html, text.Speed, () =>
        {
            Choice(html, "rate", "0.75", text.Lang == "en" ? "Slow" : "慢", false);
            Choice(html, "rate", "1", text.Lang == "en" ? "Normal" : "正常", true);
            Choice(html, "rate", "1.3", text.Lang == "en" ? "Fast" : "快", false);
        });
        Row(html, text.Volume, () =>
        {
            Choice(html, "volume", "0.4", text.Lang == "en" ? "Low" : "小", false);
            Choice(html, "volume", "0.7", text.Lang == "en" ? "Medium" : "中", true);
            Choice(html, "volume", "1", text.Lang == "en" ? "High" : "大", false);
        });
        Row(html, text.LanguageLabel, () =>
        {
            Choice(html, "lang", "zh", "中文", settings.Language == BoardLanguage.Zh);
            Choice(html, "lang", "en", "English", settings.Language == BoardLanguage.En);
        });
        html.Close("div");
        html.Close("div");
    }

    private static void Row(HtmlWriter html, string label, Action choices)
    {
        html.Open("div", "setting-row");
        html.Element("span", "setting-label", label);
        html.Open("div", "choices");
        choices();
        html.Close("div");
        html.Close("div");
    }

    private static void Choice(HtmlWriter html, string setting, string value, string label, bool selected, string? extra = null) =>
        html.Button(("choice " + (selected ? "selected " : "") + (extra ?? "")).Trim(), "set", label, ("data-setting", setting), ("data-value", value));
}
