using LiteDB;
using SignageKiosk.Kiosk.Storage;
using SignageKiosk.Shared.Roster;

namespace SignageKiosk.Kiosk.Cache;

/// <summary>
/// The cached content items in the store: one document per item, keyed "kind/id", holding the controller's JSON.
/// Every write keeps the store's seal (count and digest) in step inside the same transaction.
/// </summary>
public static class CachedItems
{
    public const string Collection = "items";

    public static ILiteCollection<BsonDocument> Of(LiteDatabase database) => database.GetCollection(Collection);

    /// <summary>Writes one item (private numbers masked: a kiosk never keeps one whole, whoever sent it).</summary>
    public static StoreSeal Put(LiteDatabase database, StoreSeal seal, string kind, string id, string payload)
    {
        var items = Of(database);
        seal = Remove(items, seal, kind, id);
        var masked = PrivatePhonePayload.Mask(kind, payload) ?? payload;
        items.Insert(new BsonDocument { ["_id"] = Key(kind, id), ["kind"] = kind, ["id"] = id, ["payload"] = masked });
        return seal.With(kind, id, masked);
    }

    public static StoreSeal Delete(LiteDatabase database, StoreSeal seal, string kind, string id) => Remove(Of(database), seal, kind, id);

    /// <summary>Kind and JSON of every item, in kind then id order.</summary>
    public static List<(string Kind, string Json)> All(LiteDatabase database) =>
        Of(database).FindAll()
            .Select(d => (Kind: d["kind"].AsString, Id: d["id"].AsString, Json: d["payload"].AsString))
            .OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => (r.Kind, r.Json))
            .ToList();

    /// <summary>The seal recomputed from what the file holds now; a missing field is damage too.</summary>
    public static StoreSeal Recompute(LiteDatabase database)
    {
        var seal = StoreSeal.Empty;
        foreach (var document in Of(database).FindAll())
        {
            string Field(string name) => document[name] is { IsString: true } value ? value.AsString : throw new StoreDamagedException($"an item lacks its {name}");
            seal = seal.With(Field("kind"), Field("id"), Field("payload"));
        }
        return seal;
    }

    private static StoreSeal Remove(ILiteCollection<BsonDocument> items, StoreSeal seal, string kind, string id)
    {
        var key = Key(kind, id);
        if (items.FindById(key) is not { } old)
        {
            return seal;
        }
        items.Delete(key);
        return seal.Without(kind, id, old["payload"].AsString);
    }

    private static string Key(string kind, string id) => kind + "/" + id;
}
