using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static CivicTrack.Features.Reporting.Synthesis.WordParts;

namespace CivicTrack.Features.Reporting.Synthesis;

/// <summary>
/// Writes the synthesized report as a Word document in the Vietnamese administrative layout of Decree 30/2020/NĐ-CP:
/// A4 portrait, Times New Roman, the motto header, number and date line, title, numbered sections, the signature block.
/// </summary>
public static class WordReport
{
    /// <summary>The MIME type of the document, for downloads.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // A4 in twips (1 cm = 567), margins top/bottom 2 cm, left 3 cm, right 1.5 cm.
    private const int PageWidth = 11906, PageHeight = 16838, MarginTop = 1134, MarginBottom = 1134, MarginLeft = 1701, MarginRight = 851;
    private const int TextWidth = PageWidth - MarginLeft - MarginRight;
    private const int HeaderLeft = 3742, HeaderRight = TextWidth - HeaderLeft;
    private const double ChartWidthCm = 16, ChartHeightCm = 8;
    // 16 × 8 cm at 180 dpi, drawn at twice the on-screen scale so the text keeps a print size.
    private const int ChartWidthPx = 1134, ChartHeightPx = 567;
    private const double ChartScale = 2;
    private const string HeaderShading = "D9E2F3";

    /// <summary>Writes the document to <paramref name="output"/>, which need not be seekable.</summary>
    public static void Write(SynthesisDocument doc, Stream output)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(output);
        // The package is assembled in memory because System.IO.Packaging wants a seekable, readable stream.
        using var buffer = new MemoryStream();
        Build(doc, buffer);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>The document as bytes.</summary>
    public static byte[] ToBytes(SynthesisDocument doc)
    {
        using var buffer = new MemoryStream();
        Write(doc, buffer);
        return buffer.ToArray();
    }

    private static void Build(SynthesisDocument doc, Stream stream)
    {
        var text = SynthesisText.For(doc.Culture);
        using var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        word.PackageProperties.Title = doc.Title;
        word.PackageProperties.Creator = doc.IssuingUnit;
        word.PackageProperties.Language = text.LanguageTag;

        var main = word.AddMainDocumentPart();
        main.AddNewPart<StyleDefinitionsPart>().Styles = WordParts.Styles(text.LanguageTag);
        main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(
            new Compatibility(new CompatibilitySetting { Name = CompatSettingNameValues.CompatibilityMode, Uri = "http://schemas.microsoft.com/office/word", Val = "15" }));

        var body = new Body();
        body.Append(HeaderBlock(doc, text));
        body.Append(TitleBlock(doc, text));
        var counters = new Counters();
        for (var i = 0; i < doc.Sections.Count; i++) body.Append(Section(main, doc.Sections[i], i, text, counters));
        body.Append(SignatureBlock(doc, text));
        body.Append(PageSetup(main));
        main.Document = new Document(body);
        main.Document.Save();
    }

    /// <summary>Issuing unit and number on the left, the national motto and the place-and-date line on the right.</summary>
    private static IEnumerable<OpenXmlElement> HeaderBlock(SynthesisDocument doc, SynthesisText text)
    {
        var center = JustificationValues.Center;
        var left = new List<OpenXmlElement>();
        if (!string.IsNullOrWhiteSpace(doc.ParentAuthority)) left.Add(Para(text.Upper(doc.ParentAuthority), Size13, align: center));
        left.Add(Para(text.Upper(doc.IssuingUnit), Size13, bold: true, align: center));
        left.Add(Rule(1300, HeaderLeft, before: 40));

        var right = new List<OpenXmlElement>
        {
            Para(text.MottoCountry, Size13, bold: true, align: center),
            Para(text.MottoLine, Size14, bold: true, align: center),
            // The rule under the motto is about as long as the motto itself.
            Rule(Math.Min(HeaderRight - 200, text.MottoLine.Length * 135), HeaderRight, before: 40),
        };

        var table = Table([HeaderLeft, HeaderRight], borders: false);
        table.Append(Row([Cell(HeaderLeft, left), Cell(HeaderRight, right)]));
        table.Append(Row([
            Cell(HeaderLeft, [Para(text.NumberLine(doc.Number), Size13, align: center, before: 120)]),
            Cell(HeaderRight, [Para(text.DateLine(doc.Place, doc.Date), Size14, italic: true, align: center, before: 120)]),
        ]));
        yield return table;
    }

    private static IEnumerable<OpenXmlElement> TitleBlock(SynthesisDocument doc, SynthesisText text)
    {
        var center = JustificationValues.Center;
        if (!string.IsNullOrWhiteSpace(doc.DocumentKind))
            yield return Para(text.Upper(doc.DocumentKind), Size14, bold: true, align: center, before: 360, keepNext: true);
        yield return Para(doc.Title, Size14, bold: true, align: center, keepNext: true);
        yield return Rule(1700, TextWidth, before: 60, after: 240);
    }

