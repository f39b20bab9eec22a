using System.Globalization;
using System.Text;
using CivicTrack.Engine.Dossiers;
using nietras.SeparatedValues;

namespace CivicTrack.Bench.Dossiers;

/// <summary>A handling unit of the demo province that dossiers may name.</summary>
public sealed record DossierUnit(string Code, string Kind);

/// <summary>An administrative procedure of the generated files: its code, name (with commas and quotes), sector, service
/// level and time limit in days (0 = none).</summary>
public sealed record DossierProcedure(string Code, string Name, string Sector, byte? Level, int Days);

/// <summary>Two dossier files from one seed: the full file of N rows, and the same rows with 1% of them changed (an
/// open dossier finished, or a finished one's digitized flag turned), as a province's next day's export would be.</summary>
public sealed class DossierData
{
    public const int Seed = 20_251_001;
    /// <summary>One row in this many is changed in the second file.</summary>
    public const int ChangeEvery = 100;
    private static readonly DateOnly FirstDay = new(2024, 1, 1);
    private const int Days = 731; // 2024-01-01 .. 2025-12-31

    public static readonly string[] Sectors =
    [
        "Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Lao động, Thương binh và Xã hội", "Thành lập và hoạt động của hộ kinh doanh",
        "Tư pháp", "Y tế", "Giáo dục và Đào tạo", "Giao thông vận tải", "Tài nguyên và Môi trường", "Nông nghiệp, Phát triển nông thôn",
    ];

    public DossierData(IReadOnlyList<DossierUnit> units, int procedures = 200)
    {
        Units = units;
        var random = new Random(Seed);
        Procedures = [.. Enumerable.Range(0, procedures).Select(i => Procedure(i, random))];
    }

    public IReadOnlyList<DossierUnit> Units { get; }
    public DossierProcedure[] Procedures { get; }

    /// <summary>The departments, communes and wards of the demo province that are not closed.</summary>
    public static List<DossierUnit> DemoUnits(string repository)
    {
        var file = Path.Combine(repository, "src", "CivicTrack", "Demo", "org-units.csv");
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(file);
        var units = new List<DossierUnit>();
        foreach (var row in reader)
        {
            var kind = row["kind"].ToString();
            if (kind is "Department" or "Commune" or "Ward" && row["closed_on"].Span.Trim().IsEmpty)
                units.Add(new DossierUnit(row["code"].ToString().Trim(), kind));
        }
        if (units.Count == 0) throw new InvalidOperationException($"No department, commune or ward in {file}.");
        return units;
    }

