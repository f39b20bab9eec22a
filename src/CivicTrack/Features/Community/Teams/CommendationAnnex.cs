using System.Globalization;
using CivicTrack.Features.Reporting.Synthesis;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using static CivicTrack.Features.Reporting.Synthesis.WordParts;

namespace CivicTrack.Features.Community.Teams;

/// <summary>
/// The annex to a commendation decision (Phụ lục — Danh sách đề nghị khen thưởng) as a Word document in the Vietnamese
/// administrative layout the synthesized report uses: A4, Times New Roman, the issuing unit beside the national motto, the
/// title, and one bordered table (STT, collective, unit, achievements, score). It is an official paper, so it is written in
/// Vietnamese whatever the reader's language, and it holds no personal data: collectives and figures only.
/// </summary>
public static class CommendationAnnex
{
    public const string ContentType = WordReport.ContentType;

    private const int PageWidth = 11906, PageHeight = 16838, MarginTop = 1134, MarginBottom = 1134, MarginLeft = 1701, MarginRight = 851;
    private const int TextWidth = PageWidth - MarginLeft - MarginRight;
    private const int HeaderLeft = 3742, HeaderRight = TextWidth - HeaderLeft;
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static byte[] ToBytes(CommendationResult result, int top, DateOnly date)
    {
        using var buffer = new MemoryStream();
        using (var word = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            word.PackageProperties.Title = "Danh sách đề nghị khen thưởng";
            word.PackageProperties.Creator = result.UnitName;
            word.PackageProperties.Language = "vi-VN";
            var main = word.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = WordParts.Styles("vi-VN");
            var body = new Body();
            body.Append(Header(result, date));
            body.Append(Title(result));
            body.Append(List(result, top));
            body.Append(Para(Note(result), Size12, italic: true, align: JustificationValues.Both, before: 120));
            body.Append(new SectionProperties(
                new PageSize { Width = (UInt32Value)(uint)PageWidth, Height = (UInt32Value)(uint)PageHeight, Orient = PageOrientationValues.Portrait },
                new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = (uint)MarginLeft, Right = (uint)MarginRight, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return buffer.ToArray();
    }

    private static IEnumerable<OpenXmlElement> Header(CommendationResult result, DateOnly date)
    {
        var center = JustificationValues.Center;
        var table = Table([HeaderLeft, HeaderRight], borders: false);
        table.Append(Row([
            Cell(HeaderLeft, [Para(result.UnitName.ToUpper(Vi), Size13, bold: true, align: center), Rule(1300, HeaderLeft, before: 40)]),
            Cell(HeaderRight, [
                Para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Size13, bold: true, align: center),
                Para("Độc lập - Tự do - Hạnh phúc", Size14, bold: true, align: center),
                Rule(2600, HeaderRight, before: 40),
            ]),
        ]));
        table.Append(Row([
            Cell(HeaderLeft, [Para("", Size13)]),
            Cell(HeaderRight, [Para($"ngày {date.Day:00} tháng {date.Month:00} năm {date.Year}", Size14, italic: true, align: center, before: 120)]),
        ]));
        yield return table;
    }

    private static IEnumerable<OpenXmlElement> Title(CommendationResult result)
    {
        var center = JustificationValues.Center;
        yield return Para("Phụ lục", Size14, bold: true, align: center, before: 360, keepNext: true);
        yield return Para("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", Size14, bold: true, align: center, keepNext: true);
        var what = result.Of == "teams" ? "tổ công nghệ số cộng đồng" : "xã, phường";
        yield return Para($"(Các {what} có thành tích xuất sắc trong chuyển đổi số cộng đồng, kỳ {result.Period})", Size14, italic: true, align: center, keepNext: true);
        yield return Rule(1700, TextWidth, before: 60, after: 240);
    }

    private static Table List(CommendationResult result, int top)
    {
        int[] widths = [700, 2600, 1900, 3354, 800];
        var table = Table(widths, borders: true);
        string[] headers = ["STT", "Tên tập thể", "Đơn vị", "Tóm tắt thành tích", "Điểm"];
        table.Append(Row(headers.Select((h, i) => Cell(widths[i], [Para(h, Size12, bold: true, align: JustificationValues.Center)], "D9E2F3", middle: true)), header: true));
        foreach (var row in result.Rows.Take(top))
        {
            table.Append(Row([
                Cell(widths[0], [Para(row.Rank.ToString(Vi), Size12, align: JustificationValues.Center)]),
                Cell(widths[1], [Para(row.Name, Size12)]),
                Cell(widths[2], [Para(row.UnitName, Size12)]),
                Cell(widths[3], [Para(Achievements(row), Size12, align: JustificationValues.Both)]),
                Cell(widths[4], [Para(row.Score.ToString("0.0", Vi), Size12, align: JustificationValues.Right)]),
            ]));
        }
        return table;
    }

    /// <summary>The figures behind a place, in words: "Bao phủ hộ gia đình 78,5%; 12 hoạt động; báo cáo đúng hạn 91,7%; KPI nhiệm vụ 85,0%".</summary>
    public static string Achievements(CommendationRow row)
    {
        var parts = new List<string>();
        double? V(string key) => row.Components.TryGetValue(key, out var f) ? f.Value : null;
        if (V(CommendationService.Coverage) is { } c) parts.Add($"Bao phủ hộ gia đình {c.ToString("0.0", Vi)}%");
        if (V(CommendationService.Activities) is { } a) parts.Add($"{a.ToString("#,0", Vi)} hoạt động hưởng ứng chuyển đổi số");
        if (V(CommendationService.OnTime) is { } o) parts.Add($"báo cáo đúng hạn {o.ToString("0.0", Vi)}%");
        if (V(CommendationService.Kpi) is { } k) parts.Add($"KPI nhiệm vụ {k.ToString("0.0", Vi)}%");
        return parts.Count == 0 ? "—" : string.Join("; ", parts) + ".";
    }

    private static string Note(CommendationResult result) =>
        "Điểm (0–100) là tổng có trọng số của các thành phần đã chuẩn hóa về 0–1 giữa các đơn vị được xếp hạng: "
        + string.Join(", ", result.Components.Where(c => c.Used).Select(c => $"{Label(c.Key)} {(100 * c.Weight).ToString("0", Vi)}%")) + ".";

    private static string Label(string key) => key switch
    {
        CommendationService.Coverage => "bao phủ hộ gia đình",
        CommendationService.Activities => "hoạt động đã tổ chức",
        CommendationService.OnTime => "báo cáo đúng hạn",
        _ => "KPI nhiệm vụ",
    };
}
