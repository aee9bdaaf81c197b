using LiteDB;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Shared.ProofOfDisplay;

namespace SignageKiosk.Kiosk.ProofOfDisplay;

/// <summary>
/// The kiosk's display hours, in the store beside the content (a snapshot replaces the content, never these; they
/// survive restarts and outages until the controller has them). Per notice and UTC hour: the time shown so far and
/// the seconds the controller has confirmed.
/// </summary>
public sealed class DisplayLog(KioskStore store)
{
    public const string Collection = "display";
    private const long MaxMilliseconds = DisplayRules.MaxSeconds * 1000L;

    public sealed record Row(string NoticeId, DateTimeOffset Hour, int Seconds, int SentSeconds);

    /// <summary>Adds counted time, each hour capped at an hour; all pieces in one transaction.</summary>
    public void Add(IReadOnlyCollection<DisplayPiece> pieces)
    {
        if (pieces.Count == 0)
        {
            return;
        }
        store.Write(database =>
        {
            var hours = Of(database);
            foreach (var piece in pieces)
            {
                var hour = piece.Hour.ToUnixTimeSeconds();
                var key = Key(piece.NoticeId, hour);
                var shown = (long)piece.Duration.TotalMilliseconds;
                if (hours.FindById(key) is { } existing)
                {
                    existing["shownMs"] = Math.Min(existing["shownMs"].AsInt64 + shown, MaxMilliseconds);
                    hours.Update(existing);
                }
                else
                {
                    hours.Insert(Document(piece.NoticeId, hour, Math.Min(shown, MaxMilliseconds), 0));
                }
            }
        });
    }

    /// <summary>Hours whose whole seconds the controller has not confirmed yet, oldest first, none later than <paramref name="notAfter"/>.</summary>
    public List<DisplayRecord> Unsent(DateTimeOffset notAfter, int max)
    {
        var limit = notAfter.ToUnixTimeSeconds();
        return store.Read(database => Rows(database)
            .Where(r => r.Seconds > r.SentSeconds && r.Hour.ToUnixTimeSeconds() <= limit)
            .OrderBy(r => r.Hour).ThenBy(r => r.NoticeId, StringComparer.Ordinal)
            .Take(max)
            .Select(r => new DisplayRecord { NoticeId = r.NoticeId, Hour = r.Hour, Seconds = r.Seconds })
            .ToList());
    }

    /// <summary>The controller stored these: remember how many seconds of each it has (time added since stays unsent).</summary>
    public void MarkSent(IReadOnlyCollection<DisplayRecord> records) => store.Write(database =>
    {
        var hours = Of(database);
        foreach (var record in records)
        {
            if (hours.FindById(Key(record.NoticeId, record.Hour.ToUnixTimeSeconds())) is { } existing && existing["sentSeconds"].AsInt32 < record.Seconds)
            {
                existing["sentSeconds"] = record.Seconds;
                hours.Update(existing);
            }
        }
    });

    /// <summary>Forgets hours before <paramref name="cutoff"/>: the controller would refuse them, sent or not.</summary>
    public int DropBefore(DateTimeOffset cutoff)
    {
        var limit = cutoff.ToUnixTimeSeconds();
        return store.Write(database => Of(database).DeleteMany(Query.LT("hour", limit)));
    }

    /// <summary>The latest hours, newest first (for the kiosk's local /display page).</summary>
    public List<Row> Recent(int max) => store.Read(database => Rows(database)
        .OrderByDescending(r => r.Hour).ThenBy(r => r.NoticeId, StringComparer.Ordinal)
        .Take(max)
        .ToList());

    /// <summary>One hour as the store keeps it (also used to convert the SQLite version's display file).</summary>
    public static BsonDocument Document(string noticeId, long hour, long shownMilliseconds, int sentSeconds) => new()
    {
        ["_id"] = Key(noticeId, hour),
        ["notice"] = noticeId,
        ["hour"] = hour,
        ["shownMs"] = shownMilliseconds,
        ["sentSeconds"] = sentSeconds,
    };

    private static IEnumerable<Row> Rows(LiteDatabase database) => Of(database).FindAll().Select(d => new Row(
        d["notice"].AsString,
        DateTimeOffset.FromUnixTimeSeconds(d["hour"].AsInt64),
        (int)(d["shownMs"].AsInt64 / 1000),
        d["sentSeconds"].AsInt32));

    private static ILiteCollection<BsonDocument> Of(LiteDatabase database) => database.GetCollection(Collection);

    private static string Key(string noticeId, long hour) => noticeId + "@" + hour.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
