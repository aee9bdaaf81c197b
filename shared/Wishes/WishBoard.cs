namespace SignageKiosk.Shared.Wishes;

/// <summary>Which wishes a board shows, in what order: pure, so the panel and its tests agree.</summary>
public static class WishBoard
{
    /// <summary>
    /// Open wishes first (newest first: they want a helper), then claimed (newest claim first), then those fulfilled
    /// within <see cref="WishRules.FulfilledShownDays"/> days of <paramref name="today"/> (newest first); older
    /// fulfilled wishes leave the board.
    /// </summary>
    public static IReadOnlyList<MicroWish> Order(IEnumerable<MicroWish> wishes, DateOnly today) =>
        wishes
            .Where(w => w.State != WishState.Fulfilled || w.FulfilledOn is { } done && done.AddDays(WishRules.FulfilledShownDays) >= today)
            .OrderBy(w => w.State)
            .ThenByDescending(w => w.State switch
            {
                WishState.Claimed => w.ClaimedOn ?? w.PostedOn,
                WishState.Fulfilled => w.FulfilledOn ?? w.PostedOn,
                _ => w.PostedOn,
            })
            .ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The claim page a wish's QR code opens: {publicUrl}/w/{id}.</summary>
    public static string ClaimUrl(string publicUrl, string wishId) => $"{publicUrl.TrimEnd('/')}/w/{Uri.EscapeDataString(wishId)}";
}
