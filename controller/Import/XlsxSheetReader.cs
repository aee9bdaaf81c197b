using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using SignageKiosk.Controller.Api;
using SignageKiosk.Shared.Import;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Reads the first visible worksheet of an .xlsx into rows of text, straight from the package's XML:
/// shared and inline strings (phonetic runs left out), numbers as Excel shows them, and cells formatted
/// as dates or times (Excel's serial numbers, 1900 or 1904 based) as "2026-11-23 20:00".
/// </summary>
public static class XlsxSheetReader
{
    private const string RelationshipsNamespaceSuffix = "/relationships";

    public static List<SheetRow> Read(byte[] bytes, int maxRows)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw NotXlsx();
        }
        using (zip)
        {
            try
            {
                var workbookPath = Relationships(zip, "").FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target ?? "xl/workbook.xml";
                var (sheetId, date1904) = FirstSheet(zip, workbookPath);
                var parts = Relationships(zip, workbookPath);
                var sheetPath = parts.FirstOrDefault(r => r.Id == sheetId).Target ?? throw NotXlsx();
                var strings = parts.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target is { } stringsPath
                    ? SharedStrings(zip, stringsPath)
                    : [];
                var styles = parts.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target is { } stylesPath
                    ? CellFormats(zip, stylesPath)
                    : [];
                return Rows(zip, sheetPath, strings, styles, date1904, maxRows);
            }
            catch (XmlException)
            {
                throw NotXlsx();
            }
            catch (InvalidDataException)
            {
                throw NotXlsx();
            }
        }
    }

    private static ApiException NotXlsx() => ApiException.BadRequest("这不是有效的 .xlsx 文件（请在 Excel 里另存为“Excel 工作簿 (*.xlsx)”或 CSV）");

    private readonly record struct Relationship(string Id, string Type, string? Target);

    /// <summary>The relationships of a part ("" for the package), with targets resolved to entry names.</summary>
    private static List<Relationship> Relationships(ZipArchive zip, string partPath)
    {
        var directory = partPath.Contains('/', StringComparison.Ordinal) ? partPath[..(partPath.LastIndexOf('/') + 1)] : "";
        var relsPath = directory + "_rels/" + partPath[directory.Length..] + ".rels";
        var result = new List<Relationship>();
        if (Entry(zip, relsPath) is not { } entry)
        {
            return result;
        }
        using var reader = Xml(entry);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship")
            {
                var target = reader.GetAttribute("Target");
                var external = reader.GetAttribute("TargetMode") == "External";
                result.Add(new Relationship(reader.GetAttribute("Id") ?? "", reader.GetAttribute("Type") ?? "",
                    target is null || external ? null : Resolve(directory, target)));
            }
        }
        return result;
    }

    private static string Resolve(string directory, string target)
    {
        var path = target.StartsWith('/') ? target[1..] : directory + target;
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    /// <summary>The relationship id of the first sheet not hidden, and whether dates count from 1904 (old Mac files).</summary>
    private static (string SheetId, bool Date1904) FirstSheet(ZipArchive zip, string workbookPath)
    {
        using var reader = Xml(Entry(zip, workbookPath) ?? throw NotXlsx());
        string? first = null;
        string? visible = null;
        var date1904 = false;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            if (reader.LocalName == "workbookPr")
            {
                date1904 = reader.GetAttribute("date1904") is "1" or "true";
            }
            else if (reader.LocalName == "sheet")
            {
                var id = RelationshipId(reader);
                first ??= id;
                if (visible is null && reader.GetAttribute("state") is null or "visible")
                {
                    visible = id;
                }
            }
        }
        return (visible ?? first ?? throw ApiException.BadRequest("这个 .xlsx 文件里没有工作表"), date1904);
    }

    private static string? RelationshipId(XmlReader reader)
    {
        for (var i = 0; i < reader.AttributeCount; i++)
        {
            reader.MoveToAttribute(i);
            if (reader.LocalName == "id" && reader.NamespaceURI.EndsWith(RelationshipsNamespaceSuffix, StringComparison.Ordinal))
            {
                var value = reader.Value;
                reader.MoveToElement();
                return value;
            }
        }
        reader.MoveToElement();
        return null;
    }

    private static List<string> SharedStrings(ZipArchive zip, string path)
    {
        var result = new List<string>();
        if (Entry(zip, path) is not { } entry)
        {
            return result;
        }
        using var reader = Xml(entry);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                result.Add(RichText(reader));
            }
        }
        return result;
    }

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt;: every &lt;t&gt;, but not the phonetic guide (&lt;rPh&gt;) some editors add.</summary>
    private static string RichText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return "";
        }
        var text = new StringBuilder();
        var depth = reader.Depth;
        var phonetic = 0;
        var inText = 0;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when !reader.IsEmptyElement:
                    phonetic += reader.LocalName == "rPh" ? 1 : 0;
                    inText += reader.LocalName == "t" ? 1 : 0;
                    break;
                case XmlNodeType.EndElement:
                    phonetic -= reader.LocalName == "rPh" ? 1 : 0;
                    inText -= reader.LocalName == "t" ? 1 : 0;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inText > 0 && phonetic == 0:
                    text.Append(reader.Value);
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>For each cell style (the s="" index), whether it shows a number as a date, a time, or as a number.</summary>
    private static List<DateStyle> CellFormats(ZipArchive zip, string path)
    {
        var result = new List<DateStyle>();
        if (Entry(zip, path) is not { } entry)
        {
            return result;
        }
        var custom = new Dictionary<int, string>();
        var inCellXfs = false;
        using var reader = Xml(entry);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "numFmt"
                && int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id))
            {
                custom[id] = reader.GetAttribute("formatCode") ?? "";
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "cellXfs")
            {
                inCellXfs = !reader.IsEmptyElement;
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }
            else if (inCellXfs && reader.NodeType == XmlNodeType.Element && reader.LocalName == "xf")
            {
                var formatId = int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0;
                result.Add(XlsxDateFormats.Classify(formatId, custom.GetValueOrDefault(formatId)));
            }
        }
        return result;
    }

    private static List<SheetRow> Rows(ZipArchive zip, string path, List<string> strings, List<DateStyle> styles, bool date1904, int maxRows)
    {
        using var reader = Xml(Entry(zip, path) ?? throw NotXlsx());
        var rows = new List<SheetRow>();
        var filled = 0;
        var rowNumber = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }
            rowNumber = int.TryParse(reader.GetAttribute("r"), CultureInfo.InvariantCulture, out var r) && r > 0 ? r : rowNumber + 1;
            var cells = new List<string>();
            if (!reader.IsEmptyElement)
            {
                ReadCells(reader, cells, strings, styles, date1904);
            }
            var row = new SheetRow(rowNumber, cells);
            if (row.IsBlank)
            {
                continue;
            }
            if (++filled > maxRows)
            {
                throw ImportLimits.TooManyRows();
            }
            rows.Add(row);
        }
        return rows;
    }

    private static void ReadCells(XmlReader reader, List<string> cells, List<string> strings, List<DateStyle> styles, bool date1904)
    {
        var rowDepth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == rowDepth))
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
            {
                continue;
            }
            var column = ColumnIndex(reader.GetAttribute("r")) ?? cells.Count;
            var type = reader.GetAttribute("t") ?? "n";
            var style = int.TryParse(reader.GetAttribute("s"), CultureInfo.InvariantCulture, out var s) && s >= 0 && s < styles.Count ? styles[s] : DateStyle.None;
            string? value = null;
            string? inline = null;
            if (!reader.IsEmptyElement)
            {
                var cellDepth = reader.Depth;
                while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == cellDepth))
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v")
                    {
                        value = reader.ReadElementContentAsString();
                        if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == cellDepth)
                        {
                            break;
                        }
                    }
                    else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "is")
                    {
                        inline = RichText(reader);
                    }
                }
            }
            if (column >= ImportLimits.MaxColumns)
            {
                continue;
            }
            while (cells.Count <= column)
            {
                cells.Add("");
            }
            cells[column] = CellText(type, value, inline, style, strings, date1904);
        }
    }

    private static string CellText(string type, string? value, string? inline, DateStyle style, List<string> strings, bool date1904)
    {
        switch (type)
        {
            case "s":
                return int.TryParse(value, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < strings.Count ? strings[index] : "";
            case "inlineStr":
                return inline ?? value ?? "";
            case "b":
                return value == "1" ? "是" : "否";
            case "d":
                return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? ImportMoment.Format(iso) : value ?? "";
            case "n" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return style == DateStyle.None ? number.ToString("G15", CultureInfo.InvariantCulture) : XlsxDateFormats.Format(number, style, date1904);
            default:
                // "str" (a formula's text), "e" (an error such as #N/A), or a number that does not parse.
                return value ?? inline ?? "";
        }
    }

    /// <summary>"AB12" → 27.</summary>
    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                index = index * 26 + (c - 'A' + 1);
                letters++;
            }
            else
            {
                break;
            }
        }
        return letters is 0 or > 3 ? null : index - 1;
    }

    private static ZipArchiveEntry? Entry(ZipArchive zip, string path) =>
        zip.GetEntry(path) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName.Replace('\\', '/'), path, StringComparison.OrdinalIgnoreCase));

    private static XmlReader Xml(ZipArchiveEntry entry)
    {
        if (entry.Length > ImportLimits.MaxUnpackedPartBytes)
        {
            throw ImportLimits.TooLarge();
        }
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            CloseInput = true,
        };
        return XmlReader.Create(new BoundedReadStream(entry.Open(), ImportLimits.MaxUnpackedPartBytes), settings);
    }
}
