using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Hotlines;
using SignageKiosk.Shared.Notices;
using SignageKiosk.Shared.Places;

namespace SignageKiosk.Tests.Unit;

/// <summary>Pasted invisible characters that turn text around or hide it never reach a board.</summary>
public sealed class StaffTextTests
{
    [Theory]
    [InlineData("热线\u202E12345", "热线12345")] // right-to-left override: would show 54321
    [InlineData("\u202A\u202B\u202C\u202D\u202E电话", "电话")]
    [InlineData("\u2066\u2067\u2068\u2069电话", "电话")] // isolates
    [InlineData("a\u200Eb\u200Fc\u061Cd", "abcd")] // bidi marks
    [InlineData("138\u200B0000\u2060\uFEFF1234", "13800001234")] // zero-width space, word joiner, BOM
    [InlineData("停水\u0007\u001B\u0000通知", "停水通知")] // control characters
    [InlineData("通知\uFFF9隐藏\uFFFA注音\uFFFB", "通知隐藏注音")] // interlinear annotation marks
    [InlineData("通知\U000E0041\U000E0042", "通知")] // tag characters (hidden ASCII)
    [InlineData("第一行\r\n第二行\r第三行\n第四行", "第一行\n第二行\n第三行\n第四行")]
    public void Hidden_and_reordering_characters_are_dropped(string typed, string stored) =>
        Assert.Equal(stored, StaffText.Clean(typed));

    [Theory]
    [InlineData("👨\u200D👩\u200D👧 家庭活动")] // zero-width joiner: one family emoji
    [InlineData("❤\uFE0F 爱心 ☎\uFE0F")] // variation selectors
    [InlineData("第一行\n\t第二行")]
    [InlineData("超长\u00AD单词")] // soft hyphen, a wrap hint
    [InlineData("می\u200Cخواهم")] // zero-width non-joiner, needed by Persian
    [InlineData("社区服务站 12345 (8:00-17:00) 🙂")]
    public void What_text_needs_stays(string text)
    {
        Assert.True(StaffText.IsClean(text));
        Assert.Same(text, StaffText.Clean(text));
    }

    [Fact]
    public void A_lone_surrogate_is_dropped() => Assert.Equal("ab", StaffText.Clean("a\uD800b"));

    [Fact]
    public void Every_text_field_read_from_json_is_clean_and_ids_are_left_for_the_validator()
    {
        var notice = (Notice)ContentJson.DeserializeItem(ContentKind.Notice,
            """{"id":"n-1","target":{"placeId":"c-1"},"title":"热线\u202E12345","body":"第一行\u2067\n第二行"}""");
        Assert.Equal("热线12345", notice.Title);
        Assert.Equal("第一行\n第二行", notice.Body);
        Assert.Equal("c-1", notice.Target.PlaceId);

        var hotline = (Hotline)ContentJson.DeserializeItem(ContentKind.Hotline,
            """{"id":"h\u202E1","target":{"placeId":"c-1"},"name":"物业\u202E值班","number":"12345","hours":"\u200B24小时"}""");
        Assert.Equal("物业值班", hotline.Name);
        Assert.Equal("24小时", hotline.Hours);
        Assert.Equal("h\u202E1", hotline.Id);
        Assert.Contains(ContentValidator.Validate(hotline), e => e.Field == "id");

        var place = ContentJson.Deserialize<Place>("""{"id":"b-3","kind":"building","parentId":"c-1","name":"3\u202E栋"}""");
        Assert.Equal("3栋", place.Name);
    }

    [Fact]
    public void A_record_built_in_code_is_stored_clean()
    {
        var notice = new Notice { Id = "n-1", Target = ItemTarget.Place("c-1"), Title = "电话\u202E 13800001234", Body = "\u202D正文" };
        Assert.DoesNotContain('\u202E', ContentJson.Serialize((object)notice)); // ordinal: hidden characters are ignorable in culture comparisons
        var normalised = ContentJson.Normalise(notice);
        Assert.Equal("电话 13800001234", normalised.Title);
        Assert.Equal("正文", normalised.Body);
    }

    [Fact]
    public void A_title_of_only_hidden_characters_is_empty()
    {
        var notice = new Notice { Id = "n-1", Target = ItemTarget.Place("c-1"), Title = "\u202E\u200B" };
        Assert.Contains(ContentValidator.Validate(notice), e => e.Field == "title");
    }

    [Fact]
    public void The_board_renderer_drops_them_from_text_stored_before_the_rule()
    {
        var html = new HtmlWriter().Element("h2", "detail-title", "热线\u202E12345", ("data-speak", "读\u202E12345")).ToString();
        Assert.Equal("<h2 class=\"detail-title\" data-speak=\"读12345\">热线12345</h2>", html);
        Assert.Equal("标题\n\n正文", QrCode.NoticeText("标题\u202E", "正文\u2066"));
    }
}
