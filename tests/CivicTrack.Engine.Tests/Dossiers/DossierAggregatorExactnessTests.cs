using System.Globalization;
using System.Text;
using CivicTrack.Engine.Dossiers;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests.Dossiers;

/// <summary>The monthly counts of every unit, read from a file full of hard cases and random dossiers, equal a plain count
/// written from the sentences of the dossier rules, under the default rules and each provincial setting.</summary>
public sealed class DossierAggregatorExactnessTests
{
    // The province P; districts D1 and D2; communes C11 and C12 under D1, C21 under D2.
    private static readonly (string Code, int Key, string? Parent)[] Tree =
        [("P", 0, null), ("D1", 1, "P"), ("C11", 2, "D1"), ("C12", 3, "D1"), ("D2", 4, "P"), ("C21", 5, "D2")];

    private static readonly TestUnits Units = new(Tree.ToDictionary(u => u.Code, u => u.Key));

    private static readonly DossierRules[] AllRules =
        [DossierRules.Default, new(WithdrawnAsFinished: true), new(OverdueInOnTimeBase: true)];

    /// <summary>The codes of a unit and every unit under it.</summary>
    private static string[] Subtree(string code) =>
        [code, .. Tree.Where(u => u.Parent == code).SelectMany(u => Subtree(u.Code))];

