using LiteDB;
using SignageKiosk.Shared.Media;

namespace SignageKiosk.Kiosk.Media;

/// <summary>The media files the kiosk has whole and verified (by SHA-256), one document each in the store.</summary>
public static class MediaIndex
{
    public const string Collection = "media";

    public static void Mark(LiteDatabase database, MediaRef media, DateTimeOffset at) =>
        database.GetCollection(Collection).Upsert(new BsonDocument { ["_id"] = media.Sha256, ["size"] = media.Size, ["verifiedAt"] = at.UtcDateTime });

    public static void Forget(LiteDatabase database, string sha256) => database.GetCollection(Collection).Delete(sha256);

    public static HashSet<string> Verified(LiteDatabase database) =>
        database.GetCollection(Collection).FindAll().Select(d => d["_id"].AsString).ToHashSet(StringComparer.Ordinal);
}
