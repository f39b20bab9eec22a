using CivicTrack.Features.Reporting.Synthesis;

namespace CivicTrack.Tests.Reporting;

/// <summary>A synthesized report of Tuyên Quang's Department of Science and Technology, built in code.</summary>
internal static class SynthesisSamples
{
    public static readonly SynthesisTable Communes = new(
        "Kết quả hỗ trợ người dân theo xã",
        [new("Đơn vị"), new("Hộ được hỗ trợ", ColumnFormat.Integer), new("Tỷ lệ hồ sơ trực tuyến", ColumnFormat.Percent), new("Điểm bình quân", ColumnFormat.Decimal)],
        [
            ["Xã Thượng Tân", 1234.0, 95.4, 8.25],
            ["Xã Giáp Trung", 410.0, 87.5, null],
            ["Xã Minh Thanh", 96.0, 100.0, 7.5],
            ["Tổng cộng", 1740.0, 94.1, 7.9],
        ],
        LastRowIsTotal: true);

    public static SynthesisDocument Report(string culture = "vi") => new(
        ParentAuthority: "UBND tỉnh Tuyên Quang",
        IssuingUnit: "Sở Khoa học và Công nghệ",
        Number: "125/BC-SKHCN",
        Place: "Tuyên Quang",
        Date: new DateOnly(2025, 10, 27),
        DocumentKind: "Báo cáo",
        Title: "Kết quả chuyển đổi số tháng 10/2025",
        Sections:
        [
            new("Kết quả thực hiện",
                ["Các cơ quan, đơn vị, địa phương đã tổ chức ít nhất một hoạt động hưởng ứng trong tháng 10.",
                 "Tổ công nghệ số cộng đồng hỗ trợ người dân kích hoạt tài khoản định danh điện tử."],
                [Communes],
                [new("Tỷ lệ hồ sơ trực tuyến theo xã", ["Xã Thượng Tân", "Xã Giáp Trung", "Xã Minh Thanh"], [95.4, 87.5, 100], "Tỷ lệ (%)")]),
            new("Nhiệm vụ trọng tâm tháng 11",
                ["Hoàn thành các lớp bồi dưỡng kỹ năng số cho cán bộ cấp xã."],
                [],
                [new("Hộ được hỗ trợ theo tháng", ["T7", "T8", "T9", "T10"], [420, 610, 980, 1740], "Hộ", ChartKind.Line)]),
        ],
        Recipients: ["Bộ Khoa học và Công nghệ", "UBND tỉnh", "Lưu: VT, CĐS"],
        SignerRole: "KT. Giám đốc\nPhó Giám đốc",
        SignerName: "Nguyễn Văn An",
        Culture: culture);
}
