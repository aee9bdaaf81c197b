using SignageKiosk.Controller.Places;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Controller.Sync;
using SignageKiosk.Shared.Content;
using SignageKiosk.Shared.Places;
using SignageKiosk.Shared.Reports;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Controller.Reports;

/// <summary>
/// Keeps each compound's monthly figures (本月接诉即办) on its boards: recomputes them from the reports and publishes a
/// <see cref="ReportFigures"/> item (id report-figures:{compoundId}, target the compound) through the change log as
/// "system", only when a count changed. Counts only: the item never carries a reference, building, phone or name.
/// </summary>
public sealed class ReportFiguresPublisher(ControllerDb db, ReportStore reports, Publisher publisher, TimeProvider time, ILogger<ReportFiguresPublisher> logger)
{
    public const string Actor = "system";

    /// <summary>Brings the figures of <paramref name="buildingId"/>'s compound (its nearest compound ancestor) up to date.</summary>
    public async Task RefreshAsync(string buildingId, CancellationToken cancellationToken)
    {
        string? compoundId;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            compoundId = (await KioskDirectory.AncestryWithKindsAsync(connection, null, buildingId, cancellationToken))
                .FirstOrDefault(p => p.Kind == PlaceKind.Compound).Id;
        }
        if (compoundId is null)
        {
            return;
        }
        await RefreshCompoundAsync(compoundId, cancellationToken);
    }

    public async Task RefreshCompoundAsync(string compoundId, CancellationToken cancellationToken)
    {
        var id = ReportFiguresCalculator.ItemId(compoundId);
        var seq = await publisher.WriteAsync(Actor, async (connection, transaction) =>
        {
            // Counted inside the writer, so two refreshes at once publish in the order they counted.
            var now = time.GetUtcNow();
            var counts = ReportFiguresCalculator.Calculate(await reports.FactsAsync(compoundId, ReportFiguresCalculator.MonthBounds(now).Start, cancellationToken), now);
            var stored = await ReportFiguresItemStore.PayloadAsync(connection, transaction, id, cancellationToken);
            if (stored is not null && ReportFiguresCalculator.CountsOf(ContentJson.Deserialize<ReportFigures>(stored)) == counts)
            {
                return [];
            }
            var item = ReportFiguresCalculator.Item(compoundId, counts, now);
            var payload = ContentJson.Serialize((object)item);
            await ReportFiguresItemStore.UpsertAsync(connection, transaction, id, compoundId, payload, now, Actor, cancellationToken);
            return [new ChangeRecord(0, ContentKind.ReportFigures, id, ChangeOp.Upsert, compoundId, null, payload)];
        }, cancellationToken);
        if (seq > 0)
        {
            logger.LogInformation("Published report figures of compound {CompoundId} at seq {Seq}", compoundId, seq);
        }
    }

    /// <summary>Every compound some report is about (the month's turn, and the controller's start).</summary>
    public async Task RefreshAllAsync(CancellationToken cancellationToken)
    {
        var compounds = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            foreach (var building in await reports.ReportedBuildingsAsync(cancellationToken))
            {
                if ((await KioskDirectory.AncestryWithKindsAsync(connection, null, building, cancellationToken)).FirstOrDefault(p => p.Kind == PlaceKind.Compound).Id is { } compound)
                {
                    compounds.Add(compound);
                }
            }
        }
        foreach (var compound in compounds)
        {
            await RefreshCompoundAsync(compound, cancellationToken);
        }
    }
}
