using System.Globalization;
using System.Text;
using CivicTrack.Features.Reporting.Synthesis;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using MiniExcelLibs;

namespace CivicTrack.Tests.Reporting;

/// <summary>The synthesized report written as Word and Excel: valid files, the Decree 30 layout, figures in the report's culture.</summary>
public sealed class SynthesisDocumentTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static WordprocessingDocument OpenWord(SynthesisDocument report)
    {
        var output = new MemoryStream();
        WordReport.Write(report, output);
        output.Position = 0;
        return WordprocessingDocument.Open(output, false);
    }

    private static string BodyText(WordprocessingDocument word) =>
        string.Concat(word.MainDocumentPart!.Document.Body!.Descendants<Text>().Select(t => t.Text));

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    [InlineData("bn")]
    public void The_Word_document_validates_against_Office_2019_without_errors(string culture)
    {
        using var word = OpenWord(SynthesisSamples.Report(culture));

        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(word, TestContext.Current.CancellationToken).ToList();

        var report = new StringBuilder();
        foreach (var e in errors) report.AppendLine($"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}");
        Assert.True(errors.Count == 0, report.ToString());
    }

    [Fact]
    public void The_Bengali_document_speaks_bengali_in_a_font_and_language_word_knows_for_it()
    {
        using var word = OpenWord(SynthesisSamples.Report("bn"));

        var text = BodyText(word);
        Assert.Matches("[\u0980-\u09FF]{4,}", text);
        Assert.DoesNotContain("Độc lập - Tự do - Hạnh phúc", text);
        var defaults = word.MainDocumentPart!.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal(WordParts.BengaliFontName, defaults.RunFonts!.ComplexScript!.Value);
        Assert.Equal(("bn-BD", "bn-BD"), (defaults.Languages!.Val!.Value, defaults.Languages.Bidi!.Value));
        Assert.Equal("bn-BD", word.PackageProperties.Language);
    }

    [Fact]
    public void A_bare_report_without_parent_authority_sections_or_recipients_is_still_valid()
    {
        var bare = SynthesisSamples.Report() with
        {
            ParentAuthority = "",
            Sections = [new("Tình hình chung", [], [new SynthesisTable("Trống", [], [])], [new SynthesisChart("Trống", [], [], "")])],
            Recipients = [],
        };
        using var word = OpenWord(bare);

        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(word, TestContext.Current.CancellationToken).ToList();

        Assert.Empty(errors.Select(e => $"{e.Path?.XPath}: {e.Description}"));
        Assert.DoesNotContain("UBND", BodyText(word));
        Assert.Contains("I. Tình hình chung", BodyText(word));
    }

    [Fact]
    public void The_Word_document_carries_the_motto_number_title_units_figures_recipients_and_signer()
    {
        using var word = OpenWord(SynthesisSamples.Report());

        var text = BodyText(word);

        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
        Assert.Contains("Độc lập - Tự do - Hạnh phúc", text);
        Assert.Contains("UBND TỈNH TUYÊN QUANG", text);
        Assert.Contains("SỞ KHOA HỌC VÀ CÔNG NGHỆ", text);
        Assert.Contains("Số: 125/BC-SKHCN", text);
        Assert.Contains("Tuyên Quang, ngày 27 tháng 10 năm 2025", text);
        Assert.Contains("BÁO CÁO", text);
        Assert.Contains("Kết quả chuyển đổi số tháng 10/2025", text);
        Assert.Contains("I. Kết quả thực hiện", text);
        Assert.Contains("II. Nhiệm vụ trọng tâm tháng 11", text);
        Assert.Contains("Bảng 1. Kết quả hỗ trợ người dân theo xã", text);
        Assert.Contains("Biểu đồ 2. Hộ được hỗ trợ theo tháng", text);
        Assert.Contains("Xã Thượng Tân", text);
        Assert.Contains("Xã Giáp Trung", text);
        Assert.Contains("1.234", text);
        Assert.Contains("1.740", text);
        Assert.Contains("95,4%", text);
        Assert.Contains("100,0%", text);
        Assert.Contains("8,25", text);
        Assert.Contains("–", text);
        Assert.Contains("Nơi nhận:", text);
        Assert.Contains("- Bộ Khoa học và Công nghệ;", text);
        Assert.Contains("- Lưu: VT, CĐS.", text);
        Assert.Contains("KT. GIÁM ĐỐC", text);
        Assert.Contains("PHÓ GIÁM ĐỐC", text);
        Assert.Contains("Nguyễn Văn An", text);
    }

    [Fact]
    public void Each_chart_is_embedded_as_a_PNG_image()
    {
        using var word = OpenWord(SynthesisSamples.Report());

        var images = word.MainDocumentPart!.ImageParts.ToList();

        Assert.Equal(2, images.Count);
        foreach (var image in images)
        {
            using var data = image.GetStream();
            var head = new byte[PngSignature.Length];
            data.ReadExactly(head);
            Assert.Equal(PngSignature, head);
        }
        Assert.Equal(2, word.MainDocumentPart.Document.Body!.Descendants<Drawing>().Count());
    }

    [Fact]
    public void In_English_the_motto_date_and_numbers_follow_the_English_culture()
    {
        using var word = OpenWord(SynthesisSamples.Report("en"));

        var text = BodyText(word);

        Assert.Contains("SOCIALIST REPUBLIC OF VIET NAM", text);
        Assert.Contains("Independence - Freedom - Happiness", text);
        Assert.Contains("No.: 125/BC-SKHCN", text);
        Assert.Contains("Tuyên Quang, 27 October 2025", text);
        Assert.Contains("Table 1.", text);
        Assert.Contains("Recipients:", text);
        Assert.Contains("1,234", text);
        Assert.Contains("95.4%", text);
        Assert.DoesNotContain("CỘNG HÒA", text);
        Assert.DoesNotContain("1.234", text);
    }

    [Fact]
    public void The_report_language_does_not_follow_the_thread_culture()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
            using var word = OpenWord(SynthesisSamples.Report("vi"));

            var text = BodyText(word);

            Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
            Assert.Contains("1.234", text);
            Assert.Contains("95,4%", text);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Fact]
    public void The_page_is_A4_portrait_with_the_administrative_margins_in_Times_New_Roman()
    {
        using var word = OpenWord(SynthesisSamples.Report());
        var section = word.MainDocumentPart!.Document.Body!.GetFirstChild<SectionProperties>()!;

        var size = section.GetFirstChild<PageSize>()!;
        var margin = section.GetFirstChild<PageMargin>()!;
        var font = word.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;

        Assert.Equal((11906u, 16838u), (size.Width!.Value, size.Height!.Value));
        Assert.Equal(1134, margin.Top!.Value);
        Assert.Equal(1134, margin.Bottom!.Value);
        Assert.Equal(1701u, margin.Left!.Value);
        Assert.InRange(margin.Right!.Value, 851u, 1134u);
        Assert.Equal("Times New Roman", font.RunFonts!.Ascii!.Value);
        Assert.InRange(int.Parse(font.FontSize!.Val!.Value!, CultureInfo.InvariantCulture), 26, 28);
    }

    [Fact]
    public void Table_numbers_are_right_aligned_and_the_total_row_is_bold()
    {
        using var word = OpenWord(SynthesisSamples.Report());
        var body = word.MainDocumentPart!.Document.Body!;
        Paragraph ParagraphOf(string s) => body.Descendants<Paragraph>().Single(p => p.InnerText == s);

        var figure = ParagraphOf("1.234");
        var total = ParagraphOf("Tổng cộng");
        var unit = ParagraphOf("Xã Thượng Tân");

        Assert.Equal(JustificationValues.Right, figure.ParagraphProperties!.Justification!.Val!.Value);
        Assert.NotNull(total.Descendants<RunProperties>().Single().Bold);
        Assert.NotNull(ParagraphOf("1.740").Descendants<RunProperties>().Single().Bold);
        Assert.Null(unit.Descendants<RunProperties>().Single().Bold);
        var headerRow = total.Ancestors<Table>().Single().Elements<TableRow>().First();
        Assert.NotNull(headerRow.TableRowProperties!.GetFirstChild<TableHeader>());
        Assert.All(headerRow.Descendants<RunProperties>(), r => Assert.NotNull(r.Bold));
    }

    [Theory]
    [InlineData("vi", 2025, 2, 5, "Tuyên Quang, ngày 05 tháng 02 năm 2025")]
    [InlineData("vi", 2025, 10, 7, "Tuyên Quang, ngày 07 tháng 10 năm 2025")]
    [InlineData("vi", 2025, 12, 25, "Tuyên Quang, ngày 25 tháng 12 năm 2025")]
    [InlineData("en", 2025, 2, 5, "Tuyên Quang, 5 February 2025")]
    public void The_date_line_writes_the_day_and_month_as_the_decree_asks(string culture, int year, int month, int day, string expected) =>
        Assert.Equal(expected, SynthesisText.For(culture).DateLine("Tuyên Quang", new DateOnly(year, month, day)));

    [Fact]
    public void The_Excel_workbook_reads_back_with_the_same_numbers_as_numbers()
    {
        var output = new MemoryStream();
        ExcelReport.Write(SynthesisSamples.Report(), output);
        output.Position = 0;

        var sheets = output.GetSheetNames();
        // The second section has a chart and no table: the chart gets a sheet of its own.
        Assert.Equal(["Thông tin", "Kết quả hỗ trợ người dân theo", "Hộ được hỗ trợ theo tháng"], sheets);
        // The table's caption is the first row, its header the second.
        var rows = output.Query(useHeaderRow: true, sheetName: sheets[1], startCell: "A2").Cast<IDictionary<string, object?>>().ToList();

        Assert.Equal(4, rows.Count);
        Assert.Equal("Xã Thượng Tân", rows[0]["Đơn vị"]);
        Assert.Equal(1234d, Assert.IsType<double>(rows[0]["Hộ được hỗ trợ"]));
        // A percentage is stored as a fraction and formatted as a percentage.
        Assert.Equal(0.954, Assert.IsType<double>(rows[0]["Tỷ lệ hồ sơ trực tuyến"]), 10);
        Assert.Equal(8.25, Assert.IsType<double>(rows[0]["Điểm bình quân"]), 10);
        Assert.Null(rows[1]["Điểm bình quân"]);
        Assert.Equal(1740d, Assert.IsType<double>(rows[3]["Hộ được hỗ trợ"]));
        var about = output.Query(useHeaderRow: true, sheetName: sheets[0]).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(about, r => Equals(r["Nội dung"], "125/BC-SKHCN"));
        Assert.Contains(about, r => Equals(r["Nội dung"], "27/10/2025"));
    }

    [Fact]
    public void The_Excel_workbook_is_styled_to_be_handed_over_with_percentages_separators_bold_totals_frozen_headers_filters_and_charts()
    {
        var output = new MemoryStream(ExcelReport.ToBytes(SynthesisSamples.Report()));
        using var book = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(output, false);
        var part = book.WorkbookPart!;
        var sheets = part.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().ToList();
        var table = (DocumentFormat.OpenXml.Packaging.WorksheetPart)part.GetPartById(sheets[1].Id!);
        var formats = part.WorkbookStylesPart!.Stylesheet.NumberingFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.NumberingFormat>()
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value);
        var cellFormats = part.WorkbookStylesPart.Stylesheet.CellFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>().ToList();
        var fonts = part.WorkbookStylesPart.Stylesheet.Fonts!.Elements<DocumentFormat.OpenXml.Spreadsheet.Font>().ToList();
        var rows = table.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
        string? FormatOf(DocumentFormat.OpenXml.Spreadsheet.Cell c) =>
            cellFormats[(int)(c.StyleIndex?.Value ?? 0)].NumberFormatId?.Value is { } id && formats.TryGetValue(id, out var code) ? code : null;
        bool Bold(DocumentFormat.OpenXml.Spreadsheet.Cell c) => fonts[(int)(cellFormats[(int)(c.StyleIndex?.Value ?? 0)].FontId?.Value ?? 0)].Bold is not null;

        // Row 1 the caption, row 2 the header, then the units and the total.
        var header = rows[1].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ToList();
        Assert.All(header, c => Assert.True(Bold(c)));
        // Wrapped headers get a row tall enough for their lines.
        Assert.True(rows[1].CustomHeight?.Value == true && rows[1].Height!.Value >= 30, $"header row height {rows[1].Height?.Value}");
        var first = rows[2].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ToList();
        Assert.Equal("#,##0", FormatOf(first[1]));
        Assert.Equal("0.0%", FormatOf(first[2]));
        Assert.False(Bold(first[1]));
        Assert.All(rows[^1].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>(), c => Assert.True(Bold(c)));
        // The header stays in view and filters the units, not the total.
        var pane = table.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Pane>().Single();
        Assert.Equal((2d, DocumentFormat.OpenXml.Spreadsheet.PaneStateValues.Frozen), (pane.VerticalSplit!.Value, pane.State!.Value));
        Assert.Equal("A2:D5", table.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.AutoFilter>().Single().Reference!.Value);
        Assert.All(table.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Column>(), c => Assert.InRange(c.Width!.Value, 6, 60));
        // The section's chart is a picture under its table, and the chart-only section has its own sheet with its chart.
        Assert.Single(table.DrawingsPart!.ImageParts);
        var chartSheet = (DocumentFormat.OpenXml.Packaging.WorksheetPart)part.GetPartById(sheets[2].Id!);
        Assert.Single(chartSheet.DrawingsPart!.ImageParts);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(book, TestContext.Current.CancellationToken).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")));
    }

    [Fact]
    public void Sheet_names_are_cleaned_cut_to_31_characters_and_unique()
    {
        var names = ExcelReport.SheetNames("Thông tin",
            ["Kết quả [quý 3]: xã/phường?", "Tỷ lệ hồ sơ trực tuyến theo từng xã, phường năm 2025", "Tỷ lệ hồ sơ trực tuyến theo từng xã, phường năm 2024", "thông tin", ""],
            n => $"Bảng {n}");

        Assert.Equal("Thông tin", names[0]);
        Assert.Equal("Kết quả quý 3 xã phường", names[1]);
        Assert.All(names, n => Assert.InRange(n.Length, 1, 31));
        Assert.All(names, n => Assert.True(n.IndexOfAny(['[', ']', ':', '*', '?', '/', '\\']) < 0, n));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("Tỷ lệ hồ sơ trực tuyến theo", names[2]);
        Assert.Equal("Tỷ lệ hồ sơ trực tuyến theo (2)", names[3]);
        Assert.Equal("thông tin (2)", names[4]);
        Assert.Equal("Bảng 5", names[5]);
    }

    [Theory]
    [InlineData(ChartKind.Bar)]
    [InlineData(ChartKind.HorizontalBar)]
    [InlineData(ChartKind.Line)]
    public void A_chart_is_a_PNG_of_the_requested_size(ChartKind kind)
    {
        var chart = new SynthesisChart("Tỷ lệ hồ sơ trực tuyến", ["Xã Thượng Tân", "Xã Giáp Trung"], [95.4, 87.5], "Tỷ lệ (%)", kind);

        var png = ChartImage.Png(chart, 800, 400);

        Assert.Equal(PngSignature, png[..8]);
        // The IHDR chunk holds the width and height, big-endian, at bytes 16–23.
        Assert.Equal(800, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