    private static DateOnly D(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>A dossier as the file means it: dates are the business dates in Vietnam its texts stand for.</summary>
    private sealed record Dossier(
        string Code, string ProcedureName, byte Channel, string Receiving, string Handling, DateOnly? Received, DateOnly? Due,
        DateOnly? Finished, DateOnly? Returned, byte Status, bool Digitized, bool PaidOnline, bool Vneid)
    {
        public string ProcedureCode { get; init; } = "1.000001";
        public string Sector { get; init; } = "Tư pháp";
        public byte? ServiceLevel { get; init; } = 3;
    }

    /// <summary>A line of the file: the dossier, its fields as written, and whether the reader must refuse it.</summary>
    private sealed record FileRow(Dossier Dossier, Dictionary<string, string> Fields, bool Refused);

    private static FileRow Row(Dossier d, string? received = null, string? due = null, string? finished = null, string? returned = null,
        bool refused = false, Action<Dictionary<string, string>>? change = null)
    {
        static string Bare(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        var fields = new Dictionary<string, string>
        {
            [DossierColumns.Code] = d.Code, [DossierColumns.ProcedureCode] = d.ProcedureCode, [DossierColumns.ProcedureName] = d.ProcedureName,
            [DossierColumns.Sector] = d.Sector, [DossierColumns.ServiceLevel] = d.ServiceLevel?.ToString(CultureInfo.InvariantCulture) ?? "",
            [DossierColumns.Channel] = d.Channel.ToString(CultureInfo.InvariantCulture), [DossierColumns.ReceivingUnit] = d.Receiving,
            [DossierColumns.HandlingUnit] = d.Handling, [DossierColumns.ReceivedAt] = received ?? Bare(d.Received),
            [DossierColumns.DueAt] = due ?? Bare(d.Due), [DossierColumns.FinishedAt] = finished ?? Bare(d.Finished),
            [DossierColumns.ReturnedAt] = returned ?? Bare(d.Returned), [DossierColumns.Status] = d.Status.ToString(CultureInfo.InvariantCulture),
            [DossierColumns.Digitized] = d.Digitized ? "1" : "0", [DossierColumns.PaidOnline] = d.PaidOnline ? "true" : "",
            [DossierColumns.VneidVerified] = d.Vneid ? "TRUE" : "false",
        };
        change?.Invoke(fields);
        return new(d, fields, refused);
    }

    private static Dossier Open(string code, string handling, string received, string? due, byte status = 4, string? receiving = null) =>
        new(code, "Đăng ký khai sinh", 2, receiving ?? handling, handling, D(received), due is null ? null : D(due), null, null, status, false, false, true);

    private static Dossier Done(string code, string handling, string received, string? due, string finished, byte status = 10,
        string? returned = null, string? receiving = null, byte channel = 1) =>
        new(code, "Cấp bản sao trích lục", channel, receiving ?? handling, handling, D(received), due is null ? null : D(due), D(finished),
            returned is null ? null : D(returned), status, true, true, false);

    private static Dossier Withdrawn(string code, string handling, string received, string? due, string? finished, string? returned) =>
        new(code, "Chứng thực chữ ký", 3, handling, handling, D(received), due is null ? null : D(due), finished is null ? null : D(finished),
            returned is null ? null : D(returned), DossierStatus.Withdrawn, false, true, false);

    /// <summary>The hard cases, in file order; later rows of a code replace earlier ones.</summary>
    private static IEnumerable<FileRow> HardCases()
    {
        // Timestamps that cross midnight in Vietnam, also across month and year ends.
        yield return Row(Done("Z-1", "C11", "2025-11-01", "2025-12-01", "2025-11-30"),
            received: "2025-10-31T17:30:00Z", due: "2025-11-30T17:00:00Z", finished: "2025-11-30T16:59:59Z");
        yield return Row(Open("Z-2", "C11", "2025-10-01", "2025-10-31"), received: "2025-09-30T20:00:00+00:00");
        yield return Row(Done("Z-3", "C12", "2025-10-01", "2025-10-30", "2025-11-01", status: 9),
            received: "2025-10-01T06:59:59+07:00", finished: "2025-11-01T00:00:00+07:00", due: "2025-10-29T17:00:00Z");
        yield return Row(Done("Z-4", "C12", "2025-10-15", "2025-10-31", "2025-10-31"), finished: "2025-10-31T23:59:59+07:00", due: "2025-10-31 08:00");
        yield return Row(Done("Z-5", "D1", "2025-01-01", "2025-01-31", "2025-02-01"),
            received: "2024-12-31T17:00:00Z", finished: "2025-01-31T17:00:00.000Z", due: "2025-01-31T09:00:00.5+07:00");
        yield return Row(Done("Z-6", "C21", "2025-02-28", null, "2025-02-28"), received: "2025-03-01T01:30:00+09:00", finished: "2025-03-01 01:59:00+09:00");
        yield return Row(Open("Z-7", "C21", "2025-07-01", null, status: 2), received: "2025-06-30T12:30:00-05:00");
        yield return Row(Open("Z-8", "P", "2025-05-20", "2025-06-01", status: 5),
            received: "2025-05-20T10:00:00+0700", due: "2025-05-31T17:00:00Z");
        yield return Row(Done("Z-9", "C11", "2025-12-31", "2025-12-31", "2026-01-01", status: 10, returned: "2026-01-01"),
            received: "2025-12-31T23:59:59+07:00", due: "2025-12-31", finished: "2025-12-31T17:00:00Z", returned: "2025-12-31 17:00:00+00:00");
        // Due on the last day of a month: overdue from the next month only.
        yield return Row(Open("E-1", "C11", "2024-02-10", "2024-02-29", status: 5));
        yield return Row(Open("E-2", "C12", "2024-01-31", "2024-01-31", status: 1));
        yield return Row(Open("E-3", "D2", "2025-04-30", "2025-04-30", status: 6));
        yield return Row(Done("E-4", "C21", "2025-04-01", "2025-04-30", "2025-05-01", status: 9));
        yield return Row(Done("E-5", "C21", "2025-04-01", "2025-04-30", "2025-04-30", status: 9));
        yield return Row(Done("E-6", "C21", "2025-04-01", "2025-04-30", "2025-04-29", status: 10));
        // No due date: on time, never overdue.
        yield return Row(Done("N-1", "C11", "2024-03-03", null, "2024-07-15"));
        yield return Row(Open("N-2", "C12", "2024-03-03", null, status: 8));
        // Withdrawn: with and without a finished date, with and without a returned date.
        yield return Row(Withdrawn("W-1", "C11", "2025-10-05", "2025-10-20", "2025-11-03", "2025-11-04"));
        yield return Row(Withdrawn("W-2", "C11", "2025-09-15", "2025-09-30", null, "2025-11-01"), returned: "2025-10-31T18:00:00Z");
        yield return Row(Withdrawn("W-3", "C12", "2025-08-20", "2025-08-25", null, null));
        yield return Row(Withdrawn("W-4", "D1", "2025-08-01", "2025-08-10", "2025-08-10", null));
        yield return Row(Withdrawn("W-5", "C21", "2025-06-10", "2025-06-12", "2025-09-30", "2025-10-02"), finished: "2025-09-30T16:59:00Z");
        yield return Row(Withdrawn("W-6", "P", "2025-01-15", null, null, "2025-03-31"));
        // A finished date on a dossier still in progress counts as finished.
        yield return Row(Done("F-1", "C12", "2025-03-03", "2025-03-10", "2025-03-12", status: 4));
        // Status 3 counts nowhere, with or without dates.
        yield return Row(new Dossier("S-1", "Cấp phép", 2, "C11", "C11", null, null, null, null, DossierStatus.NotReceived, true, true, true));
        yield return Row(Done("S-2", "C11", "2025-03-03", "2025-03-05", "2025-03-04", status: DossierStatus.NotReceived));
        // Quoted commas and quotes in procedure names; cross-boundary; a unit code in another case is the same unit.
        yield return Row(Done("Q-1", "C11", "2025-10-06", "2025-10-20", "2025-10-21", receiving: "D1") with
            { ProcedureName = "Cấp \"Giấy phép, xây dựng\", gia hạn", Sector = "Xây dựng, \"quy hoạch\"" });
        yield return Row(Done("Q-2", "C12", "2025-10-06", "2025-10-20", "2025-10-20", receiving: "C12") with { ProcedureName = "\"Trích lục\"" },
            change: f => f[DossierColumns.HandlingUnit] = "c12");
        yield return Row(Open("Q-3", "C21", "2025-10-06", "2025-10-07", receiving: "P") with { ProcedureName = ",,,\"\"" });
        // Later rows replace earlier ones, also moving the dossier to another unit; a refused row replaces nothing.
        yield return Row(Open("R-1", "C11", "2025-07-10", "2025-07-20"));
        yield return Row(Open("R-2", "C12", "2025-07-10", "2025-07-31", status: 2));
        yield return Row(Done("R-3", "C21", "2025-05-05", "2025-05-20", "2025-05-19"));
        yield return Row(Done("R-1", "C12", "2025-07-10", "2025-07-20", "2025-09-02", channel: 2));
        yield return Row(Done("R-1", "C12", "2025-07-10", "2025-07-20", "2025-09-02", channel: 2),
            received: "2025-07-10T08:00:00+07:00", finished: "2025-09-01T17:30:00Z");
        yield return Row(Withdrawn("R-2", "C12", "2025-07-10", "2025-07-31", null, "2025-08-15"));
        yield return Row(Done("R-3", "C21", "2025-05-05", "2025-05-20", "2025-05-19") with { Status = DossierStatus.NotReceived });
        yield return Row(Done("R-2", "C12", "2025-07-10", "2025-07-31", "2025-07-01"), refused: true);
        yield return Row(Open("R-1", "C11", "2025-07-10", "2025-07-20"), refused: true, change: f => f[DossierColumns.Status] = "11");
    }

    private static readonly string[] Names =
        ["Đăng ký khai sinh", "Cấp Giấy chứng nhận quyền sử dụng đất", "Chứng thực bản sao, chữ ký", "Cấp phép \"xây dựng\" nhà ở riêng lẻ",
         "Đăng ký kết hôn", "Thủ tục \"A, B\", \"C\"", "Cấp lại thẻ BHYT"];

    private static readonly string[] Sectors = ["Hộ tịch", "Đất đai", "Xây dựng, nhà ở", "Chứng thực", "\"Y tế\""];

    /// <summary>A text that reads as <paramref name="date"/> in Vietnam: bare, or a time of that Vietnam day written in some offset.</summary>
    private static string Write(DateOnly date, Random rng)
    {
        if (rng.Next(4) == 0) return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Mostly times that lie on another calendar day in UTC or east of Vietnam.
        var second = rng.Next(5) switch
        {
            0 or 1 => rng.Next(7 * 3600),
            2 => 17 * 3600 + rng.Next(7 * 3600),
            _ => rng.Next(24 * 3600),
        };
        var vietnam = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue).AddSeconds(second), TimeSpan.FromHours(7));
        var (offset, suffix) = rng.Next(7) switch
        {
            0 => (TimeSpan.Zero, "Z"),
            1 => (TimeSpan.Zero, "+00:00"),
            2 => (TimeSpan.FromHours(7), "+07:00"),
            3 => (TimeSpan.FromHours(7), "+0700"),
            4 => (TimeSpan.FromHours(-5), "-05:00"),
            5 => (TimeSpan.FromHours(9), "+09:00"),
            _ => (TimeSpan.FromHours(7), ""),
        };
        var there = vietnam.ToOffset(offset);
        var format = (rng.Next(2) == 0 ? "yyyy-MM-dd'T'" : "yyyy-MM-dd' '") + (rng.Next(5) switch { 0 => "HH:mm", 1 => "HH:mm:ss.fff", _ => "HH:mm:ss" });
        return there.ToString(format, CultureInfo.InvariantCulture) + suffix;
    }

