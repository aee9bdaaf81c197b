using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using SignageKiosk.Controller.Web;
using SignageKiosk.Shared.Board;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Controller.Reports;

/// <summary>A building a resident may report about from a kiosk's QR code, with its units.</summary>
public sealed record PhoneBuilding(string Id, string Name, IReadOnlyList<(string Id, string Name)> Units);

/// <summary>What the report form shows: the kiosk's buildings, the chosen category and, after a refusal, what was chosen.</summary>
public sealed record PhoneReportForm(string KioskId, string? StationName, IReadOnlyList<PhoneBuilding> Buildings, ReportCategory Category, string Key,
    string? Error = null, string? BuildingId = null, string? UnitId = null, IReadOnlyList<string>? Phrases = null, bool PhoneWasGiven = false);

/// <summary>
/// The phone page a kiosk's QR code opens (我要反映 on a phone; docs/decisions/0030): zh-CN, readable and tappable at
/// 360 px, no script, no external asset, no sign-in. Residents only choose — category, building, unit, preset phrases —
/// and may leave a number, which is never shown back except masked. Staff text (the public reply) is HTML-encoded.
/// Styled like the notice page (<see cref="Print.PublicNoticePage"/>), with the board's colours.
/// </summary>
public static class PhoneReportPage
{
    public const string TokenField = "__RequestVerificationToken";

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private const string Style = """
        *{box-sizing:border-box}
        body{margin:0;background:#f4efe6;color:#161616;font:18px/1.6 "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
        header{background:#8e1212;color:#fff;padding:14px 16px}
        header .station{font-size:17px;font-weight:700}
        header .kind{color:#ffe08a;font-size:15px}
        main{margin:12px;background:#fff;border-radius:10px;padding:16px}
        h1{color:#8e1212;font-size:23px;line-height:1.4;margin:0 0 12px}
        fieldset{border:0;margin:0 0 18px;padding:0}
        legend{font-weight:700;font-size:19px;padding:0;margin-bottom:8px}
        .hint{color:#3b332d;font-size:15px;margin:0 0 8px}
        .choices{display:flex;flex-wrap:wrap;gap:10px}
        .choice{display:flex;align-items:center;gap:10px;min-height:56px;min-width:calc(50% - 5px);flex:1 1 calc(50% - 5px);padding:10px 14px;border:2px solid #d8cbb6;border-radius:10px;background:#fffdf8;font-size:19px;cursor:pointer}
        .choice input{width:26px;height:26px;margin:0;flex:none;accent-color:#8e1212}
        .choice:has(input:checked){border-color:#8e1212;background:#fbeaea}
        .units{display:none}
        .category{display:flex;align-items:center;justify-content:center;min-height:64px;margin:0 0 12px;border-radius:10px;background:#8e1212;color:#fff;font-size:21px;font-weight:700;text-decoration:none}
        input[type=tel]{width:100%;min-height:56px;font-size:22px;padding:8px 12px;border:2px solid #d8cbb6;border-radius:10px;letter-spacing:1px}
        button,.button{display:flex;align-items:center;justify-content:center;width:100%;min-height:60px;margin:8px 0 0;border:0;border-radius:10px;background:#8e1212;color:#fff;font:inherit;font-size:21px;font-weight:700;text-decoration:none;cursor:pointer}
        .button.plain{background:#fff;color:#8e1212;border:2px solid #8e1212}
        .error{background:#fbeaea;border-left:6px solid #8e1212;padding:10px 12px;margin:0 0 14px;font-weight:700}
        .notice{background:#eaf5ea;border-left:6px solid #2d6a2d;padding:10px 12px;margin:0 0 14px;font-weight:700}
        .reference{font-size:34px;font-weight:700;letter-spacing:1px;text-align:center;color:#8e1212;background:#fff7d6;border:2px dashed #8e1212;border-radius:10px;padding:12px 4px;margin:8px 0 12px;overflow-wrap:anywhere}
        .state{font-size:28px;font-weight:700;color:#8e1212;margin:0 0 8px}
        dl{margin:0 0 14px}
        dt{color:#3b332d;font-size:15px}
        dd{margin:0 0 8px;overflow-wrap:anywhere}
        .reply{white-space:pre-wrap;overflow-wrap:anywhere;background:#f7f3ec;border-radius:8px;padding:10px 12px}
        .ratings{display:flex;flex-direction:column;gap:8px}
        footer{color:#3b332d;font-size:14px;text-align:center;padding:4px 16px 24px}
        .missing{text-align:center;padding:48px 16px}
        """;

