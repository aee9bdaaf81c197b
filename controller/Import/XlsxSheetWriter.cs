using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using SignageKiosk.Shared.Import;

namespace SignageKiosk.Controller.Import;

/// <summary>
/// Writes one sheet as a minimal .xlsx package that Excel, WPS and LibreOffice open: shared strings, a bold
/// frozen header row, text-formatted cells (so a phone number stays text when edited) and real date cells.
/// </summary>
public static class XlsxSheetWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string OfficeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    // Indexes into cellXfs in Styles below.
    private const int HeaderStyle = 1;
    private const int DateTimeStyle = 2;
    private const int TextStyle = 3;

    public static byte[] Write(ExportSheet sheet)
    {
        var strings = new List<string>();
        var stringIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int Share(string text)
        {
            if (!stringIndex.TryGetValue(text, out var index))
            {
                index = strings.Count;
                strings.Add(text);
                stringIndex[text] = index;
            }
            return index;
        }

        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
                <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                </Types>
                """);
            Add(zip, "_rels/.rels", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="{PackageRelationships}">
                <Relationship Id="rId1" Type="{OfficeRelationships}/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """);
            Add(zip, "xl/_rels/workbook.xml.rels", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="{PackageRelationships}">
                <Relationship Id="rId1" Type="{OfficeRelationships}/worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId2" Type="{OfficeRelationships}/styles" Target="styles.xml"/>
                <Relationship Id="rId3" Type="{OfficeRelationships}/sharedStrings" Target="sharedStrings.xml"/>
                </Relationships>
                """);
            AddXml(zip, "xl/workbook.xml", xml =>
            {
                xml.WriteStartElement("workbook", Main);
                xml.WriteAttributeString("xmlns", "r", null, OfficeRelationships);
                xml.WriteStartElement("sheets", Main);
                xml.WriteStartElement("sheet", Main);
                xml.WriteAttributeString("name", SheetName(sheet.Title));
                xml.WriteAttributeString("sheetId", "1");
                xml.WriteAttributeString("id", OfficeRelationships, "rId1");
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndElement();
            });
            Add(zip, "xl/styles.xml", Styles);
            AddXml(zip, "xl/worksheets/sheet1.xml", xml => WriteSheet(xml, sheet, Share));
            AddXml(zip, "xl/sharedStrings.xml", xml =>
            {
                xml.WriteStartElement("sst", Main);
                xml.WriteAttributeString("count", strings.Count.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("uniqueCount", strings.Count.ToString(CultureInfo.InvariantCulture));
                foreach (var text in strings)
                {
                    xml.WriteStartElement("si", Main);
                    xml.WriteStartElement("t", Main);
                    if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
                    {
                        xml.WriteAttributeString("xml", "space", null, "preserve");
                    }
                    xml.WriteString(text);
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            });
        }
        return memory.ToArray();
    }

    private static void WriteSheet(XmlWriter xml, ExportSheet sheet, Func<string, int> share)
    {
        xml.WriteStartElement("worksheet", Main);
        xml.WriteStartElement("sheetViews", Main);
        xml.WriteStartElement("sheetView", Main);
        xml.WriteAttributeString("workbookViewId", "0");
        // The header stays in view while scrolling through a long roster.
        xml.WriteStartElement("pane", Main);
        xml.WriteAttributeString("ySplit", "1");
        xml.WriteAttributeString("topLeftCell", "A2");
        xml.WriteAttributeString("activePane", "bottomLeft");
        xml.WriteAttributeString("state", "frozen");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("cols", Main);
        for (var column = 0; column < sheet.Headers.Count; column++)
        {
            xml.WriteStartElement("col", Main);
            var number = (column + 1).ToString(CultureInfo.InvariantCulture);
            xml.WriteAttributeString("min", number);
            xml.WriteAttributeString("max", number);
            xml.WriteAttributeString("width", Width(sheet, column).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("customWidth", "1");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("sheetData", Main);
        WriteRow(xml, 1, sheet.Headers.Select(SheetCell.Of).ToList(), share, HeaderStyle);
        for (var index = 0; index < sheet.Rows.Count; index++)
        {
            WriteRow(xml, index + 2, sheet.Rows[index], share, TextStyle);
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteRow(XmlWriter xml, int rowNumber, IReadOnlyList<SheetCell> cells, Func<string, int> share, int textStyle)
    {
        xml.WriteStartElement("row", Main);
        xml.WriteAttributeString("r", rowNumber.ToString(CultureInfo.InvariantCulture));
        for (var column = 0; column < cells.Count; column++)
        {
            var cell = cells[column];
            var reference = ImportHeader.ColumnName(column) + rowNumber.ToString(CultureInfo.InvariantCulture);
            if (cell.Moment is { } moment)
            {
                Cell(xml, reference, null, DateTimeStyle, moment.ToOADate().ToString("R", CultureInfo.InvariantCulture));
            }
            else if (cell.Number is { } number)
            {
                Cell(xml, reference, null, 0, number.ToString("R", CultureInfo.InvariantCulture));
            }
            else if (!string.IsNullOrEmpty(cell.Text))
            {
                Cell(xml, reference, "s", textStyle, share(XmlSafe(cell.Text)).ToString(CultureInfo.InvariantCulture));
            }
        }
        xml.WriteEndElement();
    }

    private static void Cell(XmlWriter xml, string reference, string? type, int style, string value)
    {
        xml.WriteStartElement("c", Main);
        xml.WriteAttributeString("r", reference);
        if (style != 0)
        {
            xml.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        }
        if (type is not null)
        {
            xml.WriteAttributeString("t", type);
        }
        xml.WriteElementString("v", Main, value);
        xml.WriteEndElement();
    }

    /// <summary>Column width in characters; a Chinese character is about two.</summary>
    private static double Width(ExportSheet sheet, int column)
    {
        static int Measure(SheetCell cell) => cell.Moment is not null ? 17
            : (cell.Text ?? cell.Number?.ToString(CultureInfo.InvariantCulture) ?? "").Sum(c => c > 0x2E80 ? 2 : 1);
        var widest = sheet.Rows.Select(r => column < r.Count ? Measure(r[column]) : 0).Append(Measure(SheetCell.Of(sheet.Headers[column]))).Max();
        return Math.Clamp(widest + 2, 8, 50);
    }

    /// <summary>Excel's rules for sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string title)
    {
        var name = new string(title.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim('\'');
        return name.Length == 0 ? "Sheet1" : name[..Math.Min(name.Length, 31)];
    }

    /// <summary>XML 1.0 cannot carry most control characters; they have no place in a roster anyway.</summary>
    private static string XmlSafe(string text) =>
        text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')) ? new string(text.Where(c => c >= 0x20 || c is '\t' or '\n' or '\r').ToArray()) : text;

    private static void Add(ZipArchive zip, string path, string content)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(new UTF8Encoding(false).GetBytes(content.Trim()));
    }

    private static void AddXml(ZipArchive zip, string path, Action<XmlWriter> write)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        using var stream = entry.Open();
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        xml.WriteStartDocument(standalone: true);
        write(xml);
        xml.WriteEndDocument();
    }

    private const string Styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
        <fonts count="2">
        <font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>
        <font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>
        </fonts>
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
        <cellXfs count="4">
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
        <xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
        </cellXfs>
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
        </styleSheet>
        """;
}
