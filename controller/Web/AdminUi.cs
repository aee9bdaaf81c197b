using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Web;

/// <summary>The staff pages (Razor Pages under /admin, cookie sign-in, antiforgery on every form).</summary>
public static class AdminUi
{
    public static IServiceCollection AddAdminUi(this IServiceCollection services)
    {
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Admin", AuthPolicies.Staff);
            pages.Conventions.AllowAnonymousToPage("/Admin/Login");
            pages.Conventions.AllowAnonymousToPage("/Admin/Denied");
            pages.Conventions.ConfigureFilter(new PasswordChangeFirst());
        });
        services.Configure<RouteOptions>(routes => routes.LowercaseUrls = true);
        // Chinese stays Chinese in the page source (still HTML-encoded where it matters: < > & " ').
        services.AddWebEncoders(encoders => encoders.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<UiText>();
        services.AddScoped<StaffScope>();
        services.AddScoped<StaffArea>();
        return services;
    }

    public static WebApplication MapAdminUi(this WebApplication app)
    {
        app.MapGet("/admin/admin.css", () => Results.Text(Css.Value, "text/css; charset=utf-8")).AllowAnonymous();
        // The place tree's and the place picker's few lines of script: a file, so the CSP's 'self' lets it run.
        app.MapGet("/admin/picker.js", () => Results.Text(PickerScript.Value, "text/javascript; charset=utf-8")).AllowAnonymous();
        app.MapGet("/admin/lang/{to}", (string to, string? back, HttpContext http) =>
        {
            http.Response.Cookies.Append(UiText.LanguageCookie, to == "en" ? "en" : "zh",
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            // Only local paths: no open redirect.
            return Results.LocalRedirect(LocalReturnPath.Or(back));
        }).AllowAnonymous();
        app.MapGet("/", () => Results.Redirect("/admin")).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    private static readonly Lazy<string> Css = new(() => Resource("admin.css"));
    private static readonly Lazy<string> PickerScript = new(() => Resource("picker.js"));

    private static string Resource(string name)
    {
        using var stream = typeof(AdminUi).Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