    public static string StatusUrl(string reference) => "/r/status?reference=" + Uri.EscapeDataString(reference);

    /// <summary>Step one: the categories, each a large link to its form.</summary>
    public static string Categories(string kioskId, string? stationName, bool hasBuildings, string nonce)
    {
        var html = new StringBuilder();
        Head(html, "我要反映", nonce, "");
        Header(html, stationName, "我要反映 · 民有所呼，我有所应");
        html.Append("<main>\n<h1>您要反映哪方面的问题？</h1>\n");
        if (!hasBuildings)
        {
            html.Append("<p class=\"error\">这块屏所在的地点还没有登记楼栋，暂不能在手机上反映，请到驿站当面反映。</p>\n");
        }
        else
        {
            foreach (var category in ReportCategories.All)
            {
                html.Append("<a class=\"category\" href=\"/r/").Append(Html.Encode(Uri.EscapeDataString(kioskId))).Append("?category=")
                    .Append(ReportCategories.WireName(category)).Append("\">").Append(Html.Encode(ReportCategories.Label(category))).Append("</a>\n");
            }
        }
        html.Append("</main>\n");
        Footer(html);
        return html.ToString();
    }

    /// <summary>Step two: building, unit, phrases and an optional number for the chosen category.</summary>
    public static string Form(PhoneReportForm form, string token, string nonce)
    {
        // Each building's units show only while that building is chosen: CSS :has(), so the page needs no script.
        var unitRules = new StringBuilder();
        for (var i = 0; i < form.Buildings.Count; i++)
        {
            unitRules.Append(CultureInfo.InvariantCulture, $"form:has(#b{i}:checked) #u{i}{{display:block}}\n");
        }
        var html = new StringBuilder();
        var label = ReportCategories.Label(form.Category);
        Head(html, "我要反映 · " + label, nonce, unitRules.ToString());
        Header(html, form.StationName, "我要反映 · " + label);
        var kioskPath = "/r/" + Uri.EscapeDataString(form.KioskId);
        html.Append("<main>\n<h1>").Append(Html.Encode(label)).Append("</h1>\n");
        if (form.Error is { } error)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(Html.Encode(error)).Append("</p>\n");
        }
        html.Append("<form method=\"post\" action=\"").Append(Html.Encode(kioskPath)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"").Append(TokenField).Append("\" value=\"").Append(Html.Encode(token)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"key\" value=\"").Append(Html.Encode(form.Key)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"category\" value=\"").Append(ReportCategories.WireName(form.Category)).Append("\">\n");

        html.Append("<fieldset>\n<legend>哪一栋？</legend>\n<div class=\"choices\">\n");
        var chosen = form.BuildingId ?? (form.Buildings.Count == 1 ? form.Buildings[0].Id : null);
        for (var i = 0; i < form.Buildings.Count; i++)
        {
            var building = form.Buildings[i];
            html.Append("<label class=\"choice\"><input type=\"radio\" name=\"building\" required id=\"b").Append(i.ToString(CultureInfo.InvariantCulture))
                .Append("\" value=\"").Append(Html.Encode(building.Id)).Append('"').Append(building.Id == chosen ? " checked" : "").Append('>')
                .Append(Html.Encode(building.Name)).Append("</label>\n");
        }
        html.Append("</div>\n</fieldset>\n");
        for (var i = 0; i < form.Buildings.Count; i++)
        {
            var building = form.Buildings[i];
            if (building.Units.Count == 0)
            {
                continue;
            }
            html.Append("<fieldset class=\"units\" id=\"u").Append(i.ToString(CultureInfo.InvariantCulture)).Append("\">\n<legend>")
                .Append(Html.Encode(building.Name)).Append("哪个单元？（可不选）</legend>\n<div class=\"choices\">\n")
                .Append("<label class=\"choice\"><input type=\"radio\" name=\"unit-").Append(Html.Encode(building.Id)).Append("\" value=\"\"")
                .Append(building.Id == form.BuildingId && form.UnitId is not null ? "" : " checked").Append(">不选</label>\n");
            foreach (var (unitId, unitName) in building.Units)
            {
                html.Append("<label class=\"choice\"><input type=\"radio\" name=\"unit-").Append(Html.Encode(building.Id)).Append("\" value=\"")
                    .Append(Html.Encode(unitId)).Append('"').Append(building.Id == form.BuildingId && unitId == form.UnitId ? " checked" : "").Append('>')
                    .Append(Html.Encode(unitName)).Append("</label>\n");
            }
            html.Append("</div>\n</fieldset>\n");
        }

