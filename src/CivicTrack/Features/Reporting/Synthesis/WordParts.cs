using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace CivicTrack.Features.Reporting.Synthesis;

/// <summary>The small WordprocessingML pieces the synthesized report is built from: runs, paragraphs, tables, rules, images.</summary>
internal static class WordParts
{
    /// <summary>Font sizes in half-points, as WordprocessingML counts them.</summary>
    public const int Size11 = 22, Size12 = 24, Size13 = 26, Size14 = 28;

    public const string FontName = "Times New Roman";

    /// <summary>The font for Bengali text (shipped with Windows since version 8.1).</summary>
    public const string BengaliFontName = "Nirmala UI";

    public static Run Run(string text, int halfPoints = Size14, bool bold = false, bool italic = false)
    {
        var run = new Run(RunProps(halfPoints, bold, italic));
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        return run;
    }

    public static RunProperties RunProps(int halfPoints, bool bold = false, bool italic = false) => new()
    {
        Bold = bold ? new Bold() : null,
        BoldComplexScript = bold ? new BoldComplexScript() : null,
        Italic = italic ? new Italic() : null,
        ItalicComplexScript = italic ? new ItalicComplexScript() : null,
        FontSize = new FontSize { Val = Half(halfPoints) },
        FontSizeComplexScript = new FontSizeComplexScript { Val = Half(halfPoints) },
    };

    /// <summary>A paragraph of one run; spacing in twentieths of a point.</summary>
    public static Paragraph Para(string text, int halfPoints = Size14, bool bold = false, bool italic = false,
        JustificationValues? align = null, int before = 0, int after = 0, int firstLine = 0, bool keepNext = false)
    {
        var props = ParaProps(align, before, after, firstLine, keepNext);
        props.ParagraphMarkRunProperties = new ParagraphMarkRunProperties(new FontSize { Val = Half(halfPoints) });
        return new Paragraph(props, Run(text, halfPoints, bold, italic));
    }

    public static ParagraphProperties ParaProps(JustificationValues? align = null, int before = 0, int after = 0, int firstLine = 0, bool keepNext = false) => new()
    {
        KeepNext = keepNext ? new KeepNext() : null,
        SpacingBetweenLines = new SpacingBetweenLines { Before = Twips(before), After = Twips(after), Line = "264", LineRule = LineSpacingRuleValues.Auto },
        Indentation = firstLine > 0 ? new Indentation { FirstLine = Twips(firstLine) } : null,
        Justification = align is { } a ? new Justification { Val = a } : null,
    };

    /// <summary>
    /// A short horizontal rule of <paramref name="widthTwips"/>, centred in a space <paramref name="spaceTwips"/> wide:
    /// the line under the issuing unit, the motto and the title in the Decree 30/2020 layout.
    /// </summary>
    public static Paragraph Rule(int widthTwips, int spaceTwips, int before = 0, int after = 0)
    {
        var side = Math.Max(0, (spaceTwips - widthTwips) / 2);
        return new Paragraph(new ParagraphProperties
        {
            ParagraphBorders = new ParagraphBorders(new TopBorder { Val = BorderValues.Single, Size = 6, Space = 0, Color = "000000" }),
            SpacingBetweenLines = new SpacingBetweenLines { Before = Twips(before), After = Twips(after), Line = "40", LineRule = LineSpacingRuleValues.Exact },
            Indentation = new Indentation { Left = Twips(side), Right = Twips(side) },
            ParagraphMarkRunProperties = new ParagraphMarkRunProperties(new FontSize { Val = "4" }),
        });
    }

    /// <summary>A fixed-layout table; <paramref name="borders"/> false gives the borderless tables of the header and the signature block.</summary>
    public static Table Table(IReadOnlyList<int> widths, bool borders)
    {
        var total = widths.Sum();
        var props = new TableProperties
        {
            TableWidth = new TableWidth { Width = Twips(total), Type = TableWidthUnitValues.Dxa },
            TableBorders = borders ? Borders(BorderValues.Single) : Borders(BorderValues.None),
            TableLayout = new TableLayout { Type = TableLayoutValues.Fixed },
            TableCellMarginDefault = new TableCellMarginDefault(
                new TopMargin { Width = borders ? "40" : "0", Type = TableWidthUnitValues.Dxa },
                new TableCellLeftMargin { Width = borders ? (short)85 : (short)40, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = borders ? "40" : "0", Type = TableWidthUnitValues.Dxa },
                new TableCellRightMargin { Width = borders ? (short)85 : (short)40, Type = TableWidthValues.Dxa }),
            TableLook = new TableLook { Val = "04A0", FirstRow = true, LastRow = false, FirstColumn = true, LastColumn = false, NoHorizontalBand = false, NoVerticalBand = true },
        };
        if (borders) props.TableJustification = new TableJustification { Val = TableRowAlignmentValues.Center };
        return new Table(props, new TableGrid(widths.Select(w => new GridColumn { Width = Twips(w) })));
    }