    private static IEnumerable<FileRow> RandomRows(int count, int seed)
    {
        var rng = new Random(seed);
        var first = D("2024-01-01").DayNumber;
        var span = D("2026-06-30").DayNumber - first;
        for (var i = 0; i < count; i++)
        {
            var code = $"G-{rng.Next(count * 3 / 4):D5}";
            var handling = Tree[rng.Next(Tree.Length)].Code;
            var receiving = rng.Next(10) < 7 ? handling : Tree[rng.Next(Tree.Length)].Code;
            var status = (byte)(rng.Next(20) switch { 0 => 3, 1 or 2 => 7, < 8 => 4 + rng.Next(5) % 3, < 10 => 1 + rng.Next(2), _ => 9 + rng.Next(2) });
            if (status == 6 && rng.Next(2) == 0) status = 8;
            var received = DateOnly.FromDayNumber(first + rng.Next(span));
            DateOnly? Later(int days) => received.AddDays(rng.Next(days));
            DateOnly? due = rng.Next(10) switch
            {
                0 or 1 => null,
                // The last day of its month or the next.
                2 => new DateOnly(received.Year, received.Month, 1).AddMonths(1 + rng.Next(2)).AddDays(-1),
                _ => Later(45),
            };
            DateOnly? finished = status is 9 or 10 || status == 7 && rng.Next(2) == 0 || rng.Next(25) == 0 ? Later(75) : null;
            DateOnly? returned = rng.Next(5) < 2 ? (finished ?? received).AddDays(rng.Next(10)) : null;
            var d = new Dossier(code, Names[rng.Next(Names.Length)], (byte)(1 + rng.Next(3)), receiving, handling,
                status == 3 && rng.Next(2) == 0 ? null : received, due, finished, returned, status, rng.Next(3) == 0, rng.Next(4) == 0, rng.Next(2) == 0)
            {
                ProcedureCode = $"1.{rng.Next(1000):D6}", Sector = Sectors[rng.Next(Sectors.Length)],
                ServiceLevel = rng.Next(4) == 0 ? null : (byte)(2 + rng.Next(3)),
            };
            string? W(DateOnly? date) => date is { } x ? Write(x, rng) : "";
            var row = Row(d, W(d.Received), W(d.Due), W(d.Finished), W(d.Returned));
            if (rng.Next(50) == 0)
            {
                // A row the reader refuses: it must replace nothing.
                row = rng.Next(3) switch
                {
                    0 => row with { Fields = new(row.Fields) { [DossierColumns.Status] = "12" }, Refused = true },
                    1 => row with { Fields = new(row.Fields) { [DossierColumns.HandlingUnit] = "X9" }, Refused = true },
                    _ => row with { Fields = new(row.Fields) { [DossierColumns.ReceivedAt] = "2025-02-29" }, Refused = true },
                };
            }
            yield return row;
        }
    }