        html.Append("<fieldset>\n<legend>什么情况？（可多选，最多 ").Append(ReportRules.MaxPhrases).Append(" 项）</legend>\n<div class=\"choices\">\n");
        foreach (var phrase in ReportPhrases.For(form.Category))
        {
            html.Append("<label class=\"choice\"><input type=\"checkbox\" name=\"phrase\" value=\"").Append(Html.Encode(phrase.Id)).Append('"')
                .Append(form.Phrases?.Contains(phrase.Id) == true ? " checked" : "").Append('>').Append(Html.Encode(phrase.Text)).Append("</label>\n");
        }
        html.Append("</div>\n</fieldset>\n");

        html.Append("<fieldset>\n<legend><label for=\"phone\">联系电话（可不填）</label></legend>\n")
            .Append("<p class=\"hint\">只给处理这件事的工作人员看，用于回访；不会在任何屏幕或网页上显示。</p>\n");
        if (form.PhoneWasGiven)
        {
            // Never shown back, even to the one who typed it: a refused form asks for it again.
            html.Append("<p class=\"hint\">为保护隐私，刚才填写的号码没有保留，如需回访请重新填写。</p>\n");
        }
        html.Append("<input type=\"tel\" id=\"phone\" name=\"phone\" inputmode=\"tel\" autocomplete=\"tel\" maxlength=\"20\" placeholder=\"手机或座机号码\">\n</fieldset>\n")
            .Append("<button type=\"submit\">提交反映</button>\n</form>\n")
            .Append("<a class=\"button plain\" href=\"").Append(Html.Encode(kioskPath)).Append("\">换一个类别</a>\n</main>\n");
        Footer(html);
        return html.ToString();
    }

    /// <summary>The answer to a filed report: its reference, large, and the way to follow it.</summary>
    public static string Receipt(string? stationName, string kioskId, ReportReceipt receipt, string? phone, string nonce)
    {
        var html = new StringBuilder();
        Head(html, "反映已提交 " + receipt.Reference, nonce, "");
        Header(html, stationName, "我要反映");
        html.Append("<main>\n<h1>反映已提交，我们会尽快处理</h1>\n<p>您的反映编号：</p>\n<p class=\"reference\" id=\"reference\">")
            .Append(Html.Encode(receipt.Reference)).Append("</p>\n<p class=\"hint\">请截图或记下编号，凭编号在驿站的屏幕或本页面查询办理进度；办结后可以评价。</p>\n<dl>\n<dt>受理时间</dt><dd>")
            .Append(Html.Encode(Time(receipt.ReceivedAt))).Append("</dd>\n");
        if (phone is not null)
        {
            html.Append("<dt>回访电话</dt><dd>").Append(Html.Encode(PhoneMask.Mask(phone))).Append("</dd>\n");
        }
        html.Append("</dl>\n<a class=\"button\" href=\"").Append(Html.Encode(StatusUrl(receipt.Reference))).Append("\">查看办理进度</a>\n")
            .Append("<a class=\"button plain\" href=\"/r/").Append(Html.Encode(Uri.EscapeDataString(kioskId))).Append("\">再反映一件事</a>\n</main>\n");
        Footer(html);
        return html.ToString();
    }

    /// <summary>Where a report stands, the staff's public reply, and (resolved, unrated) the three rating buttons.</summary>
    public static string Status(ReportStatus status, string token, string nonce, string? message = null, string? error = null)
    {
        var html = new StringBuilder();
        Head(html, "办理进度 " + status.Reference, nonce, "");
        Header(html, null, "办理进度查询");
        html.Append("<main>\n<h1>反映编号 ").Append(Html.Encode(status.Reference)).Append("</h1>\n");
        if (message is not null)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(Html.Encode(message)).Append("</p>\n");
        }
        if (error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(Html.Encode(error)).Append("</p>\n");
        }
        html.Append("<p class=\"state\" id=\"state\">").Append(Html.Encode(ReportState.Label(status.State))).Append("</p>\n<dl>\n<dt>类别</dt><dd>")
            .Append(Html.Encode(ReportCategories.Label(status.Category))).Append("</dd>\n<dt>受理时间</dt><dd>").Append(Html.Encode(Time(status.ReceivedAt))).Append("</dd>\n");
        if (status.ResolvedAt is { } resolvedAt)
        {
            html.Append("<dt>办结时间</dt><dd>").Append(Html.Encode(Time(resolvedAt))).Append("</dd>\n");
        }
        if (!string.IsNullOrWhiteSpace(status.PublicReply))
        {
            html.Append("<dt>").Append(status.State == ReportState.Declined ? "不予受理的原因" : "工作人员回复").Append("</dt><dd class=\"reply\" id=\"reply\">")
                .Append(Html.Encode(status.PublicReply)).Append("</dd>\n");
        }
        if (status.Rating is { } rating)
        {
            html.Append("<dt>您的评价</dt><dd id=\"rating\">").Append(Html.Encode(ReportRatings.Label(rating))).Append("</dd>\n");
        }
        html.Append("</dl>\n");
        if (status.MayRate)
        {
            html.Append("<form method=\"post\" action=\"/r/status\">\n<fieldset>\n<legend>对这次办理满意吗？（只能评价一次）</legend>\n")
                .Append("<input type=\"hidden\" name=\"").Append(TokenField).Append("\" value=\"").Append(Html.Encode(token)).Append("\">\n")
                .Append("<input type=\"hidden\" name=\"reference\" value=\"").Append(Html.Encode(status.Reference)).Append("\">\n<div class=\"ratings\">\n");
            foreach (var choice in Enum.GetValues<ReportRating>())
            {
                html.Append("<button type=\"submit\" name=\"rating\" value=\"").Append(ReportRatings.WireName(choice)).Append("\">")
                    .Append(Html.Encode(ReportRatings.Label(choice))).Append("</button>\n");
            }
            html.Append("</div>\n</fieldset>\n</form>\n");
        }
        html.Append("</main>\n");
        Footer(html);
        return html.ToString();
    }

    /// <summary>A page that only says something: not found, expired, refused.</summary>
    public static string Message(string title, string text, string nonce, string? backHref = null)
    {
        var html = new StringBuilder();
        Head(html, title, nonce, "");
        Header(html, null, "我要反映");
        html.Append("<main class=\"missing\">\n<h1>").Append(Html.Encode(title)).Append("</h1>\n<p>").Append(Html.Encode(text)).Append("</p>\n");
        if (backHref is not null)
        {
            html.Append("<a class=\"button plain\" href=\"").Append(Html.Encode(backHref)).Append("\">返回</a>\n");
        }
        html.Append("</main>\n");
        Footer(html);
        return html.ToString();
    }

    /// <summary>A moment as residents read it, in China time: "2026年12月5日 14:05".</summary>
    public static string Time(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, ReportReference.Zone).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);

    public static IResult Result(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        // Nothing personal may linger in a shared phone's cache or a proxy.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static IResult MessageResult(HttpContext http, int status, string title, string text, string? backHref = null) =>
        Result(http, Message(title, text, http.CspNonce(), backHref), status);

    private static void Head(StringBuilder html, string title, string nonce, string extraStyle) =>
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>")
            .Append(Html.Encode(title)).Append("</title>\n<style nonce=\"").Append(Html.Encode(nonce)).Append("\">").Append(Style).Append(extraStyle)
            .Append("</style>\n</head>\n<body>\n");

    private static void Header(StringBuilder html, string? stationName, string kind) =>
        html.Append("<header><div class=\"station\">").Append(Html.Encode(stationName ?? "社区驿站")).Append("</div><div class=\"kind\">")
            .Append(Html.Encode(kind)).Append("</div></header>\n");

    private static void Footer(StringBuilder html) =>
        html.Append("<footer>紧急情况请直接拨打 110、119、120。本页面不显示任何个人信息。</footer>\n</body>\n</html>\n");
}
