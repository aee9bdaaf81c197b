using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LiteDB;

namespace SignageKiosk.Kiosk.Storage;

/// <summary>
/// The count of cached items and an order-free digest of them (XOR of a 64-bit hash of each item's kind, id and
/// payload), written in the same transaction as the items. LiteDB 5 does not fsync its commits (LiteDB issue 2818)
/// and can open a file whose pages a power cut tore without complaint; recomputing the seal on open and comparing
/// catches that, where a successful open alone would not.
/// </summary>
public readonly record struct StoreSeal(long Count, long Digest)
{
    public static readonly StoreSeal Empty = new(0, 0);

    public StoreSeal With(string kind, string id, string payload) => new(Count + 1, Digest ^ Hash(kind, id, payload));

    public StoreSeal Without(string kind, string id, string payload) => new(Count - 1, Digest ^ Hash(kind, id, payload));

    public static long Hash(string kind, string id, string payload)
    {
        var text = Encoding.UTF8.GetBytes(kind + "\u001f" + id + "\u001f" + payload);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(text, hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    public BsonDocument ToDocument() => new() { ["_id"] = "seal", ["count"] = Count, ["digest"] = Digest };

    public static StoreSeal FromDocument(BsonDocument? document) =>
        document is null ? Empty : new StoreSeal(document["count"].AsInt64, document["digest"].AsInt64);
}