    /// <summary>Every unit code of the demo province: the registry an import checks codes against.</summary>
    public static List<string> DemoCodes(string repository)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(Path.Combine(repository, "src", "CivicTrack", "Demo", "org-units.csv"));
        var codes = new List<string>();
        foreach (var row in reader) codes.Add(row["code"].ToString().Trim());
        return codes;
    }

    private static DossierProcedure Procedure(int i, Random random)
    {
        string[] actions = ["Cấp", "Đăng ký", "Cấp lại", "Điều chỉnh", "Gia hạn", "Xác nhận", "Thay đổi, cải chính", "Chứng thực"];
        string[] objects =
        [
            "giấy khai sinh", "giấy phép xây dựng nhà ở riêng lẻ", "giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở", "hộ kinh doanh",
            "kết hôn", "bản sao từ bản chính", "chế độ trợ cấp xã hội hằng tháng", "giấy phép lái xe", "giấy chứng nhận đủ điều kiện kinh doanh",
            "thường trú", "hồ sơ đăng ký biến động đất đai", "học bạ",
        ];
        var sector = Sectors[i % Sectors.Length];
        var name = $"{actions[random.Next(actions.Length)]} {objects[random.Next(objects.Length)]}";
        // Names as the national catalogue writes them: commas, and quoted document titles.
        name = (i % 4) switch
        {
            0 => $"{name}, trường hợp có yếu tố nước ngoài",
            1 => $"{name} theo mẫu \"{sector}\" số {i + 1:D2}",
            2 => $"{name} (cấp xã, cấp tỉnh)",
            _ => name,
        };
        byte? level = random.Next(20) switch { < 12 => 4, < 17 => 3, < 19 => 2, _ => null };
        var days = random.Next(20) == 0 ? 0 : new[] { 1, 3, 5, 7, 10, 15, 20, 30 }[random.Next(8)];
        return new DossierProcedure($"1.{1000 + i * 37:D6}.000.00.00.H57", name, sector, level, days);
    }

    /// <summary>Writes <paramref name="rows"/> rows to <paramref name="full"/> and the same rows, 1% changed, to
    /// <paramref name="changed"/>; returns how many rows differ.</summary>
    public long Write(long rows, string full, string changed)
    {
        var random = new Random(Seed + 1);
        using var a = Writer(full);
        using var b = Writer(changed);
        a.Write(DossierColumns.Header);
        a.Write('\n');
        b.Write(DossierColumns.Header);
        b.Write('\n');
        var line = new StringBuilder(512);
        long differ = 0;
        // Communes and wards handle most dossiers; each department as much as a few communes.
        var weights = Units.Select(u => u.Kind == "Department" ? 3 : 1).ToArray();
        var pick = weights.SelectMany((w, i) => Enumerable.Repeat(i, w)).ToArray();
        for (long n = 0; n < rows; n++)
        {
            var d = Next(random, n, pick);
            Format(line, d);
            a.Write(line);
            if (n % ChangeEvery == ChangeEvery / 2)
            {
                Change(ref d, random);
                Format(line, d);
                differ++;
            }
            b.Write(line);
        }
        return differ;
    }

    private static StreamWriter Writer(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20), new UTF8Encoding(false), 1 << 16);

    /// <summary>One generated dossier: Vietnam local date-times (minutes since <see cref="FirstDay"/>), -1 when empty.</summary>
    private struct Row
    {
        public long Number;
        public int Procedure, Handling, Receiving;
        public byte Channel, Status;
        public int Received, Due, Finished, Returned;
        public bool Digitized, Paid, Vneid;
        // How each date is written: 0 a bare date, 1 with +07:00, 2 in UTC with Z.
        public byte Style;
    }

    private Row Next(Random random, long n, int[] pick)
    {
        var r = new Row { Number = n, Due = -1, Finished = -1, Returned = -1 };
        r.Procedure = random.Next(Procedures.Length);
        var procedure = Procedures[r.Procedure];
        r.Handling = pick[random.Next(pick.Length)];
        r.Receiving = random.Next(10) == 0 ? (r.Handling + 1 + random.Next(Units.Count - 1)) % Units.Count : r.Handling;
        var c = random.Next(100);
        r.Channel = c < 85 ? DossierChannel.Online : c < 99 ? DossierChannel.InPerson : DossierChannel.Postal;
        r.Style = (byte)random.Next(3);
        var s = random.Next(1000);
        // 93% finished, 2% withdrawn, 0.5% stopped, 0.3% never received, the rest still open (received in the last two months).
        r.Status = s switch
        {
            < 500 => DossierStatus.ResultReturned,
            < 930 => DossierStatus.Processed,
            < 950 => DossierStatus.Withdrawn,
            < 955 => DossierStatus.Stopped,
            < 958 => DossierStatus.NotReceived,
            _ => (byte)new[] { DossierStatus.New, DossierStatus.Received, DossierStatus.Processing, DossierStatus.SupplementRequested, DossierStatus.AwaitingFinancialObligation }[random.Next(5)],
        };
        var open = r.Status is DossierStatus.New or DossierStatus.Received or DossierStatus.Processing or DossierStatus.SupplementRequested or DossierStatus.AwaitingFinancialObligation;
        var day = open ? Days - 1 - random.Next(60) : random.Next(Days);
        // Online dossiers come at any hour; the others in office hours.
        var minute = r.Channel == DossierChannel.Online ? random.Next(24 * 60) : 7 * 60 + random.Next(10 * 60);
        r.Received = day * 24 * 60 + minute;
        if (r.Status == DossierStatus.NotReceived && random.Next(2) == 0) r.Received = -1;
        if (procedure.Days > 0) r.Due = (day + procedure.Days) * 24 * 60 + 17 * 60;
        r.Vneid = r.Channel == DossierChannel.Online && random.Next(10) < 4;
        if (r.Status is DossierStatus.ResultReturned or DossierStatus.Processed or DossierStatus.Stopped)
        {
            // 99% finished by the due day, most of them early.
            var limit = procedure.Days > 0 ? procedure.Days : 10;
            var days = random.Next(100) == 0 ? limit + 1 + random.Next(5) : random.Next(3) == 0 ? limit : random.Next(limit);
            r.Finished = (day + days) * 24 * 60 + 8 * 60 + random.Next(9 * 60);
            r.Digitized = random.Next(10) < 8;
            r.Paid = r.Channel == DossierChannel.Online && random.Next(2) == 0;
            if (r.Status == DossierStatus.ResultReturned) r.Returned = r.Finished + random.Next(3) * 24 * 60;
        }
        else if (r.Status == DossierStatus.Withdrawn)
        {
            if (random.Next(3) == 0) r.Returned = r.Received + random.Next(5) * 24 * 60;
            else if (random.Next(2) == 0) r.Finished = r.Received + random.Next(5) * 24 * 60;
        }
        return r;
    }

    /// <summary>What a correction changes: an open or withdrawn dossier is finished; a finished one's digitized flag turns.</summary>
    private static void Change(ref Row r, Random random)
    {
        if (r.Received >= 0 && r.Finished < 0)
        {
            r.Status = DossierStatus.ResultReturned;
            r.Finished = r.Received + (1 + random.Next(5)) * 24 * 60;
            r.Returned = r.Finished;
        }
        else r.Digitized = !r.Digitized;
    }

    private void Format(StringBuilder line, in Row r)
    {
        var p = Procedures[r.Procedure];
        var handling = Units[r.Handling].Code;
        line.Clear();
        // Codes as one-stop-shop systems make them: receiving office, date received, sequence.
        line.Append(handling).Append('-').Append(r.Received < 0 ? "000000" : Day(r.Received).ToString("yyMMdd", CultureInfo.InvariantCulture))
            .Append('-').Append(r.Number.ToString("D8", CultureInfo.InvariantCulture)).Append(',');
        line.Append(p.Code).Append(',');
        Quoted(line, p.Name);
        line.Append(',');
        Quoted(line, p.Sector);
        line.Append(',');
        if (p.Level is { } level) line.Append((char)('0' + level));
        line.Append(',').Append((char)('0' + r.Channel)).Append(',');
        line.Append(Units[r.Receiving].Code).Append(',').Append(handling).Append(',');
        Date(line, r.Received, r.Style);
        Date(line, r.Due, r.Style);
        Date(line, r.Finished, r.Style);
        Date(line, r.Returned, r.Style);
        line.Append(r.Status.ToString(CultureInfo.InvariantCulture)).Append(',');
        line.Append(r.Digitized ? '1' : '0').Append(',').Append(r.Paid ? '1' : '0').Append(',').Append(r.Vneid ? '1' : '0').Append('\n');
    }

    private static DateOnly Day(int minutes) => FirstDay.AddDays(minutes / (24 * 60));

    /// <summary>A date field and its comma: a bare date, a Vietnam timestamp, or the same moment in UTC.</summary>
    private static void Date(StringBuilder line, int minutes, byte style)
    {
        if (minutes >= 0)
        {
            var local = FirstDay.ToDateTime(TimeOnly.MinValue).AddMinutes(minutes);
            switch (style)
            {
                case 0: line.Append(local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                case 1: line.Append(local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)).Append("+07:00"); break;
                default: line.Append(local.AddHours(-7).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)).Append('Z'); break;
            }
        }
        line.Append(',');
    }

    /// <summary>RFC 4180: a field holding a comma or quote is quoted, its quotes doubled.</summary>
    private static void Quoted(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(',', '"', '\n') < 0) { line.Append(value); return; }
        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
