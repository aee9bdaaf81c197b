namespace SignageKiosk.Controller.Observability;

/// <summary>Times an import or print handler into its histogram (the body is built in the handler, so it is all counted).</summary>
public static class EndpointTiming
{
    /// <param name="step">preview, confirm or export: a fixed name, never a route value (a caller could invent those).</param>
    public static RouteHandlerBuilder TimedAsImport(this RouteHandlerBuilder endpoint, string step) =>
        endpoint.AddEndpointFilter(Filter((metrics, elapsed) => metrics.ImportTook(step, elapsed)));

    /// <param name="document">roster, duty, overview, notice or poster: a fixed name.</param>
    public static RouteHandlerBuilder TimedAsPrint(this RouteHandlerBuilder endpoint, string document) =>
        endpoint.AddEndpointFilter(Filter((metrics, elapsed) => metrics.PrintTook(document, elapsed)));

    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(Action<ControllerMetrics, TimeSpan> record) =>
        async (context, next) =>
        {
            var services = context.HttpContext.RequestServices;
            var time = services.GetRequiredService<TimeProvider>();
            var started = time.GetTimestamp();
            try
            {
                return await next(context);
            }
            finally
            {
                record(services.GetRequiredService<ControllerMetrics>(), time.GetElapsedTime(started));
            }
        };
}