    private static string FileText(IEnumerable<FileRow> rows, string[] header)
    {
        var text = new StringBuilder("\uFEFF").Append(string.Join(',', header)).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(DossierCsv.Line(row.Fields, header)).Append("\r\n");
            // Now and then a blank line, which is skipped.
            if (row.Dossier.Code.EndsWith('7')) text.Append("\r\n");
        }
        return text.ToString();
    }

    /// <summary>The file read through the reader into one aggregator per rules, a replaced dossier taken out and its new
    /// version added; and the stored facts and records by code.</summary>
    private sealed class Imported
    {
        public readonly DossierAggregator[] Aggregators = [.. AllRules.Select(r => new DossierAggregator(r))];
        public readonly Dictionary<string, DossierFacts> Facts = new(StringComparer.Ordinal);
        public readonly Dictionary<string, DossierRecord> Records = new(StringComparer.Ordinal);
        public readonly List<long> RefusedLines = [];

        public Imported(string text)
        {
            using var reader = new DossierReader(new StringReader(text), Units);
            Assert.Empty(reader.FileProblems);
            while (reader.Next())
            {
                if (reader.Problems.Count > 0) { RefusedLines.Add(reader.Line); continue; }
                var record = reader.Record!;
                var facts = reader.Facts;
                foreach (var aggregator in Aggregators)
                {
                    if (Facts.TryGetValue(record.Code, out var old)) aggregator.Add(old, -1);
                    aggregator.Add(facts);
                }
                Facts[record.Code] = facts;
                Records[record.Code] = record;
            }
        }
    }

    /// <summary>The counts of one month, written from the sentences of the rules with plain date comparisons.</summary>
    private static DossierCounts Expected(IEnumerable<Dossier> dossiers, DateOnly first, DateOnly last, DossierRules rules)
    {
        long received = 0, carriedOver = 0, finished = 0, early = 0, onTime = 0, late = 0, openOverdue = 0, online = 0, cross = 0, vneid = 0,
            digitized = 0, paidOnline = 0;
        foreach (var d in dossiers)
        {
            // Status 3 (not received) is ignored everywhere.
            if (d.Status == DossierStatus.NotReceived) continue;
            var receivedOn = d.Received!.Value;
            var withdrawn = d.Status == DossierStatus.Withdrawn;
            // A withdrawn dossier stops being open on its finished date, else its returned date, else its received date.
            DateOnly? withdrawnOn = withdrawn ? d.Finished ?? d.Returned ?? receivedOn : null;
            bool FinishedBefore(DateOnly day) => d.Finished is { } f && f < day;
            bool WithdrawnBefore(DateOnly day) => withdrawnOn is { } w && w < day;
            bool FinishedBy(DateOnly day) => d.Finished is { } f && f <= day;
            bool WithdrawnBy(DateOnly day) => withdrawnOn is { } w && w <= day;

            // received, online, crossBoundary, vneidVerified: it is received in P.
            if (first <= receivedOn && receivedOn <= last)
            {
                received++;
                if (d.Channel == DossierChannel.Online) online++;
                if (!string.Equals(d.Receiving, d.Handling, StringComparison.OrdinalIgnoreCase)) cross++;
                if (d.Vneid) vneid++;
            }
            // carriedOver: received before P.first and neither finished nor withdrawn before P.first.
            if (receivedOn < first && !FinishedBefore(first) && !WithdrawnBefore(first)) carriedOver++;
            // finished: its finished date is in P and its status is not 7 (or a withdrawn one counts, under the setting).
            if (d.Finished is { } done && first <= done && done <= last && (!withdrawn || rules.WithdrawnAsFinished))
            {
                finished++;
                if (d.Due is not { } due || done == due) onTime++;
                else if (done < due) early++;
                else late++;
                if (d.Digitized) digitized++;
                if (d.PaidOnline) paidOnline++;
            }
            // openOverdue: received on or before P.last, not finished nor withdrawn by P.last, due earlier than P.last.
            if (receivedOn <= last && !FinishedBy(last) && !WithdrawnBy(last) && d.Due is { } dueOn && dueOn < last) openOverdue++;
        }
        return new DossierCounts(received, carriedOver, finished, early, onTime, late, openOverdue, online, cross, vneid, digitized, paidOnline);
    }

    /// <summary>part ÷ whole × 100 in whole hundredths, half away from zero, by integer arithmetic.</summary>
    private static double? Percent(long part, long whole) =>
        whole == 0 ? null : (part * 20_000 + whole) / (2 * whole) / 100.0;

    private static void AssertRate(double? expected, double? actual, string what, List<string> mismatches)
    {
        if (expected is null != actual is null || expected is { } e && Math.Abs(e - actual!.Value) > 1e-9)
            mismatches.Add($"{what}: expected {expected?.ToString(CultureInfo.InvariantCulture) ?? "null"}, got {actual?.ToString(CultureInfo.InvariantCulture) ?? "null"}");
    }

    private static void AssertRates(DossierCounts c, DossierRules rules, string at, List<string> mismatches)
    {
        AssertRate(Percent(c.Early + c.OnTime, c.Finished + (rules.OverdueInOnTimeBase ? c.OpenOverdue : 0)), c.OnTimeRate(rules), at + " onTimeRate", mismatches);
        AssertRate(Percent(c.Online, c.Received), c.OnlineRate, at + " onlineRate", mismatches);
        AssertRate(Percent(c.CrossBoundary, c.Received), c.CrossBoundaryRate, at + " crossBoundaryRate", mismatches);
        AssertRate(Percent(c.Digitized, c.Finished), c.DigitizationRate, at + " digitizationRate", mismatches);
        AssertRate(Percent(c.PaidOnline, c.Finished), c.OnlinePaymentRate, at + " onlinePaymentRate", mismatches);
        AssertRate(Percent(c.VneidVerified, c.Received), c.VneidRate, at + " vneidRate", mismatches);
    }

    private static int MonthKey(int year, int month) => year * 12 + month - 1;

    private static DossierCounts Sum(IEnumerable<DossierCounts> months)
    {
        long[] s = new long[12];
        foreach (var c in months)
        {
            long[] v = [c.Received, c.CarriedOver, c.Finished, c.Early, c.OnTime, c.Late, c.OpenOverdue, c.Online, c.CrossBoundary, c.VneidVerified,
                c.Digitized, c.PaidOnline];
            for (var i = 0; i < s.Length; i++) s[i] += v[i];
        }
        return new DossierCounts(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11]);
    }

    private static List<FileRow> AllRows() => [.. HardCases(), .. RandomRows(3000, 20251101)];

    private static readonly string[] ShuffledHeader =
        [.. DossierColumns.All.Select((c, i) => (c, i)).OrderBy(x => (x.i * 7) % 16).Select(x => x.i % 3 == 0 ? x.c.ToUpperInvariant() : x.c)];

    [Fact]
    public void The_file_is_read_as_written_with_later_rows_replacing_earlier_ones_and_refused_rows_replacing_nothing()
    {
        var rows = AllRows();
        var imported = new Imported(FileText(rows, ShuffledHeader));
        var final = new Dictionary<string, Dossier>();
        foreach (var row in rows.Where(r => !r.Refused)) final[row.Dossier.Code] = row.Dossier;
        Assert.Equal(rows.Count(r => r.Refused), imported.RefusedLines.Count);
        Assert.Equal(final.Keys.Order(), imported.Records.Keys.Order());
        foreach (var (code, d) in final)
        {
            var record = imported.Records[code];
            Assert.Equal((d.ProcedureCode, d.ProcedureName, d.Sector, d.ServiceLevel, d.Channel, d.Receiving, d.Status),
                (record.ProcedureCode, record.ProcedureName, record.Sector, record.ServiceLevel, record.Channel, record.ReceivingUnit, record.Status));
            Assert.Equal(d.Handling, record.HandlingUnit, ignoreCase: true);
            Assert.Equal((d.Received, d.Due, d.Finished, d.Returned), (record.Received, record.Due, record.Finished, record.Returned));
            Assert.Equal((d.Digitized, d.PaidOnline, d.Vneid), (record.Digitized, record.PaidOnline, record.VneidVerified));
            // What a stored record gives back is what was counted for it.
            Assert.Equal(imported.Facts[code], record.Facts(Units.Find(record.HandlingUnit)));
        }
        Assert.All(imported.Aggregators, a => Assert.Equal(final.Count, a.Count));
    }

    [Fact]
    public void Every_unit_and_month_counts_exactly_what_the_rules_say_under_every_setting()
    {
        var rows = AllRows();
        var imported = new Imported(FileText(rows, ShuffledHeader));
        var final = new Dictionary<string, Dossier>();
        foreach (var row in rows.Where(r => !r.Refused)) final[row.Dossier.Code] = row.Dossier;

        var dates = final.Values.SelectMany(d => new[] { d.Received, d.Due, d.Finished, d.Returned }).OfType<DateOnly>().ToList();
        var (from, to) = (dates.Min().AddMonths(-3), dates.Max().AddMonths(3));
        var months = new List<(int Key, DateOnly First, DateOnly Last)>();
        for (var first = new DateOnly(from.Year, from.Month, 1); first <= to; first = first.AddMonths(1))
            months.Add((MonthKey(first.Year, first.Month), first, first.AddMonths(1).AddDays(-1)));
        Assert.True(months.Count > 30);

        var mismatches = new List<string>();
        var nonZero = new HashSet<string>();
        for (var r = 0; r < AllRules.Length; r++)
        {
            var rules = AllRules[r];
            var aggregator = imported.Aggregators[r];
            foreach (var unit in Tree)
            {
                var codes = Subtree(unit.Code);
                var keys = codes.Select(c => Tree.Single(u => u.Code == c).Key).ToArray();
                var inUnit = final.Values.Where(d => codes.Contains(d.Handling, StringComparer.OrdinalIgnoreCase)).ToList();
                var actual = aggregator.Months(keys, months[0].Key, months[^1].Key);
                Assert.Equal(months.Count, actual.Length);
                var expected = months.Select(m => Expected(inUnit, m.First, m.Last, rules)).ToArray();
                for (var m = 0; m < months.Count; m++)
                {
                    var at = $"{rules} {unit.Code} {months[m].First:yyyy-MM}";
                    if (expected[m] != actual[m]) mismatches.Add($"{at}: expected {expected[m]}, got {actual[m]}");
                    // A month asked for alone counts the same as within a range.
                    var alone = aggregator.Months(keys, months[m].Key, months[m].Key);
                    if (alone.Single() != actual[m]) mismatches.Add($"{at} alone: expected {actual[m]}, got {alone.Single()}");
                    AssertRates(actual[m], rules, at, mismatches);
                    if (expected[m].OpenOverdue > 0) nonZero.Add("openOverdue");
                    if (expected[m].CarriedOver > 0) nonZero.Add("carriedOver");
                    if (expected[m].Late > 0) nonZero.Add("late");
                }
                // A quarter is the sum of its months, its rates computed from the sums.
                foreach (var quarter in months.Select((m, i) => (m, i)).Where(x => x.m.First.Month % 3 == 1 && x.i + 2 < months.Count))
                {
                    var q = quarter.i;
                    var engine = actual[q] + actual[q + 1] + actual[q + 2];
                    var plain = Sum(expected.Skip(q).Take(3));
                    var at = $"{rules} {unit.Code} {quarter.m.First.Year}Q{(quarter.m.First.Month + 2) / 3}";
                    if (plain != engine) mismatches.Add($"{at}: expected {plain}, got {engine}");
                    AssertRates(engine, rules, at, mismatches);
                    AssertRate(Percent(plain.Early + plain.OnTime, plain.Finished + (rules.OverdueInOnTimeBase ? plain.OpenOverdue : 0)),
                        engine.OnTimeRate(rules), at + " onTimeRate of the sums", mismatches);
                }
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(30)));
        Assert.Equal(["carriedOver", "late", "openOverdue"], nonZero.Order());
    }

    [Fact]
    public void The_settings_change_only_what_they_are_about()
    {
        var imported = new Imported(FileText(AllRows(), DossierColumns.All));
        var (standard, withdrawnAsFinished, overdueInBase) = (imported.Aggregators[0], imported.Aggregators[1], imported.Aggregators[2]);
        var all = Tree.Select(u => u.Key).ToArray();
        var (from, to) = (MonthKey(2023, 10), MonthKey(2027, 3));
        var a = standard.Months(all, from, to);
        var b = withdrawnAsFinished.Months(all, from, to);
        var c = overdueInBase.Months(all, from, to);
        // The on-time base only changes the on-time rate: every count stays as it is.
        Assert.Equal(a, c);
        Assert.Contains(a, m => m.OpenOverdue > 0 && m.OnTimeRate(DossierRules.Default) != m.OnTimeRate(overdueInBase.Rules));
        // Withdrawn dossiers with a finished date add to finished and nothing else moves.
        Assert.True(b.Sum(m => m.Finished) > a.Sum(m => m.Finished));
        Assert.Equal(a.Select(m => (m.Received, m.CarriedOver, m.OpenOverdue, m.Online, m.CrossBoundary, m.VneidVerified)),
            b.Select(m => (m.Received, m.CarriedOver, m.OpenOverdue, m.Online, m.CrossBoundary, m.VneidVerified)));
    }

    // ---- cases worked out by hand ----

    private static DossierCounts[] Count(DossierRules rules, string from, string to, params Dossier[] dossiers)
    {
        var text = FileText(dossiers.Select(d => Row(d)), DossierColumns.All);
        var imported = new Imported(text);
        var index = AllRules.ToList().FindIndex(r => r == rules);
        var (f, t) = (D(from + "-01"), D(to + "-01"));
        return imported.Aggregators[index].Months(Tree.Select(u => u.Key), MonthKey(f.Year, f.Month), MonthKey(t.Year, t.Month));
    }

    [Fact]
    public void A_dossier_due_on_the_last_day_of_a_month_is_overdue_from_the_next_month_and_one_due_the_day_before_in_that_month()
    {
        var lastDay = Count(DossierRules.Default, "2024-01", "2024-04", Open("A", "C11", "2024-02-10", "2024-02-29"));
        Assert.Equal([0L, 0, 1, 1], lastDay.Select(m => m.OpenOverdue));
        Assert.Equal([0L, 0, 1, 1], lastDay.Select(m => m.CarriedOver));
        var dayBefore = Count(DossierRules.Default, "2024-01", "2024-04", Open("B", "C11", "2024-02-10", "2024-02-28"));
        Assert.Equal([0L, 1, 1, 1], dayBefore.Select(m => m.OpenOverdue));
    }

    [Fact]
    public void A_dossier_finished_in_a_month_is_carried_into_it_but_not_open_and_overdue_in_it()
    {
        var months = Count(DossierRules.Default, "2025-09", "2025-12", Done("A", "C11", "2025-09-10", "2025-09-20", "2025-11-03"));
        Assert.Equal([1L, 0, 0, 0], months.Select(m => m.Received));
        Assert.Equal([0L, 1, 1, 0], months.Select(m => m.CarriedOver));
        Assert.Equal([1L, 1, 0, 0], months.Select(m => m.OpenOverdue));
        Assert.Equal([0L, 0, 1, 0], months.Select(m => m.Late));
    }

    [Fact]
    public void A_withdrawn_dossier_leaves_on_its_finished_else_returned_else_received_date_and_is_finished_only_under_the_setting()
    {
        Dossier[] dossiers =
        [
            Withdrawn("A", "C11", "2025-09-10", "2025-09-12", "2025-11-03", "2025-11-20"),
            Withdrawn("B", "C11", "2025-09-10", "2025-09-12", null, "2025-10-05"),
            Withdrawn("C", "C11", "2025-09-10", "2025-09-12", null, null),
        ];
        var standard = Count(DossierRules.Default, "2025-09", "2025-12", dossiers);
        Assert.Equal([0L, 2, 1, 0], standard.Select(m => m.CarriedOver));
        Assert.Equal([2L, 1, 0, 0], standard.Select(m => m.OpenOverdue));
        Assert.All(standard, m => Assert.Equal(0, m.Finished));
        var asFinished = Count(new DossierRules(WithdrawnAsFinished: true), "2025-09", "2025-12", dossiers);
        Assert.Equal([0L, 0, 1, 0], asFinished.Select(m => m.Finished));
        Assert.Equal([0L, 0, 1, 0], asFinished.Select(m => m.Late));
        Assert.Equal(standard.Select(m => m.CarriedOver), asFinished.Select(m => m.CarriedOver));
    }

    [Fact]
    public void Open_dossiers_in_the_last_months_the_dates_allow_are_counted()
    {
        var aggregator = new DossierAggregator(DossierRules.Default);
        DossierFacts Open(string received, string due) =>
            new(2, D(received).DayNumber, D(due).DayNumber, DossierFacts.None, DossierFacts.None, DossierStatus.Processing, 0);
        aggregator.Add(Open("2097-12-05", "2097-12-10"));
        aggregator.Add(Open("2099-12-05", "2099-12-10"));
        aggregator.Add(Open("2099-11-30", "2099-12-31"));
        var months = aggregator.Months([2], MonthKey(2099, 10), MonthKey(2099, 12));
        Assert.Equal([0L, 1, 1], months.Select(m => m.Received));
        Assert.Equal([1L, 1, 2], months.Select(m => m.CarriedOver));
        Assert.Equal([1L, 1, 2], months.Select(m => m.OpenOverdue));
    }

    // ---- rates ----

    [Theory]
    [InlineData(1, 8, 12.5)]
    [InlineData(1, 32, 3.13)]
    [InlineData(3, 800, 0.38)]
    [InlineData(1, 800, 0.13)]
    [InlineData(1, 3, 33.33)]
    [InlineData(2, 3, 66.67)]
    [InlineData(5, 16, 31.25)]
    [InlineData(0, 7, 0.0)]
    [InlineData(7, 7, 100.0)]
    [InlineData(9_999_999_999, 10_000_000_000, 100.0)]
    [InlineData(99_995, 100_000, 100.0)]
    [InlineData(99_994, 100_000, 99.99)]
    public void A_rate_has_two_decimals_rounded_half_away_from_zero(long part, long whole, double expected) =>
        Assert.Equal(expected, DossierCounts.Rate(part, whole));

    [Fact]
    public void A_rate_over_nothing_is_null()
    {
        var none = new DossierCounts(0, 4, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0);
        Assert.Equal(((double?)null, (double?)null, (double?)null, (double?)null, (double?)null, (double?)null),
            (none.OnTimeRate(DossierRules.Default), none.OnlineRate, none.CrossBoundaryRate, none.DigitizationRate, none.OnlinePaymentRate, none.VneidRate));
        Assert.Equal(0.0, none.OnTimeRate(new DossierRules(OverdueInOnTimeBase: true)));
    }

    [Fact]
    public void A_quarters_rate_comes_from_the_sums_of_its_months_never_their_average()
    {
        var months = Count(DossierRules.Default, "2025-01", "2025-03",
            Done("A", "C11", "2025-01-02", "2025-01-10", "2025-01-05"),
            Done("B", "C11", "2025-02-02", "2025-02-10", "2025-02-05"),
            Done("C", "C11", "2025-02-02", "2025-02-10", "2025-02-15"),
            Done("D", "C11", "2025-02-02", "2025-02-10", "2025-02-16"),
            Open("E", "C11", "2025-03-02", "2025-03-04"));
        Assert.Equal([100.0, 33.33, null], months.Select(m => m.OnTimeRate(DossierRules.Default)));
        var quarter = months[0] + months[1] + months[2];
        Assert.Equal((5L, 4L, 2L, 2L, 1L), (quarter.Received, quarter.Finished, quarter.Early, quarter.Late, quarter.OpenOverdue));
        Assert.Equal(50.0, quarter.OnTimeRate(DossierRules.Default));
        Assert.Equal(40.0, quarter.OnTimeRate(new DossierRules(OverdueInOnTimeBase: true)));
        Assert.Equal(100.0, quarter.DigitizationRate);
        Assert.Equal(20.0, quarter.VneidRate);
    }

    // ---- properties ----

    private static readonly int FirstDay = DossierDates.Earliest.DayNumber, LastDay = DossierDates.Latest.DayNumber;

    private static Gen<DossierFacts> FactsGen()
    {
        var day = Gen.Frequency(
            (8, Gen.Choose(D("2024-01-01").DayNumber, D("2026-12-31").DayNumber)),
            (2, Gen.Choose(FirstDay, LastDay)),
            (1, Gen.Elements(FirstDay, LastDay, D("2099-12-01").DayNumber, D("2000-01-31").DayNumber)));
        Gen<int> After(int from) => Gen.Frequency(
            (2, Gen.Constant(DossierFacts.None)),
            (6, Gen.Choose(0, 120).Select(n => Math.Min(LastDay, from + n))),
            (1, Gen.Choose(from, LastDay)));
        return from unit in Gen.Choose(0, 5)
               from received in Gen.Frequency((12, day), (1, Gen.Constant(DossierFacts.None)))
               let start = received == DossierFacts.None ? FirstDay : received
               from due in After(start)
               from finished in After(start)
               from returned in After(start)
               from status in Gen.Choose(1, 10)
               from flags in Gen.Choose(0, 31)
               select new DossierFacts(unit, received, due, finished, returned, (byte)status, (DossierFlags)flags);
    }

    private static readonly (int From, int To) Everything = (MonthKey(2000, 1), MonthKey(2099, 12));

    private static DossierCounts[][] PerKey(DossierAggregator aggregator) =>
        [.. Tree.Select(u => aggregator.Months([u.Key], Everything.From, Everything.To))];

    [Fact]
    public void Property_taking_out_every_dossier_added_leaves_every_month_at_zero() =>
        Prop.ForAll(Arb.From(Gen.ListOf(FactsGen()).SelectMany(list => Gen.Shuffle(list.ToArray()).Select(order => (list, order)))), pair =>
        {
            foreach (var rules in AllRules)
            {
                var aggregator = new DossierAggregator(rules);
                foreach (var f in pair.list) aggregator.Add(f);
                foreach (var f in pair.order) aggregator.Add(f, -1);
                if (aggregator.Count != 0 || PerKey(aggregator).Any(key => key.Any(m => m != default))) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_adding_in_any_order_gives_the_same_counts() =>
        Prop.ForAll(Arb.From(Gen.ListOf(FactsGen()).SelectMany(list => Gen.Shuffle(list.ToArray()).Select(order => (list, order)))), pair =>
        {
            foreach (var rules in AllRules)
            {
                var inOrder = new DossierAggregator(rules);
                var shuffled = new DossierAggregator(rules);
                foreach (var f in pair.list) inOrder.Add(f);
                foreach (var f in pair.order) shuffled.Add(f);
                var (a, b) = (PerKey(inOrder), PerKey(shuffled));
                if (!a.Zip(b).All(x => x.First.SequenceEqual(x.Second))) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_the_counts_of_random_facts_equal_the_plain_count_of_the_rules() =>
        Prop.ForAll(Arb.From(Gen.ListOf(FactsGen().Where(f => f.Received != DossierFacts.None))), list =>
        {
            DateOnly? Date(int day) => day == DossierFacts.None ? null : DateOnly.FromDayNumber(day);
            foreach (var rules in AllRules)
            {
                var aggregator = new DossierAggregator(rules);
                foreach (var f in list) aggregator.Add(f);
                foreach (var unit in Tree)
                {
                    var dossiers = list.Where(f => f.Unit == unit.Key).Select(f => new Dossier("", "", (f.Flags & DossierFlags.Online) != 0 ? (byte)2 : (byte)1,
                        (f.Flags & DossierFlags.CrossBoundary) != 0 ? "elsewhere" : unit.Code, unit.Code, Date(f.Received), Date(f.Due), Date(f.Finished),
                        Date(f.Returned), f.Status, (f.Flags & DossierFlags.Digitized) != 0, (f.Flags & DossierFlags.PaidOnline) != 0,
                        (f.Flags & DossierFlags.VneidVerified) != 0)).ToList();
                    var months = dossiers.SelectMany(d => new[] { d.Received, d.Finished, d.Returned, d.Due }).OfType<DateOnly>()
                        .SelectMany(d => new[] { d, d.AddMonths(1) < DossierDates.Latest ? d.AddMonths(1) : d }).Distinct().ToList();
                    foreach (var m in months)
                    {
                        var first = new DateOnly(m.Year, m.Month, 1);
                        if (aggregator.Month(unit.Key, MonthKey(m.Year, m.Month)) != Expected(dossiers, first, first.AddMonths(1).AddDays(-1), rules)) return false;
                    }
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
}
