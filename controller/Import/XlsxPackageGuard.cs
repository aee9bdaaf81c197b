using System.IO.Compression;
using System.Xml;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Looks inside an .xlsx package before the spreadsheet reader opens it: a workbook at all, no more parts
/// than a workbook has, every part (and all of them together) within its unpacked budget as it actually
/// unpacks (declared sizes are the author's word), the shared strings small enough to hold in memory, and no
/// XML part with a document type declaration (entity expansion, external entities).
/// </summary>
public static class XlsxPackageGuard
{
    private const int PrologueBytes = 4096;

    public static void Check(byte[] bytes, CancellationToken cancellationToken)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw SheetFileRefusals.Damaged();
        }
        using (zip)
        {
            IReadOnlyList<ZipArchiveEntry> entries;
            try
            {
                entries = zip.Entries;
            }
            catch (InvalidDataException)
            {
                throw SheetFileRefusals.Damaged();
            }
            if (entries.Count > ImportLimits.MaxPackageEntries)
            {
                throw SheetFileRefusals.TooManyParts();
            }
            if (!entries.Any(e => Name(e) == "xl/workbook.xml"))
            {
                // A zip, but not a workbook: a Word file, a folder of photos.
                throw SheetFileRefusals.NotSpreadsheet();
            }
            long declared = 0;
            foreach (var entry in entries)
            {
                if (entry.Length > Limit(entry))
                {
                    throw IsSharedStrings(entry) ? SheetFileRefusals.TooMuchText() : ImportLimits.UnpacksTooLarge();
                }
                declared += entry.Length;
            }
            if (declared > ImportLimits.MaxUnpackedTotalBytes)
            {
                throw ImportLimits.UnpacksTooLarge();
            }
            long unpacked = 0;
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                unpacked += Inspect(entry, ImportLimits.MaxUnpackedTotalBytes - unpacked);
            }
        }
    }

    /// <summary>Unpacks one part within its budget, checking an XML part's prologue; returns its real size.</summary>
    private static long Inspect(ZipArchiveEntry entry, long remaining)
    {
        var own = Limit(entry);
        var limit = Math.Min(own, remaining);
        Func<Exception> refuse = limit < own ? ImportLimits.UnpacksTooLarge
            : IsSharedStrings(entry) ? SheetFileRefusals.TooMuchText
            : ImportLimits.UnpacksTooLarge;
        try
        {
            using var stream = new BoundedReadStream(entry.Open(), limit, refuse);
            var prologue = new byte[PrologueBytes];
            var length = stream.ReadAtLeast(prologue, prologue.Length, throwOnEndOfStream: false);
            if (IsXml(entry))
            {
                if (HasDoctype(prologue.AsSpan(0, length)))
                {
                    throw SheetFileRefusals.HasDtd();
                }
                // The parser's own refusal covers a declaration pushed past the prologue by comments.
                using var rest = new PrefixedStream(prologue.AsMemory(0, length), stream);
                using var xml = XmlReader.Create(rest, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = false });
                try
                {
                    xml.MoveToContent();
                    if (IsSharedStrings(entry))
                    {
                        CheckLongestString(xml);
                    }
                }
                catch (XmlException)
                {
                    throw SheetFileRefusals.Damaged();
                }
            }
            stream.CopyTo(Stream.Null);
            return stream.Position;
        }
        catch (InvalidDataException)
        {
            throw SheetFileRefusals.Damaged();
        }
    }

    /// <summary>
    /// No shared string longer than a cell can hold in Excel (32,767 characters). The reader copies a shared
    /// string into every cell that refers to it and scans it for escapes each time, so one long string
    /// referenced by every cell would cost time in proportion to both, before any row reaches the budget.
    /// Counted in chunks, so the string itself is never held.
    /// </summary>
    private static void CheckLongestString(XmlReader xml)
    {
        var chunk = new char[4096];
        long length = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                length = 0;
            }
            else if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                int read;
                while ((read = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                {
                    length += read;
                    if (length > ImportLimits.MaxSharedStringCharacters)
                    {
                        throw SheetFileRefusals.StringTooLong();
                    }
                }
            }
        }
    }

    private static long Limit(ZipArchiveEntry entry) =>
        IsSharedStrings(entry) ? ImportLimits.MaxSharedStringsBytes : ImportLimits.MaxUnpackedPartBytes;

    private static string Name(ZipArchiveEntry entry) => entry.FullName.Replace('\\', '/').TrimStart('/').ToLowerInvariant();

    private static bool IsSharedStrings(ZipArchiveEntry entry) => Name(entry).EndsWith("sharedstrings.xml", StringComparison.Ordinal);

    private static bool IsXml(ZipArchiveEntry entry) => Name(entry) is var name && (name.EndsWith(".xml", StringComparison.Ordinal)
        || name.EndsWith(".rels", StringComparison.Ordinal) || name.EndsWith(".vml", StringComparison.Ordinal));

    /// <summary>"&lt;!DOCTYPE" in UTF-8 or either UTF-16, the encodings an XML part may use.</summary>
    private static bool HasDoctype(ReadOnlySpan<byte> prologue) =>
        prologue.IndexOf("<!DOCTYPE"u8) >= 0
        || prologue.IndexOf("<\0!\0D\0O\0C\0T\0Y\0P\0E\0"u8) >= 0
        || prologue.IndexOf("\0<\0!\0D\0O\0C\0T\0Y\0P\0E"u8) >= 0;

    /// <summary>The bytes already read, then the rest of the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length)
            {
                var count = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.Span.Slice(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }
            return rest.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