    private static IEnumerable<OpenXmlElement> Section(MainDocumentPart main, SynthesisSection section, int index, SynthesisText text, Counters counters)
    {
        yield return Para(SynthesisText.Heading(index, section.Heading), Size14, bold: true, align: JustificationValues.Both, before: 120, after: 60, keepNext: true);
        foreach (var paragraph in section.Paragraphs)
            yield return Para(paragraph, Size14, align: JustificationValues.Both, after: 120, firstLine: 720);
        // A table without columns has no cells, which WordprocessingML does not allow.
        foreach (var table in section.Tables.Where(t => t.Columns.Count > 0))
        {
            yield return Para(text.TableCaption(++counters.Tables, table.Title), Size13, bold: true, align: JustificationValues.Center, before: 120, after: 60, keepNext: true);
            yield return DataTable(table, text);
            yield return table.Note is { Length: > 0 } note ? Para(note, Size12, italic: true, align: JustificationValues.Both, before: 60, after: 120) : Para("", Size12, after: 60);
        }
        foreach (var chart in section.Charts)
        {
            var id = (uint)++counters.Charts;
            var png = ChartImage.Png(chart, ChartWidthPx, ChartHeightPx, text.LanguageTag, ChartScale);
            yield return new Paragraph(ParaProps(JustificationValues.Center, before: 120, keepNext: true), Image(main, png, ChartWidthCm, ChartHeightCm, id, chart.Title));
            yield return Para(text.ChartCaption(counters.Charts, chart.Title), Size13, italic: true, align: JustificationValues.Center, after: 120);
        }
    }

    /// <summary>A bordered table: shaded bold header row repeated on each page, numbers right-aligned, the total row bold.</summary>
    private static Table DataTable(SynthesisTable data, SynthesisText text)
    {
        var widths = ColumnWidths(data.Columns);
        var table = Table(widths, borders: true);
        table.Append(Row(data.Columns.Select((c, i) =>
            Cell(widths[i], [Para(c.Header, Size12, bold: true, align: JustificationValues.Center)], HeaderShading, middle: true)), header: true));
        for (var r = 0; r < data.Rows.Count; r++)
        {
            var bold = data.LastRowIsTotal && r == data.Rows.Count - 1;
            var row = data.Rows[r];
            table.Append(Row(data.Columns.Select((c, i) =>
            {
                var value = i < row.Count ? row[i] : null;
                var align = SynthesisText.IsNumeric(c.Format) && value is not string ? JustificationValues.Right : JustificationValues.Left;
                return Cell(widths[i], [Para(text.Cell(value, c.Format), Size12, bold: bold, align: align)], middle: true);
            })));
        }
        return table;
    }

    /// <summary>Text columns take one and a half shares of the width, number columns one.</summary>
    private static int[] ColumnWidths(IReadOnlyList<SynthesisColumn> columns)
    {
        if (columns.Count == 0) return [TextWidth];
        var shares = columns.Select(c => c.Format == ColumnFormat.Text ? 3.0 : 2.0).ToArray();
        var total = shares.Sum();
        var widths = shares.Select(s => (int)(TextWidth * s / total)).ToArray();
        widths[0] += TextWidth - widths.Sum();
        return widths;
    }

    /// <summary>"Nơi nhận" with the recipients on the left; the signer's role, room to sign and the name on the right.</summary>
    private static IEnumerable<OpenXmlElement> SignatureBlock(SynthesisDocument doc, SynthesisText text)
    {
        const int leftWidth = 4536, rightWidth = TextWidth - leftWidth;
        var left = new List<OpenXmlElement> { Para(text.RecipientsLabel, Size12, bold: true, italic: true) };
        left.AddRange(SynthesisText.RecipientLines(doc.Recipients).Select(r => Para(r, Size11)));

        var center = JustificationValues.Center;
        var right = new List<OpenXmlElement>();
        right.AddRange(text.SignerRoleLines(doc.SignerRole).Select(r => Para(r, Size14, bold: true, align: center)));
        // Room for the handwritten signature and the seal.
        right.Add(Para(doc.SignerName, Size14, bold: true, align: center, before: 1700));

        yield return Para("", Size12, before: 120);
        var table = Table([leftWidth, rightWidth], borders: false);
        table.Append(Row([Cell(leftWidth, left), Cell(rightWidth, right)]));
        yield return table;
    }

    /// <summary>A4 portrait with the Decree 30 margins; page numbers centred at the top from the second page on.</summary>
    private static SectionProperties PageSetup(MainDocumentPart main)
    {
        var numbered = main.AddNewPart<HeaderPart>();
        numbered.Header = new Header(new Paragraph(
            ParaProps(JustificationValues.Center),
            new SimpleField(Run("1", Size13)) { Instruction = " PAGE " }));
        var first = main.AddNewPart<HeaderPart>();
        first.Header = new Header(new Paragraph());

        return new SectionProperties(
            new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(numbered) },
            new HeaderReference { Type = HeaderFooterValues.First, Id = main.GetIdOfPart(first) },
            new PageSize { Width = (UInt32Value)(uint)PageWidth, Height = (UInt32Value)(uint)PageHeight, Orient = PageOrientationValues.Portrait },
            new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = (uint)MarginLeft, Right = (uint)MarginRight, Header = 567U, Footer = 567U, Gutter = 0U },
            new Columns { Space = "720" },
            new TitlePage());
    }

    private sealed class Counters
    {
        public int Tables;
        public int Charts;
    }
}
