using SignageKiosk.Shared.Print.Text;

namespace SignageKiosk.Tests.Unit;

/// <summary>
/// The print line-breaking rules with a fake width: a CJK character or emoji is 10 wide, anything else 5, a space 3.
/// No Skia, so these run in milliseconds.
/// </summary>
public sealed class LineBreakerTests
{
    private static float Width(string cluster) =>
        cluster == " " ? 3 : Kinsoku.Classify(cluster) == Kinsoku.ClusterClass.Ideographic ? 10 : 5;

    private static IReadOnlyList<string> Break(string text, float width) =>
        LineBreaker.Break(text, width, Width).Select(l => l.Text).ToList();

    [Fact]
    public void Chinese_breaks_between_any_two_characters()
    {
        Assert.Equal(["红色驿站", "邻里中心"], Break("红色驿站邻里中心", 40));
    }

    [Theory]
    [InlineData('，')]
    [InlineData('。')]
    [InlineData('、')]
    [InlineData('！')]
    [InlineData('？')]
    [InlineData('）')]
    [InlineData('」')]
    [InlineData('』')]
    [InlineData('】')]
    [InlineData('》')]
    [InlineData('；')]
    [InlineData('：')]
    public void Closing_punctuation_never_starts_a_line(char mark)
    {
        // Four characters fill the line; the mark would start the next one, so the fourth character goes with it.
        var lines = Break($"请大家注{mark}意安全", 40);
        Assert.All(lines.Skip(1), l => Assert.NotEqual(mark, l[0]));
        Assert.Equal(["请大家", $"注{mark}意安", "全"], lines);
    }

    [Theory]
    [InlineData('（')]
    [InlineData('「')]
    [InlineData('『')]
    [InlineData('【')]
    [InlineData('《')]
    public void Opening_punctuation_never_ends_a_line(char mark)
    {
        var lines = Break($"请阅读{mark}通知全文", 40);
        Assert.All(lines, l => Assert.NotEqual(mark, l[^1]));
        Assert.Equal(["请阅读", $"{mark}通知全", "文"], lines);
    }

    [Fact]
    public void Latin_words_and_numbers_stay_whole_and_break_at_spaces()
    {
        // "Community" is 45 wide: it fits a 60-wide line of its own, never cut.
        Assert.Equal(["Red Star", "Community", "Center 12345"], Break("Red Star Community Center 12345", 60));
        Assert.Equal(["电话", "13812345678"], Break("电话13812345678", 60));
    }

    [Fact]
    public void A_Latin_word_longer_than_the_line_is_broken()
    {
        var lines = Break("Supercalifragilistic", 40);
        Assert.Equal(["Supercal", "ifragili", "stic"], lines);
        Assert.Equal("Supercalifragilistic", string.Concat(lines));
    }

    [Fact]
    public void Mixed_Chinese_and_English_breaks_between_scripts_but_not_inside_words()
    {
        var lines = LineBreaker.Break("请于Friday下午到Community Center办理", 80, Width);
        Assert.Equal(["请于Friday下午到", "Community Center", "办理"], lines.Select(l => l.Text));
        Assert.Equal([80f, 78f, 20f], lines.Select(l => l.Width));
    }

    [Fact]
    public void A_5000_character_unbroken_token_is_broken_anywhere_and_nothing_is_lost()
    {
        var token = string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('a' + i % 26)));
        var lines = LineBreaker.Break(token, 203, Width);
        Assert.Equal(token, string.Concat(lines.Select(l => l.Text)));
        Assert.All(lines, l => Assert.True(l.Width <= 203, $"line {l.Text} is {l.Width} wide"));
        Assert.Equal(125, lines.Count); // 40 per line
        Assert.Equal(token.Length, lines[^1].Start + lines[^1].Text.Length);
    }

    [Fact]
    public void Emoji_clusters_are_never_split()
    {
        var family = "👨‍👩‍👧‍👦";          // a ZWJ sequence of four people
        var heart = "❤️";                  // with a variation selector
        var flag = "🇨🇳";                   // two regional indicators
        var thumbs = "👍🏽";                 // with a skin tone
        var text = $"{family}{heart}{flag}{thumbs}{family}😀";
        var lines = Break(text, 10);
        Assert.Equal([family, heart, flag, thumbs, family, "😀"], lines);
    }

    [Fact]
    public void Characters_beyond_the_BMP_are_not_split()
    {
        var rare = "𠀀𠀁𠀂𠀃"; // CJK extension B, surrogate pairs
        var lines = Break(rare, 20);
        Assert.Equal(["𠀀𠀁", "𠀂𠀃"], lines);
    }

    [Fact]
    public void A_cluster_wider_than_the_line_still_gets_a_line_of_its_own()
    {
        Assert.Equal(["红", "色"], Break("红色", 4));
    }

    [Fact]
    public void Spaces_hang_at_a_line_end_and_do_not_start_the_next_line()
    {
        var lines = LineBreaker.Break("abcd    efgh", 25, Width);
        Assert.Equal(["abcd", "efgh"], lines.Select(l => l.Text));
        Assert.Equal(20, lines[0].Width);
    }

    [Fact]
    public void Line_feeds_start_new_lines_and_blank_lines_are_kept()
    {
        Assert.Equal(["第一行", "", "第三行"], Break("第一行\r\n\n第三行", 100));
        Assert.Equal([""], Break("", 100));
    }

    [Fact]
    public void No_line_is_wider_than_asked_for_mixed_text()
    {
        var text = "【停水通知】因管网维修，3栋、5栋将于12月8日（周一）09:00–17:00停水。Please store water in advance 🙂，谢谢配合！详见 https://example.org/notice/2026/12/08/water";
        for (var width = 20; width <= 200; width += 7)
        {
            var lines = LineBreaker.Break(text, width, Width);
            Assert.Equal(text.Replace(" ", ""), string.Concat(lines.Select(l => l.Text)).Replace(" ", ""));
            foreach (var line in lines)
            {
                Assert.True(line.Width <= width, $"'{line.Text}' is {line.Width} > {width}");
                if (line.Text.Length > 0)
                {
                    Assert.DoesNotContain(line.Text[0], "，。、！？）」』】》；：");
                    Assert.DoesNotContain(line.Text[^1], "（「『【《");
                }
            }
        }
    }

    [Fact]
    public void Font_runs_split_by_typeface_per_cluster()
    {
        var runs = FontRuns.Split("红色Station🙂站", c => Kinsoku.IsEmoji(c) ? "emoji" : c[0] < 128 ? "latin" : "cjk");
        Assert.Equal([("红色", "cjk"), ("Station", "latin"), ("🙂", "emoji"), ("站", "cjk")], runs.Select(r => (r.Text, r.Face)));
    }
}
