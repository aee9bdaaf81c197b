using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SignageKiosk.Tests.EndToEnd;

/// <summary>
/// Measured in Chromium on every screen, in every colour scheme and text size, in both orientations:
/// contrast of body text (at least 7:1), the smallest text (28 px; 36 px in the large steps), line
/// spacing (1.3) and the smallest touch target (60x60 px). Screenshots of each go to artifacts/.
/// </summary>
[RunsFor(35)]
public sealed class AccessibilityTests(DemoBoard board, ITestOutputHelper output) : IClassFixture<DemoBoard>
{
    private static readonly string[] Screens = ["home", "roster", "activities", "duty", "notices", "supplies", "report"];
    private static readonly string[] Schemes = ["default", "white-black", "blue-yellow", "yellow-black", "black-yellow"];

    private const string Measure =
        """
        () => {
          const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          const lum = c => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
          const parse = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(Number); return { rgb: p.slice(0, 3), a: p.length > 3 ? p[3] : 1 }; };
          const background = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c.rgb; } return [255, 255, 255]; };
          const shown = el => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return false;
            for (let e = el; e; e = e.parentElement) { const s = getComputedStyle(e); if (s.visibility === 'hidden' || Number(s.opacity) < 0.5 || s.display === 'none') return false; }
            return true;
          };
          const texts = new Set();
          const walker = document.createTreeWalker(document.getElementById('board'), NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode, el = node.parentElement;
            if (!node.textContent.trim() || !el || el.closest('rt') || !shown(el)) continue;
            texts.add(el);
          }
          const result = { texts: texts.size, minFont: 999, minFontAt: '', minContrast: 99, minContrastAt: '', minLine: 99, minLineAt: '', minTarget: 999, minTargetAt: '', targets: 0 };
          for (const el of texts) {
            const s = getComputedStyle(el), size = parseFloat(s.fontSize), label = el.className + ' "' + el.textContent.trim().slice(0, 16) + '"';
            if (size < result.minFont) { result.minFont = size; result.minFontAt = label; }
            const fg = parse(s.color).rgb, bg = background(el), a = lum(fg), b = lum(bg);
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            if (ratio < result.minContrast) { result.minContrast = ratio; result.minContrastAt = label + ' ' + s.color + ' on rgb(' + bg + ')'; }
            // Line spacing is for running text; single glyphs in round badges are not lines.
            if (!el.matches('.party-badge, .tile-glyph')) {
              const line = parseFloat(s.lineHeight) / size;
              if (!isNaN(line) && line < result.minLine) { result.minLine = line; result.minLineAt = label; }
            }
          }
          for (const t of document.querySelectorAll('#board button, #board a[href]')) {
            if (!shown(t)) continue;
            result.targets++;
            const r = t.getBoundingClientRect(), m = Math.min(r.width, r.height);
            if (m < result.minTarget) { result.minTarget = m; result.minTargetAt = t.className + ' "' + t.textContent.trim().slice(0, 16) + '"'; }
          }
          return JSON.stringify(result);
        }
        """;

    private sealed record Measurement(int Texts, double MinFont, string MinFontAt, double MinContrast, string MinContrastAt, double MinLine, string MinLineAt, double MinTarget, string MinTargetAt, int Targets);

    private static async Task ShowAsync(IPage page, string screen, string scheme, string size)
    {
        await page.EvaluateAsync(
            """
            ([screen, scheme, size]) => {
              signageBoard.settings.scheme = scheme; signageBoard.settings.size = size;
              document.querySelector('[data-screen]:not([hidden]) [data-action=home]')?.click();
              if (screen !== 'home') document.querySelector('.tile-' + screen).click();
              else document.documentElement.dataset.scheme = scheme;
              document.documentElement.dataset.scheme = scheme; document.documentElement.dataset.size = size;
              window.dispatchEvent(new Event('resize'));
            }
            """, new[] { screen, scheme, size });
        await page.WaitForTimeoutAsync(80);
    }

    [Theory]
    [InlineData("landscape")]
    [InlineData("portrait")]
    public async Task Every_screen_in_every_scheme_meets_contrast_size_spacing_and_touch_targets(string layout)
    {
        var page = await board.OpenAsync(layout);
        var failures = new List<string>();
        var measured = 0;
        foreach (var size in new[] { "standard", "large", "xlarge" })
        {
            foreach (var scheme in Schemes)
            {
                foreach (var screen in Screens)
                {
                    await ShowAsync(page, screen, scheme, size);
                    var m = JsonSerializer.Deserialize<Measurement>(await page.EvaluateAsync<string>(Measure), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
                    measured++;
                    var where = $"{layout}/{size}/{scheme}/{screen}";
                    var minimumFont = size == "standard" ? 28 : 36;
                    if (m.Texts < 5) failures.Add($"{where}: only {m.Texts} texts visible");
                    if (m.MinFont < minimumFont) failures.Add($"{where}: text of {m.MinFont}px at {m.MinFontAt}");
                    if (m.MinContrast < 7) failures.Add($"{where}: contrast {m.MinContrast:F2}:1 at {m.MinContrastAt}");
                    if (m.MinLine < 1.3 - 0.005) failures.Add($"{where}: line spacing {m.MinLine:F2} at {m.MinLineAt}");
                    if (m.MinTarget < 60) failures.Add($"{where}: touch target {m.MinTarget}px at {m.MinTargetAt}");
                    if (size == "standard")
                    {
                        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, $"{layout}-{scheme}-{screen}.png") });
                    }
                    if (scheme == "default" && screen == "home")
                    {
                        output.WriteLine($"{where}: smallest text {m.MinFont}px, lowest contrast {m.MinContrast:F1}:1, smallest target {m.MinTarget}px over {m.Targets} targets");
                    }
                }
            }
        }
        output.WriteLine($"{measured} screen states measured in {layout}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public async Task The_accessibility_panel_itself_is_large_and_clear()
    {
        var page = await board.OpenAsync();
        await page.Locator("[data-action=a11y]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-overlay=a11y]")).ToBeVisibleAsync();
        var m = JsonSerializer.Deserialize<Measurement>(await page.EvaluateAsync<string>(Measure), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.True(m.MinTarget >= 60, $"touch target {m.MinTarget}px at {m.MinTargetAt}");
        Assert.True(m.MinFont >= 28, $"text of {m.MinFont}px at {m.MinFontAt}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DemoBoard.Artifacts, "landscape-a11y-panel.png") });
        foreach (var scheme in Schemes)
        {
            await page.Locator($"[data-overlay=a11y] [data-setting=scheme][data-value={scheme}]").ClickAsync();
            Assert.Equal(scheme, await page.EvaluateAsync<string>("() => document.documentElement.dataset.scheme"));
        }
        await page.Locator("[data-overlay=a11y] [data-setting=size][data-value=xlarge]").ClickAsync();
        Assert.Equal("44px", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).fontSize"));
        await page.Locator("[data-overlay=a11y] [data-setting=lang][data-value=en]").ClickAsync();
        await Assertions.Expect(page.Locator(".tile-roster .tile-title")).ToHaveTextAsync("Building roster");
    }
}
