using System.Text.Json.Nodes;
using LiteDB;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// Reads a stopped kiosk's LiteDB store from the outside (read-only, the way an engineer would look at a kiosk's disk):
/// its cursor, its items and its other collections, with the document shapes the kiosk writes.
/// </summary>
public sealed class KioskStoreFile : IDisposable
{
    public const string FileName = "kiosk.db";
    public const string GoodCopyName = "kiosk.good.db";
    private readonly LiteDatabase _database;

    private KioskStoreFile(string path) =>
        _database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true });

    /// <summary>Opens the store in <paramref name="dataDirectory"/>; null when the kiosk has not written one yet.</summary>
    public static KioskStoreFile? Open(string dataDirectory, string fileName = FileName)
    {
        var path = Path.Combine(dataDirectory, fileName);
        return File.Exists(path) ? new KioskStoreFile(path) : null;
    }

    public long Cursor => _database.GetCollection("meta").FindById("cursor") is { } c ? c["value"].AsInt64 : 0;

    public string? Fingerprint => _database.GetCollection("meta").FindById("fingerprint")?["value"].AsString;
    public string? KioskId => _database.GetCollection("meta").FindById("kiosk")?["value"].AsString;

    public IEnumerable<(string Kind, string Id, string Payload)> Items =>
        _database.GetCollection("items").FindAll().Select(d => (d["kind"].AsString, d["id"].AsString, d["payload"].AsString)).ToList();

    public int Count(string kind, string idPrefix = "") => Items.Count(i => i.Kind == kind && i.Id.StartsWith(idPrefix, StringComparison.Ordinal));

    /// <summary>How many documents a collection holds (e.g. the reports outbox).</summary>
    public int Documents(string collection) => _database.GetCollection(collection).Count();

    /// <summary>Notice id → title.</summary>
    public Dictionary<string, string> NoticeTitles() => Items.Where(i => i.Kind == "notices")
        .ToDictionary(i => i.Id, i => JsonNode.Parse(i.Payload)!["title"]!.GetValue<string>());

    public int MediaCount => _database.GetCollection("media").Count();

    /// <summary>Display hours: notice, hour (unix seconds), milliseconds shown, seconds the controller confirmed.</summary>
    public List<(string Notice, long Hour, long ShownMs, int SentSeconds)> DisplayHours() =>
        _database.GetCollection("display").FindAll().Select(d => (d["notice"].AsString, d["hour"].AsInt64, d["shownMs"].AsInt64, d["sentSeconds"].AsInt32)).ToList();

    /// <summary>(cursor, notices whose id starts with <paramref name="idPrefix"/>) of a store, or (0, 0) when there is none yet.</summary>
    public static (long Cursor, long Count) CursorAndNotices(string dataDirectory, string idPrefix)
    {
        using var store = Open(dataDirectory);
        return store is null ? (0, 0) : (store.Cursor, store.Count("notices", idPrefix));
    }

    public void Dispose() => _database.Dispose();
}
