using LiteDB;

namespace SignageKiosk.Kiosk.Storage;

/// <summary>Small named values in the store (cursor, chain fingerprint, kiosk id, seal), each one document.</summary>
public static class StoreMeta
{
    public const string Collection = "meta";
    public const string Cursor = "cursor";
    public const string Fingerprint = "fingerprint";
    public const string KioskId = "kiosk";
    private const string Seal = "seal";

    public static long ReadCursor(LiteDatabase database) =>
        Of(database).FindById(Cursor) is { } document ? document["value"].AsInt64 : 0;

    public static string? ReadText(LiteDatabase database, string key) =>
        Of(database).FindById(key) is { } document && document["value"].IsString ? document["value"].AsString : null;

    public static void WriteCursor(LiteDatabase database, long cursor) =>
        Of(database).Upsert(new BsonDocument { ["_id"] = Cursor, ["value"] = cursor });

    public static void WriteText(LiteDatabase database, string key, string? value)
    {
        if (value is null)
        {
            Of(database).Delete(key);
            return;
        }
        Of(database).Upsert(new BsonDocument { ["_id"] = key, ["value"] = value });
    }

    public static StoreSeal ReadSeal(LiteDatabase database) => StoreSeal.FromDocument(Of(database).FindById(Seal));

    public static void WriteSeal(LiteDatabase database, StoreSeal seal) => Of(database).Upsert(seal.ToDocument());

    private static ILiteCollection<BsonDocument> Of(LiteDatabase database) => database.GetCollection(Collection);
}
