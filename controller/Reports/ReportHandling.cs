using System.Security.Claims;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// What staff do to a report, for the API and the pages alike: the store's move, then the compound's monthly figures
/// (a state change can change them; assigning and notes cannot).
/// </summary>
public sealed class ReportHandling(ReportStore store, ReportFiguresPublisher figures)
{
    public Task AssignAsync(ClaimsPrincipal user, string reference, long userId, CancellationToken cancellationToken) =>
        store.AssignAsync(reference, userId, ReportCaller.From(user), cancellationToken);

    public async Task MoveAsync(ClaimsPrincipal user, string reference, string? state, string? publicReply, string? note, CancellationToken cancellationToken)
    {
        var building = await store.MoveAsync(reference, state, publicReply, note, ReportCaller.From(user), cancellationToken);
        await figures.RefreshAsync(building, cancellationToken);
    }

    public async Task MarkSpamAsync(ClaimsPrincipal user, string reference, CancellationToken cancellationToken)
    {
        var building = await store.MarkSpamAsync(reference, ReportCaller.From(user), cancellationToken);
        await figures.RefreshAsync(building, cancellationToken);
    }

    public Task AddNoteAsync(ClaimsPrincipal user, string reference, string? text, CancellationToken cancellationToken) =>
        store.AddNoteAsync(reference, text, ReportCaller.From(user), cancellationToken);
}
