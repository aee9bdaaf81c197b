namespace SignageKiosk.Controller.Api.Paging;

/// <summary>OpenAPI words for a paged list endpoint, so the document says how to page and what comes back.</summary>
public static class ListEndpointExtensions
{
    public static RouteHandlerBuilder Paged<T>(this RouteHandlerBuilder builder, string summary) =>
        builder.WithSummary(summary)
            .WithDescription($"Paged: `limit` (1-{ListQuery.MaxLimit}, default {ListQuery.DefaultLimit}), `cursor` (the previous page's `nextCursor`), `q` (search). "
                + "Answers `{ items, total, nextCursor, limit }`; `nextCursor` is null on the last page.")
            .Produces<ListPage<T>>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);

    /// <summary>The same, for an item type known only at run time (one route per content kind).</summary>
    public static RouteHandlerBuilder Paged(this RouteHandlerBuilder builder, Type itemType, string summary) =>
        builder.WithSummary(summary)
            .Produces(StatusCodes.Status200OK, typeof(ListPage<>).MakeGenericType(itemType))
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
