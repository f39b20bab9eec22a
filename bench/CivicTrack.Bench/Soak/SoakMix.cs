using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CivicTrack.Bench.Surge;

namespace CivicTrack.Bench.Soak;

/// <summary>The kinds of operation the soak sends.</summary>
public enum SoakKind : byte { Submit, Save, Analytics, Explore, Rates, Import }

/// <summary>One import report: its unit and the workbook sent again and again.</summary>
public sealed record ImportReport(string Unit, byte[] Workbook);

/// <summary>The soak's mix: operation <c>i</c> of the schedule is always the same request, so a run can be checked afterwards.
/// Of every 20 operations: 8 submissions, 5 draft saves, 3 analytics reads, 2 explorer reads, 1 reporting-rates read, 1 import.</summary>
public sealed class SoakMix(SurgeData data, string month, string draftQuarter, string importQuarter, IReadOnlyList<ImportReport> imports)
{
    public const string DraftForm = "BC-SOAK-QUY";
    public const int DraftElementCount = 10;

    private const SoakKind S = SoakKind.Submit, V = SoakKind.Save, A = SoakKind.Analytics, E = SoakKind.Explore, R = SoakKind.Rates, I = SoakKind.Import;
    private static readonly SoakKind[] Pattern = [S, V, A, S, E, V, S, A, S, V, R, S, A, V, S, E, S, V, S, I];
    private static readonly int[][] Before = Prefix();

    public static IReadOnlyList<SoakKind> Kinds { get; } = Enum.GetValues<SoakKind>();

    /// <summary>The share of each kind in the mix.</summary>
    public static double Share(SoakKind kind) => Pattern.Count(k => k == kind) / (double)Pattern.Length;

    public static SoakKind KindOf(long i) => Pattern[i % Pattern.Length];

    /// <summary>How many operations of operation <paramref name="i"/>'s kind come before it.</summary>
    public static long Sequence(long i) =>
        i / Pattern.Length * Pattern.Count(k => k == KindOf(i)) + Before[i % Pattern.Length][(int)KindOf(i)];

    public static string DraftElement(int k) => $"D{k:D3}";

    /// <summary>The commune (1-based) and month of the <paramref name="n"/>-th submission: every commune for this month, then
    /// every commune for the month before, and so on, so no report is submitted twice and the run never runs out.</summary>
    public (int Commune, string Period) Submission(long n) =>
        ((int)(n % data.CommuneCount) + 1, MonthsBefore(month, (int)(n / data.CommuneCount)));

    /// <summary>The commune (1-based) of the <paramref name="n"/>-th draft save, round the communes.</summary>
    public int SaveCommune(long n) => (int)(n % data.CommuneCount) + 1;

    /// <summary>The value of draft element <paramref name="k"/> in the <paramref name="n"/>-th save: each save of a report changes it.</summary>
    public static int SaveValue(long n, int k) => (int)((n * 7 + k * 131) % 10_000);

    public string DraftQuarter => draftQuarter;
    public string ImportQuarter => importQuarter;
    public IReadOnlyList<ImportReport> Imports => imports;

    /// <summary>The request of operation <paramref name="i"/>.</summary>
    public HttpRequestMessage Request(long i)
    {
        var n = Sequence(i);
        switch (KindOf(i))
        {
            case SoakKind.Submit:
            {
                var (commune, period) = Submission(n);
                return Json(HttpMethod.Post, $"/api/reports/{SurgeData.FormCode}/{data.Communes[commune - 1]}/{period}/submit", data.Body(commune, period));
            }
            case SoakKind.Save:
            {
                var json = new StringBuilder("{\"values\":[");
                for (var k = 1; k <= DraftElementCount; k++)
                    json.Append(CultureInfo.InvariantCulture, $"{(k > 1 ? "," : "")}{{\"element\":\"{DraftElement(k)}\",\"value\":{SaveValue(n, k)}}}");
                json.Append("]}");
                return Json(HttpMethod.Put, $"/api/reports/{DraftForm}/{data.Communes[SaveCommune(n) - 1]}/{draftQuarter}", Encoding.UTF8.GetBytes(json.ToString()));
            }
            case SoakKind.Analytics:
            {
                // The province's year of five elements, or one commune's, as a dashboard shows them.
                var unit = n % 2 == 0 ? SurgeData.RootCode : data.Communes[(int)(n / 2 % data.CommuneCount)];
                return new HttpRequestMessage(HttpMethod.Get, $"/api/analytics?indicators=E001,E002,E003,E004,E005&units={unit}&periods={MonthsBefore(month, 11)}..{month}");
            }
            case SoakKind.Explore:
            {
                var unit = data.Communes[(int)(n * 37 % data.CommuneCount)];
                return new HttpRequestMessage(HttpMethod.Get,
                    $"/api/explore?items=E001,E002,E003,E004,E005,E006,E007,E008,E009,E010&units={unit}&periods={MonthsBefore(month, 11)}..{month}&by=month");
            }
            case SoakKind.Rates:
                return new HttpRequestMessage(HttpMethod.Get, $"/api/reporting-rates?form={SurgeData.FormCode}&unit={SurgeData.RootCode}");
            default:
            {
                var report = imports[(int)(n % imports.Count)];
                var content = new MultipartFormDataContent();
                var file = new ByteArrayContent(report.Workbook);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                content.Add(file, "file", "report.xlsx");
                return new HttpRequestMessage(HttpMethod.Post, $"/api/reports/{DraftForm}/{report.Unit}/{importQuarter}/import") { Content = content };
            }
        }
    }

    /// <summary>The month <paramref name="count"/> months before <paramref name="month"/> (yyyy-MM).</summary>
    public static string MonthsBefore(string month, int count)
    {
        var m = DateTime.ParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture).AddMonths(-count);
        return m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>This quarter and the one before, in Viet Nam time (e.g. 2026Q4, 2026Q3).</summary>
    public static (string Current, string Previous) Quarters()
    {
        var now = DateTime.UtcNow.AddHours(7);
        var q = (now.Month - 1) / 3 + 1;
        var (py, pq) = q == 1 ? (now.Year - 1, 4) : (now.Year, q - 1);
        return (string.Create(CultureInfo.InvariantCulture, $"{now.Year}Q{q}"), string.Create(CultureInfo.InvariantCulture, $"{py}Q{pq}"));
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, byte[] body)
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    private static int[][] Prefix()
    {
        var kinds = Enum.GetValues<SoakKind>().Length;
        var before = new int[Pattern.Length][];
        var counts = new int[kinds];
        for (var r = 0; r < Pattern.Length; r++)
        {
            before[r] = (int[])counts.Clone();
            counts[(int)Pattern[r]]++;
        }
        return before;
    }
}
