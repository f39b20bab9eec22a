using System.Diagnostics;
using System.Globalization;
using System.Text;
using CivicTrack.Engine.Csv;
using CivicTrack.Engine.Expressions;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Reliability;

/// <summary>A parser input that crashed (an exception other than the parser's documented "bad input" answer, a broken
/// property, or no answer within the time limit).</summary>
public sealed record FuzzCrash(string Input, string Failure);

public sealed record ParserFuzzResult(string Parser, int Inputs, int Accepted, int Rejected, int Crashes, IReadOnlyList<FuzzCrash> Examples, TimeSpan Elapsed);

/// <summary>Property runs of the parsers: seeded generated inputs (mutations of valid inputs and random ones) must each
/// end in the parser's result or its documented "bad input" answer.</summary>
public static class ParserFuzz
{
    public const int DefaultSeed = 20261202;

    /// <summary>A parser under test: the inputs it is given and what it does with one (true: accepted, false: refused as bad input).</summary>
    private sealed record Target(string Name, Func<Mutator, object> Generate, Func<object, bool> Run, Func<object, string> Show);

    public static IReadOnlyList<string> Parsers => [.. Targets().Select(t => t.Name)];

    /// <summary>Runs <paramref name="inputs"/> generated inputs through each parser (all when <paramref name="only"/> is empty).</summary>
    public static IReadOnlyList<ParserFuzzResult> Run(int inputs, int seed = DefaultSeed, IReadOnlyCollection<string>? only = null,
        int examples = 5, TimeSpan? perInputLimit = null, Action<string>? progress = null)
    {
        var results = new List<ParserFuzzResult>();
        foreach (var target in Targets().Where(t => only is not { Count: > 0 } || only.Contains(t.Name)))
        {
            var result = RunOne(target, inputs, seed, examples, perInputLimit ?? TimeSpan.FromSeconds(10));
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{result.Parser}: {result.Inputs:N0} inputs, {result.Accepted:N0} accepted, {result.Rejected:N0} refused, {result.Crashes:N0} crashes ({result.Elapsed.TotalSeconds:0.0} s)"));
            results.Add(result);
        }
        return results;
    }

    private static ParserFuzzResult RunOne(Target target, int inputs, int seed, int keep, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var m = new Mutator(HashCode.Combine(seed, StableHash(target.Name)) & int.MaxValue);
        int accepted = 0, rejected = 0, crashes = 0;
        var examples = new List<FuzzCrash>();
        void Crash(object input, string failure)
        {
            crashes++;
            if (examples.Count < keep) examples.Add(new FuzzCrash(target.Show(input), failure));
        }
        var worker = new Worker(target.Run);
        for (var i = 0; i < inputs; i++)
        {
            var input = target.Generate(m);
            if (!worker.TryRun(input, limit, out var outcome, out var failure))
            {
                Crash(input, $"no answer within {limit.TotalSeconds:0} s");
                worker = new Worker(target.Run);
                continue;
            }
            if (failure is not null) Crash(input, $"{failure.GetType().Name}: {failure.Message}{At(failure)}");
            else if (outcome) accepted++;
            else rejected++;
        }
        worker.Stop();
        return new ParserFuzzResult(target.Name, inputs, accepted, rejected, crashes, examples, clock.Elapsed);
    }

    /// <summary>A thread of the size the app's request threads have, so that deep recursion fails here as it would there;
    /// one that does not answer in time is abandoned.</summary>
    private sealed class Worker
    {
        private readonly Func<object, bool> _run;
        private readonly SemaphoreSlim _go = new(0), _done = new(0);
        private object? _input;
        private bool _outcome, _stop;
        private Exception? _failure;

        public Worker(Func<object, bool> run)
        {
            _run = run;
            new Thread(Loop, 1536 * 1024) { IsBackground = true }.Start();
        }

