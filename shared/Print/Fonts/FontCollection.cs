using System.Buffers.Binary;

namespace SignageKiosk.Shared.Print.Fonts;

/// <summary>
/// Takes one face out of a TrueType/OpenType collection (.ttc) as a standalone font file. Why: Skia's PDF
/// backend subsets a plain .ttf to the glyphs used, but embeds a face from a collection as the whole
/// collection (WenQuanYi Micro Hei: 5 MB in every PDF). The tables are copied unchanged, only their offsets move.
/// </summary>
public static class FontCollection
{
    private const uint CollectionTag = 0x74746366; // 'ttcf'

    public static bool IsCollection(ReadOnlySpan<byte> font) =>
        font.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(font) == CollectionTag;

    /// <summary>The face at <paramref name="index"/> as a font file of its own; a file that is not a collection is returned as is.</summary>
    public static byte[] ExtractFace(byte[] font, int index)
    {
        if (!IsCollection(font))
        {
            return font;
        }
        var span = font.AsSpan();
        var count = BinaryPrimitives.ReadUInt32BigEndian(span[8..]);
        if (index < 0 || index >= count || 12 + 4 * (long)count > font.Length)
        {
            throw new InvalidDataException($"The collection has {count} faces, not face {index}.");
        }
        var header = checked((int)BinaryPrimitives.ReadUInt32BigEndian(span[(12 + 4 * index)..]));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(span[(header + 4)..]);
        var directory = 12 + 16 * tables;
        var records = new List<(uint Tag, uint Checksum, int Offset, int Length)>(tables);
        var size = directory;
        for (var t = 0; t < tables; t++)
        {
            var record = span.Slice(header + 12 + 16 * t, 16);
            var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]));
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
            if ((long)offset + length > font.Length)
            {
                throw new InvalidDataException("A table lies outside the collection.");
            }
            records.Add((BinaryPrimitives.ReadUInt32BigEndian(record), BinaryPrimitives.ReadUInt32BigEndian(record[4..]), offset, length));
            size += (length + 3) & ~3;
        }
        var result = new byte[size];
        span.Slice(header, 12).CopyTo(result); // sfnt version, table count, search hints
        var at = directory;
        for (var t = 0; t < records.Count; t++)
        {
            var (tag, checksum, offset, length) = records[t];
            var entry = result.AsSpan(12 + 16 * t, 16);
            BinaryPrimitives.WriteUInt32BigEndian(entry, tag);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], checksum);
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)at);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)length);
            span.Slice(offset, length).CopyTo(result.AsSpan(at));
            at += (length + 3) & ~3;
        }
        return result;
    }

    /// <summary>
    /// The font with its OS/2 embedding flags set to "restricted". Skia's PDF backend then draws the glyphs it
    /// uses as Type 3 outlines (with a ToUnicode map, so text stays searchable) instead of embedding the whole
    /// font file: this SkiaSharp build has no font subsetter, and a CJK font is megabytes. The change lives
    /// only in this in-memory copy; nothing is written back. A font without an OS/2 table is returned as is.
    /// </summary>
    public static byte[] WithOutlinesOnlyEmbedding(byte[] font)
    {
        if (IsCollection(font) || font.Length < 12)
        {
            return font;
        }
        var span = font.AsSpan();
        var tables = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        for (var t = 0; t < tables && 12 + 16 * (t + 1) <= font.Length; t++)
        {
            var record = span.Slice(12 + 16 * t, 16);
            if (BinaryPrimitives.ReadUInt32BigEndian(record) != 0x4F532F32) // 'OS/2'
            {
                continue;
            }
            var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]));
            if (offset + 10 > font.Length)
            {
                return font;
            }
            var copy = (byte[])font.Clone();
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(offset + 8), 0x0002); // fsType: restricted licence embedding
            return copy;
        }
        return font;
    }
}
