namespace SignageKiosk.Controller.Web;

/// <summary>
/// Every response says <c>X-Content-Type-Options: nosniff</c>, so a browser never second-guesses the declared type
/// (an uploaded file served as image/png is never run as HTML or script). Set when the response starts, so that
/// handlers which clear the response (the API's error answers) cannot drop it.
/// </summary>
public static class NoSniffHeader
{
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
