using System.Text;
using System.Text.Encodings.Web;
using SignageKiosk.Controller.Web;

namespace SignageKiosk.Controller.Print;

/// <summary>
/// The page a notice's QR code opens on a phone (GET /n/{id}): zh-CN, plain text, readable at 360 px, no sign-in.
/// It shows only what the board shows — title, validity, station, picture, body — never who wrote it, its
/// target's ids or anything else staff see. Everything from staff is HTML-encoded; the body stays plain text.
/// </summary>
public static class PublicNoticePage
{
    public static string UrlOf(string baseUrl, string noticeId) => $"{baseUrl}/n/{Uri.EscapeDataString(noticeId)}";

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    // The board's colours (board.css): --bg, --surface, --fg, --muted, --line, --accent.
    private const string Style = """
        *{box-sizing:border-box}
        body{margin:0;background:#f4efe6;color:#161616;font:17px/1.7 "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
        header{background:#8e1212;color:#fff;padding:14px 16px}
        header .station{font-size:17px;font-weight:700}
        header .kind{color:#ffe08a;font-size:14px}
        main{margin:12px;background:#fff;border-radius:10px;padding:16px}
        h1{color:#8e1212;font-size:22px;line-height:1.4;margin:0 0 8px;overflow-wrap:anywhere}
        .meta{color:#3b332d;font-size:14px;margin:0 0 12px;border-bottom:1px solid #d8cbb6;padding-bottom:10px}
        img{display:block;max-width:100%;height:auto;margin:0 auto 12px;border-radius:6px}
        .body{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
        footer{color:#3b332d;font-size:13px;text-align:center;padding:4px 16px 24px}
        .missing{text-align:center;padding:48px 16px}
        """;

    public static string Render(PublicNotice found, string nonce)
    {
        var notice = found.Notice;
        var kind = Shared.Print.NoticePrintRequest.CategoryName(notice.Category) + notice.Priority switch
        {
            Shared.Notices.NoticePriority.Urgent => " · 紧急",
            Shared.Notices.NoticePriority.Pinned => " · 置顶",
            _ => "",
        };
        var html = new StringBuilder();
        Head(html, notice.Title, nonce);
        html.Append("<header><div class=\"station\">").Append(Html.Encode(found.StationName ?? "社区通知")).Append("</div><div class=\"kind\">")
            .Append(Html.Encode(kind)).Append("</div></header>\n<main>\n<h1>").Append(Html.Encode(notice.Title)).Append("</h1>\n<p class=\"meta\">");
        if (found.Validity is { } validity)
        {
            html.Append("有效期：").Append(Html.Encode(validity));
        }
        if (found.StationName is { } station)
        {
            html.Append(found.Validity is null ? "" : "<br>").Append("发布：").Append(Html.Encode(station));
        }
        html.Append("</p>\n");
        if (notice.Image is not null)
        {
            html.Append("<img src=\"/n/").Append(Html.Encode(Uri.EscapeDataString(notice.Id))).Append("/picture\" alt=\"通知配图\">\n");
        }
        html.Append("<p class=\"body\">").Append(Html.Encode(notice.Body)).Append("</p>\n</main>\n")
            .Append("<footer>本页面仅供阅读，内容以驿站张贴为准。</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string NotFound(string nonce)
    {
        var html = new StringBuilder();
        Head(html, "通知不存在或已过期", nonce);
        html.Append("<header><div class=\"station\">社区通知</div></header>\n<main class=\"missing\">\n<h1>通知不存在或已过期</h1>\n")
            .Append("<p>这条通知可能已经撤下、过期，或者还没有发布。请查看驿站现场张贴的最新通知。</p>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Head(StringBuilder html, string title, string nonce) =>
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>")
            .Append(Html.Encode(title)).Append("</title>\n<style nonce=\"").Append(Html.Encode(nonce)).Append("\">").Append(Style).Append("</style>\n</head>\n<body>\n");

    /// <summary>The public page as a response: 200 with the notice, or a Chinese 404 page.</summary>
    public static IResult Result(HttpContext http, PublicNotice? found)
    {
        // Withdrawn or expired must disappear at once: nothing is cached on the way.
        http.Response.Headers.CacheControl = "no-store";
        var nonce = http.CspNonce();
        return found is null
            ? Results.Content(NotFound(nonce), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound)
            : Results.Content(Render(found, nonce), "text/html; charset=utf-8", Encoding.UTF8);
    }
}
