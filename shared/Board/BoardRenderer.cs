using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Shared.Board;

/// <summary>
/// Turns a <see cref="BoardView"/> into the board's HTML. Every piece of staff text goes through the
/// HTML encoder: nothing from the controller is ever interpreted as markup on a board.
/// </summary>
public static class BoardRenderer
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string H(string? text) => Encoder.Encode(text ?? "");

    /// <summary>The board's inner HTML (the kiosk page swaps it in without a reload).</summary>
    public static string RenderBody(BoardView view)
    {
        var html = new StringBuilder(16 * 1024);
        var now = view.LocalNow;
        html.Append("<header class=\"bar\"><h1 class=\"station\">").Append(H(view.Station?.Name ?? "社区服务站")).Append("</h1>");
        html.Append("<div class=\"today\" data-utc-offset-minutes=\"").Append((int)view.UtcOffset.TotalMinutes).Append("\"><span class=\"date\">")
            .Append(now.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)).Append("</span> <span class=\"weekday\">")
            .Append(BoardText.Weekday(now.DayOfWeek)).Append("</span> <span class=\"clock\">")
            .Append(now.ToString("HH:mm", CultureInfo.InvariantCulture)).Append("</span></div></header>");

        html.Append("<main class=\"grid\">");
        RenderNotices(html, view);
        RenderDuty(html, view);
        RenderHotlines(html, view);
        RenderActivities(html, view);
        RenderRoster(html, view);
        RenderSupplies(html, view);
        html.Append("</main>");
        return html.ToString();
    }

    private static void RenderNotices(StringBuilder html, BoardView view)
    {
        html.Append("<section class=\"panel notices\" data-panel=\"notices\"><h2>通知公告</h2>");
        if (view.Notices.Count == 0)
        {
            html.Append("<p class=\"empty\">暂无通知</p>");
        }
        html.Append("<ul>");
        foreach (var n in view.Notices)
        {
            var priority = n.Priority.ToString().ToLowerInvariant();
            html.Append("<li class=\"notice ").Append(priority).Append("\" data-notice-id=\"").Append(H(n.Id)).Append("\">");
            if (BoardText.Priority(n.Priority) is { Length: > 0 } tag)
            {
                html.Append("<span class=\"tag\">").Append(tag).Append("</span>");
            }
            html.Append("<h3>").Append(H(n.Title)).Append("</h3><p>").Append(H(n.Body)).Append("</p></li>");
        }
        html.Append("</ul></section>");
    }

    private static void RenderDuty(StringBuilder html, BoardView view)
    {
        html.Append("<section class=\"panel duty\" data-panel=\"duty\"><h2>正在值班</h2>");
        if (view.OnDuty.Count == 0)
        {
            var fallback = view.Hotlines.FirstOrDefault(h => h.Category == Hotlines.HotlineCategory.Property);
            html.Append("<p class=\"empty\">当前无人值班");
            if (fallback is not null)
            {
                html.Append("，请拨打 ").Append(H(fallback.Name)).Append(' ').Append(H(fallback.Number));
            }
            html.Append("</p>");
        }
        html.Append("<ul>");
        foreach (var s in view.OnDuty)
        {
            html.Append("<li class=\"shift\" data-shift-id=\"").Append(H(s.Id)).Append("\"><span class=\"role\">").Append(H(s.Role))
                .Append("</span> <strong>").Append(H(s.PersonName)).Append("</strong> <span class=\"phone\">").Append(H(s.Phone))
                .Append("</span><span class=\"when\">").Append(s.Start.ToString("HH:mm", CultureInfo.InvariantCulture)).Append('–')
                .Append(s.End.Date > s.Start.Date ? "次日" : "").Append(s.End.ToString("HH:mm", CultureInfo.InvariantCulture)).Append("</span>");
            if (!string.IsNullOrEmpty(s.Location))
            {
                html.Append("<span class=\"where\">").Append(H(s.Location)).Append("</span>");
            }
            html.Append("</li>");
        }
        html.Append("</ul></section>");
    }

    private static void RenderHotlines(StringBuilder html, BoardView view)
    {
        html.Append("<section class=\"panel hotlines\" data-panel=\"hotlines\"><h2>服务热线</h2><ul>");
        foreach (var h in view.Hotlines)
        {
            html.Append("<li class=\"hotline ").Append(h.Category.ToString().ToLowerInvariant()).Append("\" data-hotline-id=\"").Append(H(h.Id))
                .Append("\"><span class=\"name\">").Append(H(h.Name)).Append("</span><span class=\"number\">").Append(H(h.Number)).Append("</span>");
            if (!string.IsNullOrEmpty(h.Hours))
            {
                html.Append("<span class=\"hours\">").Append(H(h.Hours)).Append("</span>");
            }
            html.Append("</li>");
        }
        html.Append("</ul></section>");
    }

    private static void RenderActivities(StringBuilder html, BoardView view)
    {
        html.Append("<section class=\"panel activities\" data-panel=\"activities\"><h2>活动安排</h2><ul>");
        foreach (var o in view.Activities.Take(12))
        {
            var now = o.Start <= view.LocalNow && view.LocalNow < o.End;
            html.Append("<li class=\"activity").Append(now ? " now" : "").Append("\" data-activity-id=\"").Append(H(o.Activity.Id))
                .Append("\"><span class=\"when\">").Append(o.Start.Date == view.LocalNow.Date ? "今天" : o.Start.ToString("M月d日", CultureInfo.InvariantCulture) + " " + BoardText.Weekday(o.Start.DayOfWeek))
                .Append(' ').Append(o.Start.ToString("HH:mm", CultureInfo.InvariantCulture)).Append("</span> <strong>").Append(H(o.Activity.Title)).Append("</strong>");
            if (!string.IsNullOrEmpty(o.Activity.Room))
            {
                html.Append("<span class=\"room\">").Append(H(o.Activity.Room)).Append("</span>");
            }
            html.Append("</li>");
        }
        html.Append("</ul></section>");
    }

    private static void RenderRoster(StringBuilder html, BoardView view)
    {
        html.Append("<section class=\"panel roster\" data-panel=\"roster\"><h2>楼栋公示</h2><div class=\"buildings\">");
        foreach (var b in view.Buildings)
        {
            html.Append("<article class=\"building\" data-building-id=\"").Append(H(b.Building.Id)).Append("\"><h3>").Append(H(b.Building.Name))
                .Append("<small>党员 ").Append(b.PartyMembers).Append(" 名</small></h3><ul>");
            foreach (var (entry, person, unit) in b.Entries)
            {
                html.Append("<li data-person-id=\"").Append(H(person.Id)).Append("\">");
                if (unit is not null)
                {
                    html.Append("<span class=\"unit\">").Append(H(unit.Name)).Append("</span>");
                }
                html.Append("<span class=\"role\">").Append(BoardText.Role(entry.Role)).Append("</span> ");
                if (person.Party != PartyMembership.None)
                {
                    html.Append("<span class=\"party-badge\" title=\"").Append(BoardText.Party(person.Party)).Append("\">党</span>");
                }
                html.Append("<strong>").Append(H(person.Name)).Append("</strong> <span class=\"phone\">")
                    .Append(H(PhoneMask.Display(person.Phone, person.PhonePublic))).Append("</span></li>");
            }
            html.Append("</ul></article>");
        }
        html.Append("</div></section>");
    }

    private static void RenderSupplies(StringBuilder html, BoardView view)
    {
        html.Append("<section class=\"panel supplies\" data-panel=\"supplies\"><h2>应急物资</h2><table><tbody>");
        foreach (var s in view.Supplies)
        {
            html.Append("<tr data-supply-id=\"").Append(H(s.Id)).Append("\"><td>").Append(H(s.Category)).Append("</td><td>").Append(H(s.Item))
                .Append("</td><td>").Append(s.Quantity).Append(H(s.Unit)).Append("</td><td>").Append(H(s.Location)).Append("</td><td>")
                .Append(H(s.KeyHolder)).Append("</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }
}