        public bool TryRun(object input, TimeSpan limit, out bool outcome, out Exception? failure)
        {
            (_input, _failure, _outcome) = (input, null, false);
            _go.Release();
            var answered = _done.Wait(limit);
            (outcome, failure) = (_outcome, _failure);
            return answered;
        }

        public void Stop()
        {
            _stop = true;
            _go.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _go.Wait();
                if (_stop) return;
                try { _outcome = _run(_input!); }
                catch (Exception e) { _failure = e; }
                _done.Release();
            }
        }
    }

    private static string At(Exception e) =>
        e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("CivicTrack", StringComparison.Ordinal)) is { } line ? $" ({line})" : "";

    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s) h = h * 31 + c;
        return h;
    }

    private static IEnumerable<Target> Targets()
    {
        yield return new Target("csv", m => CsvInput(m), input => Csv((byte[])input), input => ShowBytes((byte[])input));
        yield return new Target("expression", m => ExpressionInput(m), input => Expression((string)input), input => ShowText((string)input));
        yield return new Target("period", m => PeriodInput(m), input => Periods((string)input), input => ShowText((string)input));
        yield return new Target("dossiers", m => DossierInput(m), input => Dossiers((byte[])input), input => ShowBytes((byte[])input));
        var xlsx = XlsxReadPaths.Seeds();
        yield return new Target("xlsx: units", m => XlsxInput(m, xlsx), input => XlsxReadPaths.Units((byte[])input) >= 0, input => ShowBytes((byte[])input));
        yield return new Target("xlsx: target annex", m => XlsxInput(m, xlsx), input => XlsxReadPaths.TargetAnnex((byte[])input) >= 0, input => ShowBytes((byte[])input));
        yield return new Target("xlsx: report sheet", m => XlsxInput(m, xlsx), input => XlsxReadPaths.ReportSheet((byte[])input) >= 0, input => ShowBytes((byte[])input));
    }

    // ---- CSV: strict UTF-8 decoding, RFC 4180 records, then the unit file's rows ----

    private static readonly string[] CsvSeeds =
    [
        "code,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups\n08,Tỉnh Tuyên Quang,Province,,,,,\n08051,Xã Thượng Tân,Commune,08,2025-07-01,,,pilot;mountain\n",
        "\uFEFFcode,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups\r\n08051-01,\"Thôn \"\"Nà\"\" Lầu, 1\",Village,08051,,,,\r\n08052,\"Xã\nGiáp Trung\",Commune,08,2025-07-01,,,\r\n",
        "code,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups\n08001,Xã Cũ,Commune,08,2020-01-01,2025-07-01,08051,\n",
        "a;b;c\n1;2;3\n\"x;y\";\"\";z\n",
    ];

    private static readonly string[] CsvTokens = ["\"", "\"\"", ",", ";", "\r\n", "\n", "\r", "\uFEFF", "2025-02-29", "9999-12-31", "Province", "Village", ";;", ",,,,,,,,"];

    private static readonly byte[][] CsvByteTokens =
        [[0xEF, 0xBB, 0xBF], [0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0x00], [(byte)'"'], [(byte)'\r'], [(byte)'\n']];

    private static byte[] CsvInput(Mutator m) => m.Next(10) switch
    {
        < 5 => Encoding.UTF8.GetBytes(m.Mutate(m.Pick(CsvSeeds), CsvTokens, CsvSeeds)),
        < 8 => m.Mutate(Encoding.UTF8.GetBytes(m.Pick(CsvSeeds)), CsvByteTokens),
        8 => Encoding.UTF8.GetBytes(m.RandomText("abc,;\"\r\n 0123456789-đ", 400)),
        _ => m.RandomBytes(400),
    };

    private static bool Csv(byte[] bytes)
    {
        if (!CsvReader.TryDecodeUtf8(bytes, out var text, out var badLine))
        {
            if (badLine < 1) throw new InvalidOperationException($"TryDecodeUtf8 refused the bytes with line {badLine}.");
            return false;
        }
        var records = CsvReader.Parse(text);
        CsvReader.Parse(text, ';');
        foreach (var r in records)
            if (r.Line < 1 || r.Fields.Length == 0) throw new InvalidOperationException($"A record with line {r.Line} and {r.Fields.Length} fields.");
        var (_, errors) = OrgImportPlanner.Read(records);
        return errors.Count == 0;
    }

    // ---- Dossier files: strict UTF-8, then every row through the dossier reader ----

    private const string DossierHeader = "dossier_code,procedure_code,procedure_name,sector,service_level,channel,receiving_unit_code,handling_unit_code,received_at,due_at,finished_at,returned_at,status,digitized,paid_online,vneid_verified";

    private static readonly string[] DossierSeeds =
    [
        DossierHeader + "\nD-1,1.001,\"Cấp phép, \"\"xây dựng\"\"\",Xây dựng,4,2,08051,08051,2025-10-03T18:30:00Z,2025-10-10,2025-10-09,,10,1,0,true\n",
        "\uFEFF" + DossierHeader + "\r\nD-2,1.002,Khai sinh,Hộ tịch,,1,08052,08051,2025-10-31T23:59:59+07:00,,,,7,0,0,0\r\nD-2,1.002,Khai sinh,Hộ tịch,3,3,08051,08051,2025-11-01,2025-11-30,2025-11-30,2025-12-01,9,FALSE,1,0\r\n",
        "status,dossier_code,procedure_code,procedure_name,sector,service_level,channel,receiving_unit_code,handling_unit_code,received_at,due_at,finished_at,returned_at,digitized,paid_online,vneid_verified\n3,D-3,1.003,X,Y,4,2,08051,08051,,,,,0,0,0\n",
    ];

    private static readonly string[] DossierTokens =
        ["\"", ",", "\n", "\r\n", "\uFEFF", "2025-02-29", "2025-10-03T24:00", "T00:00:00Z", "+07:00", "-12:00", "+14:59", "1999-12-31T17:00:00Z", "2099-12-31T23:00:00-05:00",
         "08051", "XX", "08052", "10", "11", "0", "true", "maybe", ",,,,", "dossier_code", "\u0001", "\u0000"];

    private static byte[] DossierInput(Mutator m) => m.Next(10) switch
    {
        < 6 => Encoding.UTF8.GetBytes(m.Mutate(m.Pick(DossierSeeds), DossierTokens, DossierSeeds)),
        < 9 => m.Mutate(Encoding.UTF8.GetBytes(m.Pick(DossierSeeds)), CsvByteTokens),
        _ => m.RandomBytes(400),
    };

    private sealed class DossierUnits : CivicTrack.Engine.Dossiers.IDossierUnits
    {
        public int Find(ReadOnlySpan<char> code) => code.Equals("08051", StringComparison.OrdinalIgnoreCase) ? 0 : code.Equals("08052", StringComparison.OrdinalIgnoreCase) ? 1 : -1;
        public bool MayWrite(int key) => key == 0;
    }

    private static bool Dossiers(byte[] bytes)
    {
        if (!CsvReader.TryDecodeUtf8(bytes, out var text, out _)) return false;
        using var reader = new CivicTrack.Engine.Dossiers.DossierReader(new StringReader(text), new DossierUnits());
        var aggregator = new CivicTrack.Engine.Dossiers.DossierAggregator(CivicTrack.Engine.Dossiers.DossierRules.Default);
        var accepted = reader.FileProblems.Count == 0;
        long line = 0;
        while (reader.Next())
        {
            if (reader.Line <= line) throw new InvalidOperationException($"Line {reader.Line} after line {line}.");
            line = reader.Line;
            if (reader.Problems.Count > 0) { accepted = false; continue; }
            var r = reader.Record ?? throw new InvalidOperationException("An accepted row without a record.");
            if (r.Received is { } received && (r.Finished < received || r.Due < received))
                throw new InvalidOperationException($"Row {line} accepted with a date before its received date.");
            aggregator.Add(reader.Facts);
            aggregator.Add(reader.Facts, -1);
        }
        var left = aggregator.Months([0, 1], CivicTrack.Engine.Dossiers.DossierMonths.Of(2000, 1), CivicTrack.Engine.Dossiers.DossierMonths.Of(2099, 12));
        if (left.Any(c => c != default)) throw new InvalidOperationException("Adding and taking out the same dossiers left counts behind.");
        return accepted;
    }

    // ---- Expressions: parse, check against known codes, evaluate ----

    private static readonly string[] ExpressionSeeds =
    [
        "#{HH_VNEID} / #{HH_TOTAL}", "#{DOSSIERS_ONLINE} <= #{DOSSIERS_RECEIVED}", "(#{A} + #{B.x-1}) * 100 / (#{C} - 2.5e3)",
        "!(#{A} == 0) && #{B} != 1 || -#{C} >= .5", "1e308 * 10", "((((#{A}))))", "#{A} - - - #{B}", "0.000001 < #{Z_9}",
    ];

    private static readonly string[] ExpressionTokens =
        ["#{", "}", "#{A}", "(", ")", "((", "))", "+", "-", "*", "/", "<=", ">=", "==", "!=", "!", "&&", "||", "=", "<", ">", "1e999", "1e-999", "1.", ".5", "e", "E+", "NaN", "Infinity", "0x1F", "١٢", "#", "{}", "#{}", "_", "."];

    private static string ExpressionInput(Mutator m) => m.Next(20) switch
    {
        < 14 => m.Mutate(m.Pick(ExpressionSeeds), ExpressionTokens, ExpressionSeeds),
        < 17 => m.RandomText("#{}()+-*/<>=!&|. eE0123456789ABC_", 300),
        17 => new string('(', m.Next(20_000)) + "#{A}" + new string(')', m.Next(20_000)),
        18 => string.Concat(Enumerable.Repeat(m.Pick(["-", "!", "+", "(-", "!("]), m.Next(20_000))) + "1",
        _ => string.Join(m.Pick([" + ", "*", " && ", "<"]), Enumerable.Repeat("#{A}", 1 + m.Next(5_000))),
    };

    private static bool Expression(string text)
    {
        var parse = CivicTrack.Engine.Expressions.Expression.Parse(text);
        var check = ExpressionCheck.Check(text, code => code.StartsWith('A'));
        if (!parse.Ok)
        {
            if (parse.Errors.Count == 0 || check.Count == 0) throw new InvalidOperationException("A refused expression without errors.");
            foreach (var e in parse.Errors)
                if (e.Position < 0 || e.Position > text.Length) throw new InvalidOperationException($"Error position {e.Position} outside the text ({text.Length}).");
            return false;
        }
        var expression = parse.Expression!;
        _ = expression.IsComparison;
        var v = expression.Evaluate(code => code.Length % 3 == 0 ? null : code.Length * 1.5);
        if (v is { } d && !double.IsFinite(d)) throw new InvalidOperationException($"Evaluated to {d}.");
        expression.Evaluate(_ => 0);
        expression.Evaluate(_ => double.MaxValue);
        return true;
    }

    // ---- Periods: a period id, a range, the analytics `periods=` list ----

    private static readonly string[] PeriodSeeds =
    [
        "2025", "2025S1", "2025S2", "2025Q3", "2025-10", "2025W42", "2020W53", "2025-10-10", "2024-02-29", "0001", "9999", "9999-12", "9999Q4",
        "9999W52", "9999-12-31", "0001-01-01", "0001W01", "2025Q1..2025Q4", "2025-01..2025Q2", "2025-01,2025-02", " 2025s1 ", "2025w01..2025w05",
        "9998-12..9999-12", "9999-12-31..9999-12-31", "2025-01-01..2025-12-31",
    ];

    private static readonly string[] PeriodTokens = ["..", ",", "-", "Q", "S", "W", "W53", "-02-29", "-12-31", "9999", "0000", "0001", "..9999-12", " ", "q", "w"];

    private static string PeriodInput(Mutator m) => m.Next(10) switch
    {
        < 8 => m.Mutate(m.Pick(PeriodSeeds), PeriodTokens, PeriodSeeds, 4),
        8 => m.RandomText("0123456789-QSWqsw., ", 30),
        _ => m.Pick(PeriodSeeds) + ".." + m.Pick(PeriodSeeds),
    };

    private static bool Periods(string text)
    {
        var ok = false;
        if (Period.TryParse(text, out var p, out var error))
        {
            ok = true;
            // The id it prints is read back as the same period.
            if (!Period.TryParse(p.Id, out var again) || again != p) throw new InvalidOperationException($"{p.Id} does not read back as itself.");
            _ = (p.End, p.Days, PeriodRange.Of(p));
        }
        else if (string.IsNullOrEmpty(error)) throw new InvalidOperationException("A refused period without a reason.");
        if (PeriodRange.TryParse(text, out var range, out var rangeError))
        {
            ok = true;
            if (range.End < range.Start) throw new InvalidOperationException($"Range {range} ends before it starts.");
            foreach (var type in Enum.GetValues<PeriodType>())
                foreach (var q in range.Periods(type).Take(400))
                    if (!range.Contains(q)) throw new InvalidOperationException($"{q} listed for {range} but outside it.");
        }
        else if (string.IsNullOrEmpty(rangeError)) throw new InvalidOperationException("A refused range without a reason.");
        // The dashboard's `periods=` parameter, parsed by the app before any query.
        if (PeriodList.TryParse(text, out var columns, out var listError)) ok |= columns.Count > 0;
        else if (string.IsNullOrEmpty(listError)) throw new InvalidOperationException("A refused period list without a reason.");
        return ok;
    }

    // ---- XLSX: mutated workbooks, workbooks with a mutated part, zip-looking garbage ----

    private static readonly string[] XmlTokens =
        ["<", ">", "</", "/>", "<c r=\"A1\" t=\"s\"><v>999999</v></c>", "<v>1e999</v>", " t=\"b\"", " t=\"d\"", " r=\"XFD1048577\"", "&amp;", "&#0;", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", "\"", "<row r=\"0\">", "<sheetData/>", "<?xml version=\"1.0\"?>"];

    private static readonly byte[][] ZipTokens = [[0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x01, 0x02], [0x50, 0x4B, 0x05, 0x06], [0xFF, 0xFF, 0xFF, 0xFF], [0, 0, 0, 0]];

    private static byte[] XlsxInput(Mutator m, IReadOnlyList<byte[]> seeds)
    {
        var seed = m.Pick(seeds);
        switch (m.Next(10))
        {
            case < 4:
                return m.Mutate(seed, ZipTokens, 3);
            case < 8:
                try { return XlsxReadPaths.MutateParts(seed, m, XmlTokens, ["<x/>"]); }
                catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException) { return m.Mutate(seed, ZipTokens, 2); }
            case 8:
                return [0x50, 0x4B, 0x03, 0x04, .. m.RandomBytes(300)];
            default:
                return seed[..m.Next(seed.Length)];
        }
    }

    private static string ShowText(string s)
    {
        var shown = s.Length <= 120 ? s : $"{s[..60]}…({s.Length:N0} chars)…{s[^40..]}";
        var sb = new StringBuilder();
        foreach (var c in shown) sb.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return sb.ToString();
    }

    private static string ShowBytes(byte[] b) =>
        $"{b.Length:N0} bytes: {Convert.ToHexString(b.AsSpan(0, Math.Min(48, b.Length)))}{(b.Length > 48 ? "…" : "")}";
}
