using LiteDB;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Shared.Reports;

namespace SignageKiosk.Kiosk.Reports;

/// <summary>
/// Residents' reports waiting for the controller, in the store (they survive restarts, power cuts and outages). One
/// document per idempotency key: pending until the controller answers, then delivered with its reference (or refused
/// with the controller's reason). The phone number is dropped in the same write that records the answer: it is kept
/// on the kiosk only as long as it must be.
/// </summary>
public sealed class ReportOutbox(KioskStore store)
{
    public const string Collection = "reports";
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Refused = "refused";

    public sealed record Entry(string Key, string State, string? Reference, string? Refusal, DateTimeOffset CreatedAt);

    /// <summary>Raised after a report is added: the sender tries at once.</summary>
    public event Action? Added;

    public void Add(ResidentReport report)
    {
        store.Write(database => Of(database).Insert(new BsonDocument
        {
            ["_id"] = report.IdempotencyKey,
            ["state"] = Pending,
            ["category"] = (int)report.Category,
            ["buildingId"] = report.BuildingId,
            ["unitId"] = report.UnitId is null ? BsonValue.Null : report.UnitId,
            ["phrases"] = new BsonArray(report.Phrases.Select(p => new BsonValue(p))),
            ["phone"] = report.Phone is null ? BsonValue.Null : report.Phone,
            ["createdAt"] = report.CreatedAt.ToUnixTimeMilliseconds(),
        }));
        Added?.Invoke();
    }

    /// <summary>Reports not yet answered, oldest first.</summary>
    public List<ResidentReport> PendingReports(int max) => store.Read(database => Of(database).Find(Query.EQ("state", Pending))
        .Select(d => new ResidentReport
        {
            IdempotencyKey = d["_id"].AsString,
            Category = (ReportCategory)d["category"].AsInt32,
            BuildingId = d["buildingId"].AsString,
            UnitId = d["unitId"].IsNull ? null : d["unitId"].AsString,
            Phrases = [.. d["phrases"].AsArray.Select(p => p.AsString)],
            Phone = d["phone"].IsNull ? null : d["phone"].AsString,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(d["createdAt"].AsInt64),
        })
        .OrderBy(r => r.CreatedAt)
        .Take(max)
        .ToList());

    /// <summary>How many reports wait for the controller.</summary>
    public int PendingCount() => store.Read(database => Of(database).Count(Query.EQ("state", Pending)));

    /// <summary>The controller has it: its reference is kept and the phone number dropped, in one write.</summary>
    public void MarkDelivered(string key, string reference) => Answer(key, Delivered, "reference", reference);

    /// <summary>The controller will never take it (say, a building not at this screen): stop sending it, drop the phone.</summary>
    public void MarkRefused(string key, string reason) => Answer(key, Refused, "refusal", reason);

    public Entry? Get(string key) => store.Read(database => Of(database).FindById(key) is { } d
        ? new Entry(d["_id"].AsString, d["state"].AsString,
            d.TryGetValue("reference", out var reference) && !reference.IsNull ? reference.AsString : null,
            d.TryGetValue("refusal", out var refusal) && !refusal.IsNull ? refusal.AsString : null,
            DateTimeOffset.FromUnixTimeMilliseconds(d["createdAt"].AsInt64))
        : null);

    private void Answer(string key, string state, string field, string value) => store.Write(database =>
    {
        var reports = Of(database);
        if (reports.FindById(key) is { } document && document["state"].AsString == Pending)
        {
            document["state"] = state;
            document[field] = value;
            document["phone"] = BsonValue.Null;
            reports.Update(document);
        }
    });

    private static ILiteCollection<BsonDocument> Of(LiteDatabase database) => database.GetCollection(Collection);
}