    private static TableBorders Borders(BorderValues kind)
    {
        uint size = kind == BorderValues.None ? 0U : 4U;
        return new TableBorders(
            new TopBorder { Val = kind, Size = size, Space = 0, Color = "auto" },
            new LeftBorder { Val = kind, Size = size, Space = 0, Color = "auto" },
            new BottomBorder { Val = kind, Size = size, Space = 0, Color = "auto" },
            new RightBorder { Val = kind, Size = size, Space = 0, Color = "auto" },
            new InsideHorizontalBorder { Val = kind, Size = size, Space = 0, Color = "auto" },
            new InsideVerticalBorder { Val = kind, Size = size, Space = 0, Color = "auto" });
    }

    public static TableCell Cell(int width, IEnumerable<OpenXmlElement> paragraphs, string? shading = null, bool middle = false)
    {
        var props = new TableCellProperties
        {
            TableCellWidth = new TableCellWidth { Width = Twips(width), Type = TableWidthUnitValues.Dxa },
            Shading = shading is null ? null : new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = shading },
            TableCellVerticalAlignment = middle ? new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center } : null,
        };
        var cell = new TableCell(props);
        cell.Append(paragraphs);
        // A cell must hold at least one paragraph.
        if (!cell.Elements<Paragraph>().Any()) cell.Append(new Paragraph());
        return cell;
    }

    public static TableRow Row(IEnumerable<TableCell> cells, bool header = false)
    {
        var props = new TableRowProperties(new CantSplit());
        if (header) props.Append(new TableHeader());
        var row = new TableRow(props);
        row.Append(cells);
        return row;
    }

    /// <summary>An inline PNG image of the given size in centimetres, with its alternative text.</summary>
    public static Run Image(MainDocumentPart main, byte[] png, double widthCm, double heightCm, uint id, string description)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var data = new MemoryStream(png)) part.FeedData(data);
        var relationship = main.GetIdOfPart(part);
        long cx = (long)(widthCm * 360000), cy = (long)(heightCm * 360000); // EMU per centimetre
        var name = $"Chart {id}";
        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = name, Description = description },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(
                        new PIC.NonVisualDrawingProperties { Id = 0U, Name = name + ".png", Description = description },
                        new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(
                        new A.Blip { Embed = relationship, CompressionState = A.BlipCompressionValues.Print },
                        new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0U,
            DistanceFromBottom = 0U,
            DistanceFromLeft = 0U,
            DistanceFromRight = 0U,
        };
        return new Run(new Drawing(inline));
    }

    /// <summary>Times New Roman for Latin text, the body size, and the document's language for spelling and hyphenation.
    /// Bengali is a complex script to Word: its text takes <see cref="BengaliFontName"/> and the Bengali language.</summary>
    public static Styles Styles(string languageTag)
    {
        var bengali = languageTag.StartsWith("bn", StringComparison.OrdinalIgnoreCase);
        return new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle
            {
                RunFonts = new RunFonts { Ascii = FontName, HighAnsi = FontName, ComplexScript = bengali ? BengaliFontName : FontName, EastAsia = FontName },
                FontSize = new FontSize { Val = Half(Size14) },
                FontSizeComplexScript = new FontSizeComplexScript { Val = Half(Size14) },
                Languages = new Languages { Val = languageTag, EastAsia = languageTag, Bidi = bengali ? languageTag : "ar-SA" },
            }),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle
            {
                SpacingBetweenLines = new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto },
            })),
        new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
        new Style(new StyleName { Val = "Normal Table" }, new UIPriority { Val = 99 }, new SemiHidden(), new UnhideWhenUsed(),
            new StyleTableProperties(
                new TableIndentation { Width = 0, Type = TableWidthUnitValues.Dxa },
                new TableCellMarginDefault(
                    new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 108, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 108, Type = TableWidthValues.Dxa })))
        { Type = StyleValues.Table, StyleId = "TableNormal", Default = true });
    }

    public static string Twips(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Half(int halfPoints) => Twips(halfPoints);
}
