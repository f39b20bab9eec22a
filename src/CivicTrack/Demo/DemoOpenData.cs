using CivicTrack.Data;
using CivicTrack.Engine.Text;
using CivicTrack.Features.OpenData;

namespace CivicTrack.Demo;

/// <summary>The demo's open-data portal: four published datasets over the figures the demo already holds. Only
/// definitions are written; no data value changes.</summary>
public static class DemoOpenData
{
    public const string KeyIndicators = "chi-tieu-chinh-theo-xa-2025";
    public const string Dossiers = "ho-so-thu-tuc-hanh-chinh-theo-xa-2025";
    public const string ReportingRates = "ty-le-gui-bao-cao-thang";
    public const string Households = "ho-gia-dinh-duoc-ho-tro";

    private static readonly DateTime Issued = new(2025, 7, 1, 1, 0, 0, DateTimeKind.Utc);

    public static async Task LoadAsync(AppDb db, CancellationToken ct)
    {
        static LocalText T(string vi, string en, string bn) => LocalText.Of(vi, en, bn);
        OpenDataset Set(string slug, LocalText title, LocalText description, OpenDatasetKind kind, string items, string keywords,
            OpenDataFrequency frequency, OpenDataPeriodType type, string? from, string? to, string kinds = "Commune,Ward") => new()
            {
                Slug = slug, Title = title, Description = description, Kind = kind, Items = items, Keywords = keywords, Frequency = frequency,
                UnitCode = "08", UnitKinds = kinds, IncludeTotal = true, PeriodType = type, PeriodFrom = from, PeriodTo = to,
                Published = true, IssuedAt = Issued, CreatedAt = Issued, ModifiedAt = Issued,
            };
        db.OpenDatasets.AddRange(
            Set(KeyIndicators,
                T("Chỉ tiêu chuyển đổi số chính theo xã, phường – 2025", "Key digital transformation indicators by commune – 2025", "কমিউন অনুযায়ী প্রধান ডিজিটাল রূপান্তর সূচক – ২০২৫"),
                T("Tỷ lệ hồ sơ trực tuyến và đúng hạn, lượt hỗ trợ của tổ công nghệ số cộng đồng, lượt người học kỹ năng số, cán bộ được tập huấn và hoạt động truyền thông của từng xã, phường, theo tháng năm 2025.",
                  "Online and on-time dossier rates, community digital team support sessions, digital literacy attendances, officials trained and communication activities of each commune and ward, by month of 2025.",
                  "২০২৫ সালের প্রতি মাসে প্রতিটি কমিউন ও ওয়ার্ডের অনলাইন ও সময়মতো আবেদন-নথির হার, কমিউনিটি ডিজিটাল দলের সহায়তা, ডিজিটাল সাক্ষরতায় উপস্থিতি, প্রশিক্ষিত কর্মকর্তা ও প্রচার কার্যক্রম।"),
                OpenDatasetKind.Indicators, "IND_DOSSIERS_ONLINE_PCT,IND_DOSSIERS_ON_TIME_PCT,SUPPORT_SESSIONS,LITERACY_PEOPLE,OFFICIALS_TRAINED,COMM_EVENTS",
                "chuyển đổi số,xã,chỉ tiêu", OpenDataFrequency.Monthly, OpenDataPeriodType.Month, "2025-01", "2025-12"),
            Set(Dossiers,
                T("Hồ sơ thủ tục hành chính theo xã, phường – 2025", "Administrative procedure dossiers by commune – 2025", "কমিউন অনুযায়ী প্রশাসনিক পদ্ধতির আবেদন-নথি – ২০২৫"),
                T("Số hồ sơ tiếp nhận, trực tuyến, đã giải quyết và giải quyết đúng hạn; tỷ lệ đúng hạn và tỷ lệ trực tuyến của từng xã, phường theo tháng.",
                  "Dossiers received, received online, finished and finished on time; the on-time and online rates of each commune and ward, by month.",
                  "প্রতি মাসে প্রতিটি কমিউন ও ওয়ার্ডের গৃহীত, অনলাইনে গৃহীত, নিষ্পন্ন ও সময়মতো নিষ্পন্ন আবেদন-নথি; সময়ানুবর্তিতা ও অনলাইনের হার।"),
                OpenDatasetKind.Dossiers, string.Join(",", OpenDataQuery.DossierItems), "thủ tục hành chính,hồ sơ,dịch vụ công",
                OpenDataFrequency.Monthly, OpenDataPeriodType.Month, "2025-01", "2025-12"),
            Set(ReportingRates,
                T("Tỷ lệ gửi báo cáo chuyển đổi số hằng tháng", "Monthly digital transformation reporting rates", "মাসিক ডিজিটাল রূপান্তর প্রতিবেদন জমার হার"),
                T("Số báo cáo phải gửi, đã gửi và gửi đúng hạn của báo cáo kết quả chuyển đổi số hằng tháng, theo đơn vị trực thuộc tỉnh và theo tháng.",
                  "Reports expected, submitted and submitted on time for the monthly digital transformation results report, by unit under the province and by month.",
                  "মাসিক ডিজিটাল রূপান্তর ফলাফল প্রতিবেদনের প্রত্যাশিত, জমা দেওয়া ও সময়মতো জমা দেওয়া প্রতিবেদন, প্রদেশের অধীন একক ও মাস অনুযায়ী।"),
                OpenDatasetKind.ReportingRates, DemoReporting.MonthlyForm, "báo cáo,chuyển đổi số", OpenDataFrequency.Monthly, OpenDataPeriodType.Month, "2025-01", null, ""),
            Set(Households,
                T("Hộ gia đình được tổ công nghệ số cộng đồng hỗ trợ", "Households supported by community digital technology teams", "কমিউনিটি ডিজিটাল প্রযুক্তি দলের সহায়তাপ্রাপ্ত পরিবার"),
                T("Tỷ lệ và số hộ được hỗ trợ kích hoạt VNeID, mở ví điện tử, thanh toán không dùng tiền mặt và dùng dịch vụ công trực tuyến, theo xã, phường trong năm hiện tại.",
                  "Share and number of households helped to activate VNeID, open an e-wallet, pay cashless and use online public services, by commune and ward in the current year.",
                  "চলতি বছরে কমিউন ও ওয়ার্ড অনুযায়ী VNeID সক্রিয়করণ, ই-ওয়ালেট খোলা, নগদহীন পেমেন্ট ও অনলাইন সরকারি সেবা ব্যবহারে সহায়তাপ্রাপ্ত পরিবারের হার ও সংখ্যা।"),
                OpenDatasetKind.Households, string.Join(",", OpenDataQuery.HouseholdItems), "hộ gia đình,tổ công nghệ số cộng đồng,vneid",
                OpenDataFrequency.Monthly, OpenDataPeriodType.Year, null, null));
        await db.SaveChangesAsync(ct);
    }
}
