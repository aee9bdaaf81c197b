using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Wishes;

namespace SignageKiosk.Tests.Unit;

/// <summary>Micro-wishes without I/O: the public name, the shape rules, the claim form's rules, the board's order and panel.</summary>
public sealed class MicroWishTests
{
    private static readonly DateOnly Today = new(2026, 12, 5);

    private static MicroWish Wish(string id, WishState state = WishState.Open, string title = "每周代购蔬菜", string? claimedBy = null, bool party = false,
        DateOnly? posted = null, DateOnly? claimed = null, DateOnly? fulfilled = null) => new()
        {
            Id = id, Title = title, Category = WishCategory.Groceries, State = state, PostedOn = posted ?? Today.AddDays(-3),
            ClaimedBy = claimedBy, ClaimedByPartyMember = party, ClaimedOn = claimed, FulfilledOn = fulfilled, Target = ItemTarget.Place("compound-a"),
        };

    [Theory]
    [InlineData("王小明", "王**")]
    [InlineData("李四", "李*")]
    [InlineData(" 欧阳娜娜娜 ", "欧***")]
    [InlineData("王", "王*")]
    [InlineData("  ", "志愿者")]
    [InlineData("\u202E王小明", "王**")]
    public void The_board_names_a_claimant_by_the_first_character_and_stars(string name, string shown) =>
        Assert.Equal(shown, WishRules.PublicName(name));

    [Fact]
    public void A_wish_is_valid_only_in_a_consistent_state_and_never_names_a_phone()
    {
        Assert.Empty(ContentValidator.Validate(Wish("w1")));
        Assert.Empty(ContentValidator.Validate(Wish("w1", WishState.Claimed, claimedBy: "王**", party: true, claimed: Today)));
        Assert.Empty(ContentValidator.Validate(Wish("w1", WishState.Fulfilled, fulfilled: Today)));

        Assert.Contains(ContentValidator.Validate(Wish("w1", claimedBy: "王**")), e => e.Field == "claimedBy" && e.Chinese == "待认领的心愿不能有认领人或实现日期");
        Assert.Contains(ContentValidator.Validate(Wish("w1", WishState.Claimed)), e => e.Field == "claimedBy" && e.Chinese == "已认领的心愿请填写认领人");
        Assert.Contains(ContentValidator.Validate(Wish("w1", WishState.Fulfilled)), e => e.Field == "fulfilledOn");
        Assert.Contains(ContentValidator.Validate(Wish("w1", WishState.Claimed, claimedBy: "王 139 1234 5678")), e => e.Chinese == "认领人只写称呼，不能写电话号码");
        Assert.Contains(ContentValidator.Validate(Wish("w1", title: "")), e => e.Field == "title" && e.Chinese == "此项必填");
        Assert.Contains(ContentValidator.Validate(Wish("w1", title: "\u0007\u202E")), e => e.Field == "title" && e.Chinese == "此项必填");
        Assert.Contains(ContentValidator.Validate(Wish("w1", title: new string('菜', WishRules.MaxTitle + 1))), e => e.Field == "title" && e.Chinese == $"最多 {WishRules.MaxTitle} 个字");
        Assert.Contains(ContentValidator.Validate(Wish("w1", WishState.Fulfilled, fulfilled: Today.AddDays(-10))), e => e.Field == "fulfilledOn" && e.Chinese == "实现日期不能早于发布日期");
    }

    [Theory]
    [InlineData("王小明", "13912345678", null)]
    [InlineData("王小明", "139 1234-5678", null)]
    [InlineData("王小明", "0536-8123456", null)]
    [InlineData("", "13912345678", "name")]
    [InlineData("王\u0007明", "13912345678", "name")]
    [InlineData("王\u202E明", "13912345678", "name")]
    [InlineData("王小明13912345678", "13912345678", "name")]
    [InlineData("王小明王小明王小明王小明王小明王小明王小明", "13912345678", "name")]
    [InlineData("王小明", "", "phone")]
    [InlineData("王小明", "1391234567", "phone")]
    [InlineData("王小明", "23912345678", "phone")]
    [InlineData("王小明", "tel:13912345678", "phone")]
    public void The_claim_form_takes_a_plain_name_and_a_phone_and_says_what_is_wrong_in_Chinese(string name, string phone, string? wrongField)
    {
        var errors = WishRules.ValidateClaim(name, phone);
        if (wrongField is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal(wrongField, error.Field);
            Assert.Matches("[\u4e00-\u9fff]", error.ChineseOrMessage);
        }
    }

    [Fact]
    public void The_board_lists_open_wishes_first_then_claimed_then_those_fulfilled_in_the_last_thirty_days()
    {
        var order = WishBoard.Order(
        [
            Wish("fulfilled-old", WishState.Fulfilled, posted: Today.AddDays(-60), fulfilled: Today.AddDays(-31)),
            Wish("fulfilled", WishState.Fulfilled, fulfilled: Today.AddDays(-1)),
            Wish("claimed", WishState.Claimed, claimedBy: "王**", claimed: Today),
            Wish("open-older", posted: Today.AddDays(-5)),
            Wish("open-newer", posted: Today.AddDays(-1)),
        ], Today);
        Assert.Equal(["open-newer", "open-older", "claimed", "fulfilled"], order.Select(w => w.Id));
    }

    [Fact]
    public void The_panel_escapes_staff_text_shows_the_badge_only_for_a_confirmed_member_and_a_QR_code_only_for_open_wishes_when_the_address_is_known()
    {
        var content = new BoardContent
        {
            Wishes =
            [
                Wish("w-open", title: "<b>辅导</b>"),
                Wish("w-party", WishState.Claimed, "修理门锁", "李*", party: true, claimed: Today),
                Wish("w-plain", WishState.Claimed, "陪老人散步", "赵**", party: false, claimed: Today),
            ],
        };
        var now = new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);
        var withQr = BoardRenderer.RenderBody(BoardView.Evaluate(content, now) with { WishQrCodes = true });
        Assert.Contains("&lt;b&gt;辅导&lt;/b&gt;", withQr);
        Assert.DoesNotContain("<b>辅导", withQr);
        Assert.Contains("src=\"/qr/wish/w-open\"", withQr);
        Assert.DoesNotContain("/qr/wish/w-party", withQr);
        Assert.Matches("data-wish-id=\"w-party\" data-wish-state=\"claimed\">.*?<span class=\"party-badge\"[^>]*>党</span><strong class=\"name\">李\\*</strong>", withQr);
        Assert.DoesNotMatch("data-wish-id=\"w-plain\"[^<]*>(?:(?!</article>).)*party-badge", withQr);
        Assert.Contains("data-target=\"wishes\"", withQr);
        Assert.Contains("待认领 1 个", withQr);

        var withoutQr = BoardRenderer.RenderBody(BoardView.Evaluate(content, now));
        Assert.DoesNotContain("/qr/wish/", withoutQr);
    }
}
