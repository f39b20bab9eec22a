using CivicTrack.Engine.Dossiers;

namespace CivicTrack.Engine.Tests.Dossiers;

/// <summary>Every field of a dossier file is checked; a refused row names its line, column and value, and a header problem
/// refuses the whole file.</summary>
public sealed class DossierReaderTests
{
    private static readonly TestUnits Units = new(
        new Dictionary<string, int> { ["P"] = 0, ["D1"] = 1, ["C11"] = 2, ["C12"] = 3, ["D2"] = 4, ["C21"] = 5 }, "D2", "C21");

    private static Dictionary<string, string> Row(params (string Column, string Value)[] changes)
    {
        var row = new Dictionary<string, string>
        {
            [DossierColumns.Code] = "HS-001", [DossierColumns.ProcedureCode] = "1.001234", [DossierColumns.ProcedureName] = "Cấp giấy phép xây dựng",
            [DossierColumns.Sector] = "Xây dựng", [DossierColumns.ServiceLevel] = "4", [DossierColumns.Channel] = "2",
            [DossierColumns.ReceivingUnit] = "C11", [DossierColumns.HandlingUnit] = "C11", [DossierColumns.ReceivedAt] = "2025-10-03",
            [DossierColumns.DueAt] = "2025-10-10", [DossierColumns.FinishedAt] = "2025-10-08", [DossierColumns.ReturnedAt] = "2025-10-09",
            [DossierColumns.Status] = "10", [DossierColumns.Digitized] = "1", [DossierColumns.PaidOnline] = "true", [DossierColumns.VneidVerified] = "0",
        };
        foreach (var (column, value) in changes) row[column] = value;
        return row;
    }

    private static string File(params Dictionary<string, string>[] rows) =>
        string.Join('\n', [DossierColumns.Header, .. rows.Select(r => DossierCsv.Line(r, DossierColumns.All))]) + "\n";

    private sealed record Read(long Line, IReadOnlyList<DossierProblem> Problems, DossierFacts Facts, DossierRecord? Record);

    private static List<Read> ReadAll(string text, bool materialize = true) => ReadAll(text, out _, materialize);

    private static List<Read> ReadAll(string text, out List<DossierProblem> fileProblems, bool materialize = true)
    {
        using var reader = new DossierReader(new StringReader(text), Units, materialize);
        fileProblems = reader.FileProblems;
        var rows = new List<Read>();
        while (reader.Next())
            rows.Add(new(reader.Line, [.. reader.Problems], reader.Problems.Count == 0 ? reader.Facts : default, reader.Record));
        return rows;
    }

    private static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_good_row_gives_its_record_and_facts()
    {
        var read = Assert.Single(ReadAll(File(Row())));
        Assert.Empty(read.Problems);
        Assert.Equal(2, read.Line);
        Assert.Equal(new DossierRecord
        {
            Code = "HS-001", ProcedureCode = "1.001234", ProcedureName = "Cấp giấy phép xây dựng", Sector = "Xây dựng", ServiceLevel = 4,
            Channel = 2, ReceivingUnit = "C11", HandlingUnit = "C11", Received = D("2025-10-03"), Due = D("2025-10-10"),
            Finished = D("2025-10-08"), Returned = D("2025-10-09"), Status = 10, Digitized = true, PaidOnline = true, VneidVerified = false,
        }, read.Record);
        Assert.Equal(new DossierFacts(2, D("2025-10-03").DayNumber, D("2025-10-10").DayNumber, D("2025-10-08").DayNumber,
            D("2025-10-09").DayNumber, 10, DossierFlags.Online | DossierFlags.Digitized | DossierFlags.PaidOnline), read.Facts);
    }

    [Fact]
    public void Timestamps_become_dates_in_Vietnam_and_empty_optional_fields_stay_empty()
    {
        var read = Assert.Single(ReadAll(File(Row(
            (DossierColumns.ReceivedAt, "2025-10-31T17:30:00Z"), (DossierColumns.DueAt, ""), (DossierColumns.FinishedAt, "2025-11-30 23:59:59+07:00"),
            (DossierColumns.ReturnedAt, ""), (DossierColumns.ServiceLevel, ""), (DossierColumns.ProcedureName, ""), (DossierColumns.Sector, ""),
            (DossierColumns.Digitized, ""), (DossierColumns.PaidOnline, "FALSE"), (DossierColumns.VneidVerified, "True"), (DossierColumns.Channel, "1")))));
        Assert.Empty(read.Problems);
        var r = read.Record!;
        Assert.Equal((D("2025-11-01"), (DateOnly?)null, D("2025-11-30"), (DateOnly?)null), (r.Received!.Value, r.Due, r.Finished!.Value, r.Returned));
        Assert.Equal(((byte?)null, "", "", false, false, true), (r.ServiceLevel, r.ProcedureName, r.Sector, r.Digitized, r.PaidOnline, r.VneidVerified));
        Assert.Equal(DossierFacts.None, read.Facts.Due);
        Assert.Equal(DossierFlags.VneidVerified, read.Facts.Flags);
    }

    [Fact]
    public void A_dossier_not_received_needs_no_received_date()
    {
        var read = Assert.Single(ReadAll(File(Row((DossierColumns.Status, "3"), (DossierColumns.ReceivedAt, ""), (DossierColumns.DueAt, ""),
            (DossierColumns.FinishedAt, ""), (DossierColumns.ReturnedAt, "")))));
        Assert.Empty(read.Problems);
        Assert.Null(read.Record!.Received);
        Assert.Equal((DossierFacts.None, (byte)3), (read.Facts.Received, read.Facts.Status));
    }

    [Theory]
    [InlineData(DossierProblemKind.Required, DossierColumns.Code, "")]
    [InlineData(DossierProblemKind.Required, DossierColumns.Code, "   ")]
    [InlineData(DossierProblemKind.Required, DossierColumns.ProcedureCode, "")]
    [InlineData(DossierProblemKind.Required, DossierColumns.Channel, "")]
    [InlineData(DossierProblemKind.Required, DossierColumns.ReceivingUnit, "")]
    [InlineData(DossierProblemKind.Required, DossierColumns.HandlingUnit, "")]
    [InlineData(DossierProblemKind.Required, DossierColumns.Status, "")]
    [InlineData(DossierProblemKind.Required, DossierColumns.ReceivedAt, "")]
    [InlineData(DossierProblemKind.Required, DossierColumns.ReceivedAt, "", DossierColumns.Status, "7")]
    [InlineData(DossierProblemKind.ControlCharacters, DossierColumns.Code, "HS\u0001001")]
    [InlineData(DossierProblemKind.ControlCharacters, DossierColumns.Code, "HS\t001")]
    [InlineData(DossierProblemKind.ControlCharacters, DossierColumns.Code, "HS\u007f001")]
    [InlineData(DossierProblemKind.UnknownUnit, DossierColumns.ReceivingUnit, "X99")]
    [InlineData(DossierProblemKind.UnknownUnit, DossierColumns.HandlingUnit, "X99")]
    [InlineData(DossierProblemKind.OutsideScope, DossierColumns.HandlingUnit, "C21")]
    [InlineData(DossierProblemKind.OutsideScope, DossierColumns.HandlingUnit, "d2")]
    [InlineData(DossierProblemKind.BadDate, DossierColumns.ReceivedAt, "03/10/2025")]
    [InlineData(DossierProblemKind.BadDate, DossierColumns.DueAt, "2025-1-3")]
    [InlineData(DossierProblemKind.BadDate, DossierColumns.FinishedAt, "2025-10-03T9:15")]
    [InlineData(DossierProblemKind.BadDate, DossierColumns.ReturnedAt, "tomorrow")]
    [InlineData(DossierProblemKind.ImpossibleDate, DossierColumns.DueAt, "2025-02-29")]
    [InlineData(DossierProblemKind.ImpossibleDate, DossierColumns.ReceivedAt, "2025-10-03T25:00")]
    [InlineData(DossierProblemKind.ImpossibleDate, DossierColumns.FinishedAt, "2025-13-01")]
    [InlineData(DossierProblemKind.DateOutOfRange, DossierColumns.FinishedAt, "2100-01-01")]
    [InlineData(DossierProblemKind.DateOutOfRange, DossierColumns.ReceivedAt, "1999-12-31")]
    [InlineData(DossierProblemKind.DateOutOfRange, DossierColumns.ReturnedAt, "2099-12-31T17:00:00Z")]
    [InlineData(DossierProblemKind.DueBeforeReceived, DossierColumns.DueAt, "2025-10-02")]
    [InlineData(DossierProblemKind.DueBeforeReceived, DossierColumns.DueAt, "2025-10-02T16:59:59Z")]
    [InlineData(DossierProblemKind.FinishedBeforeReceived, DossierColumns.FinishedAt, "2025-10-02T23:59:59+07:00")]
    [InlineData(DossierProblemKind.FinishedBeforeReceived, DossierColumns.FinishedAt, "2025-10-03T01:59:00+09:00", DossierColumns.ReceivedAt, "2025-10-03")]
    [InlineData(DossierProblemKind.ReturnedBeforeReceived, DossierColumns.ReturnedAt, "2025-09-30")]
    [InlineData(DossierProblemKind.StatusOutOfRange, DossierColumns.Status, "0")]
    [InlineData(DossierProblemKind.StatusOutOfRange, DossierColumns.Status, "11")]
    [InlineData(DossierProblemKind.StatusOutOfRange, DossierColumns.Status, "-1")]
    [InlineData(DossierProblemKind.StatusOutOfRange, DossierColumns.Status, "1.0")]
    [InlineData(DossierProblemKind.StatusOutOfRange, DossierColumns.Status, "done")]
    [InlineData(DossierProblemKind.ChannelOutOfRange, DossierColumns.Channel, "0")]
    [InlineData(DossierProblemKind.ChannelOutOfRange, DossierColumns.Channel, "4")]
    [InlineData(DossierProblemKind.ChannelOutOfRange, DossierColumns.Channel, "online")]
    [InlineData(DossierProblemKind.ServiceLevelOutOfRange, DossierColumns.ServiceLevel, "1")]
    [InlineData(DossierProblemKind.ServiceLevelOutOfRange, DossierColumns.ServiceLevel, "5")]
    [InlineData(DossierProblemKind.BadBoolean, DossierColumns.Digitized, "yes")]
    [InlineData(DossierProblemKind.BadBoolean, DossierColumns.PaidOnline, "2")]
    [InlineData(DossierProblemKind.BadBoolean, DossierColumns.VneidVerified, "truee")]
    [InlineData(DossierProblemKind.FinishedDateRequired, DossierColumns.FinishedAt, "", DossierColumns.Status, "9")]
    [InlineData(DossierProblemKind.FinishedDateRequired, DossierColumns.FinishedAt, "")]
    public void A_bad_field_refuses_its_row_naming_line_column_and_value(DossierProblemKind kind, string column, string value,
        string? otherColumn = null, string? otherValue = null)
    {
        var bad = Row((DossierColumns.Code, "HS-002"), (column, value));
        if (otherColumn is not null) bad[otherColumn] = otherValue!;
        var rows = ReadAll(File(Row(), bad, Row((DossierColumns.Code, "HS-003"))));
        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.Line));
        Assert.Equal(new DossierProblem(3, column, kind, value), Assert.Single(rows[1].Problems));
        Assert.Null(rows[1].Record);
        Assert.Equal(["HS-001", "HS-003"], rows.Where(r => r.Problems.Count == 0).Select(r => r.Record!.Code));
    }

    [Theory]
    [InlineData(DossierColumns.Code, DossierReader.MaxCodeLength)]
    [InlineData(DossierColumns.ProcedureCode, DossierReader.MaxCodeLength)]
    [InlineData(DossierColumns.ProcedureName, DossierReader.MaxNameLength)]
    [InlineData(DossierColumns.Sector, DossierReader.MaxSectorLength)]
    public void A_text_over_its_limit_is_refused_with_its_value_clipped_to_a_hundred_characters(string column, int max)
    {
        var longest = new string('x', max - 1) + "ư";
        var rows = ReadAll(File(Row((column, longest)), Row((DossierColumns.Code, "HS-002"), (column, longest + "y"))));
        Assert.Empty(rows[0].Problems);
        Assert.Equal(longest, column == DossierColumns.Code ? rows[0].Record!.Code : column == DossierColumns.ProcedureCode
            ? rows[0].Record!.ProcedureCode : column == DossierColumns.ProcedureName ? rows[0].Record!.ProcedureName : rows[0].Record!.Sector);
        var problem = Assert.Single(rows[1].Problems);
        Assert.Equal((3L, column, DossierProblemKind.TooLong), (problem.Line, problem.Column, problem.Kind));
        Assert.Equal(100, problem.Value.Length);
        Assert.Equal(new string('x', 99) + "…", problem.Value);
    }

    [Fact]
    public void A_unit_code_longer_than_any_unit_code_is_an_unknown_unit()
    {
        var code = new string('C', DossierReader.MaxUnitCodeLength + 1);
        var problem = Assert.Single(Assert.Single(ReadAll(File(Row((DossierColumns.ReceivingUnit, code))))).Problems);
        Assert.Equal(new DossierProblem(2, DossierColumns.ReceivingUnit, DossierProblemKind.UnknownUnit, code), problem);
    }

    [Fact]
    public void Every_problem_of_a_row_is_listed_in_column_order_on_the_rows_line()
    {
        var rows = ReadAll(File(Row((DossierColumns.Code, ""), (DossierColumns.Channel, "9"), (DossierColumns.HandlingUnit, "C21"),
            (DossierColumns.DueAt, "2025-02-30"), (DossierColumns.Digitized, "x"))));
        Assert.Equal(
        [
            new DossierProblem(2, DossierColumns.Code, DossierProblemKind.Required, ""),
            new DossierProblem(2, DossierColumns.Channel, DossierProblemKind.ChannelOutOfRange, "9"),
            new DossierProblem(2, DossierColumns.HandlingUnit, DossierProblemKind.OutsideScope, "C21"),
            new DossierProblem(2, DossierColumns.DueAt, DossierProblemKind.ImpossibleDate, "2025-02-30"),
            new DossierProblem(2, DossierColumns.Digitized, DossierProblemKind.BadBoolean, "x"),
        ], Assert.Single(rows).Problems);
    }

    [Fact]
    public void A_receiving_unit_beyond_the_callers_reach_is_accepted_and_counts_as_cross_boundary()
    {
        var read = Assert.Single(ReadAll(File(Row((DossierColumns.ReceivingUnit, "C21")))));
        Assert.Empty(read.Problems);
        Assert.Equal("C21", read.Record!.ReceivingUnit);
        Assert.True(read.Facts.Flags.HasFlag(DossierFlags.CrossBoundary));
    }

    [Fact]
    public void A_row_with_more_or_fewer_fields_than_the_header_is_refused_whole()
    {
        var line = DossierCsv.Line(Row(), DossierColumns.All);
        var text = DossierColumns.Header + "\n" + line + ",extra\n" + line + "\n" + line[..line.LastIndexOf(',')] + "\n";
        var rows = ReadAll(text);
        Assert.Equal(new DossierProblem(2, "", DossierProblemKind.WrongColumnCount, "17"), Assert.Single(rows[0].Problems));
        Assert.Empty(rows[1].Problems);
        Assert.Equal(new DossierProblem(4, "", DossierProblemKind.WrongColumnCount, "15"), Assert.Single(rows[2].Problems));
    }

    [Fact]
    public void Every_kind_a_file_can_show_is_produced_by_the_reader_except_those_of_the_bytes_and_the_import_size()
    {
        // NotUtf8 is found while decoding the bytes and TooManyRows while counting an import, both before a reader exists.
        var produced = new HashSet<DossierProblemKind>();
        foreach (var row in typeof(DossierReaderTests).GetMethod(nameof(A_bad_field_refuses_its_row_naming_line_column_and_value))!
                     .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>())
            produced.Add((DossierProblemKind)row.Data[0]!);
        produced.UnionWith([DossierProblemKind.TooLong, DossierProblemKind.WrongColumnCount, DossierProblemKind.NoHeader,
            DossierProblemKind.DuplicateHeader, DossierProblemKind.MissingColumn, DossierProblemKind.UnknownColumn]);
        Assert.Equal(Enum.GetValues<DossierProblemKind>().Except([DossierProblemKind.NotUtf8, DossierProblemKind.TooManyRows]).Order(), produced.Order());
    }

    // ---- lines ----

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void A_quoted_line_break_makes_the_next_row_start_two_lines_later_and_blank_lines_are_skipped_but_counted(string newline)
    {
        var text = string.Join(newline,
            DossierColumns.Header,
            DossierCsv.Line(Row((DossierColumns.Code, "A"), (DossierColumns.ProcedureName, "Cấp phép" + newline + "xây dựng")), DossierColumns.All),
            DossierCsv.Line(Row((DossierColumns.Code, "B")), DossierColumns.All),
            "",
            "   ",
            DossierCsv.Line(Row((DossierColumns.Code, "C"), (DossierColumns.Status, "12")), DossierColumns.All),
            DossierCsv.Line(Row((DossierColumns.Code, "D"), (DossierColumns.Sector, "Tư pháp," + newline + "hộ tịch")), DossierColumns.All),
            DossierCsv.Line(Row((DossierColumns.Code, "E"), (DossierColumns.Channel, "")), DossierColumns.All)) + newline + newline;
        using var reader = new DossierReader(new StringReader(text), Units);
        var rows = new List<(long, string)>();
        while (reader.Next())
            rows.Add((reader.Line, reader.Record?.Code ?? string.Join(";", reader.Problems.Select(p => $"{p.Line}:{p.Column}:{p.Kind}"))));
        Assert.Equal(
        [
            (2L, "A"), (4L, "B"), (7L, "7:status:StatusOutOfRange"), (8L, "D"), (10L, "10:channel:Required"),
        ], rows);
        Assert.Equal(5, reader.Rows);
    }

    [Fact]
    public void A_line_break_in_a_procedure_name_or_sector_is_kept()
    {
        var rows = ReadAll(File(Row((DossierColumns.ProcedureName, "Cấp phép\nxây dựng"), (DossierColumns.Sector, "Tư pháp\r\nhộ tịch"))));
        var record = Assert.Single(rows).Record!;
        Assert.Equal(("Cấp phép\nxây dựng", "Tư pháp\r\nhộ tịch"), (record.ProcedureName, record.Sector));
    }

    [Fact]
    public void Quoted_commas_and_doubled_quotes_come_through_unescaped()
    {
        const string name = "Cấp \"Giấy phép, giấy chứng nhận\" (cấp lại, \"gia hạn\")";
        const string sector = "Đất đai, tài nguyên";
        var text = File(Row((DossierColumns.ProcedureName, name), (DossierColumns.Sector, sector), (DossierColumns.Code, "HS,\"7\"")));
        Assert.Contains("\"Cấp \"\"Giấy phép, giấy chứng nhận\"\" (cấp lại, \"\"gia hạn\"\")\"", text);
        var record = Assert.Single(ReadAll(text)).Record!;
        Assert.Equal((name, sector, "HS,\"7\""), (record.ProcedureName, record.Sector, record.Code));
    }

    // ---- the header ----

    [Fact]
    public void A_byte_order_mark_before_the_header_is_skipped()
    {
        var rows = ReadAll("\uFEFF" + File(Row()));
        Assert.Equal(Row()[DossierColumns.Code], Assert.Single(rows).Record!.Code);
        Assert.Empty(rows[0].Problems);
    }

    [Fact]
    public void A_header_in_another_order_and_case_reads_the_same_records()
    {
        var header = DossierColumns.All.Reverse().Select((c, i) => i % 2 == 0 ? c.ToUpperInvariant() : c).ToArray();
        header[7] = "Received_At";
        var rows = new[] { Row(), Row((DossierColumns.Code, "HS-002"), (DossierColumns.ReceivingUnit, "C12"), (DossierColumns.Status, "4"),
            (DossierColumns.FinishedAt, ""), (DossierColumns.ReturnedAt, "")) };
        var text = string.Join("\r\n", [string.Join(',', header), .. rows.Select(r => DossierCsv.Line(r, header))]);
        var canonical = ReadAll(File(rows));
        var shuffled = ReadAll(text);
        Assert.Equal(2, shuffled.Count);
        Assert.All(shuffled, r => Assert.Empty(r.Problems));
        Assert.Equal(canonical.Select(r => (r.Record, r.Facts)), shuffled.Select(r => (r.Record, r.Facts)));
    }

    private static void AssertRefusedWhole(string header, DossierProblem expected)
    {
        var rows = ReadAll(header + "\n" + string.Join(",", Enumerable.Repeat("x", header.Split(',').Length)) + "\n", out var fileProblems);
        Assert.Empty(rows);
        Assert.Contains(expected, fileProblems);
    }

    [Fact]
    public void A_header_naming_a_column_twice_refuses_the_whole_file()
    {
        AssertRefusedWhole(DossierColumns.Header + ",Status", new DossierProblem(1, "Status", DossierProblemKind.DuplicateHeader, "Status"));
        using var reader = new DossierReader(new StringReader(DossierColumns.Header + ",STATUS\n" + DossierCsv.Line(Row(), DossierColumns.All) + ",10\n"), Units);
        Assert.False(reader.Next());
        Assert.Equal(0, reader.Rows);
    }

    [Fact]
    public void A_header_missing_a_column_refuses_the_whole_file()
    {
        var header = string.Join(',', DossierColumns.All.Where(c => c != DossierColumns.VneidVerified));
        AssertRefusedWhole(header, new DossierProblem(1, DossierColumns.VneidVerified, DossierProblemKind.MissingColumn, ""));
        var rows = ReadAll(header + "\n" + string.Join(',', DossierColumns.All.Where(c => c != DossierColumns.VneidVerified).Select(c => Row()[c])) + "\n",
            out var problems);
        Assert.Empty(rows);
        Assert.Single(problems);
    }

    [Fact]
    public void A_header_naming_an_unknown_column_refuses_the_whole_file()
    {
        AssertRefusedWhole(DossierColumns.Header + ",ghi_chu", new DossierProblem(1, "ghi_chu", DossierProblemKind.UnknownColumn, "ghi_chu"));
        var header = DossierColumns.Header.Replace("sector", "sectors");
        var rows = ReadAll(header + "\n" + DossierCsv.Line(Row(), DossierColumns.All) + "\n", out var problems);
        Assert.Empty(rows);
        Assert.Equal(
        [
            new DossierProblem(1, "sectors", DossierProblemKind.UnknownColumn, "sectors"),
            new DossierProblem(1, DossierColumns.Sector, DossierProblemKind.MissingColumn, ""),
        ], problems);
    }

    [Fact]
    public void An_empty_file_has_no_header()
    {
        var rows = ReadAll("", out var problems);
        Assert.Empty(rows);
        Assert.Equal(new DossierProblem(1, "", DossierProblemKind.NoHeader, ""), Assert.Single(problems));
    }

    [Fact]
    public void A_header_alone_is_a_file_without_rows()
    {
        var rows = ReadAll(DossierColumns.Header + "\n", out var problems);
        Assert.Empty(rows);
        Assert.Empty(problems);
    }

    // ---- facts ----

    [Fact]
    public void Counting_without_materializing_gives_the_same_facts_and_no_record()
    {
        var text = File(Row(), Row((DossierColumns.Code, "HS-002"), (DossierColumns.ReceivingUnit, "D1"), (DossierColumns.HandlingUnit, "C12"),
            (DossierColumns.ReceivedAt, "2025-10-31T17:30:00Z"), (DossierColumns.Status, "4"), (DossierColumns.FinishedAt, ""), (DossierColumns.DueAt, ""),
            (DossierColumns.ReturnedAt, "")),
            Row((DossierColumns.Code, "HS-003"), (DossierColumns.Status, "x")));
        var full = ReadAll(text);
        var counted = ReadAll(text, materialize: false);
        Assert.All(counted, r => Assert.Null(r.Record));
        Assert.Equal(full.Select(r => (r.Line, r.Facts, r.Problems.Count)), counted.Select(r => (r.Line, r.Facts, r.Problems.Count)));
        Assert.Equal(new DossierFacts(3, D("2025-11-01").DayNumber, DossierFacts.None, DossierFacts.None, DossierFacts.None, 4,
            DossierFlags.Online | DossierFlags.CrossBoundary | DossierFlags.Digitized | DossierFlags.PaidOnline), counted[1].Facts);
        Assert.Single(counted[2].Problems);
    }

    [Theory]
    [InlineData("C11", "C11")]
    [InlineData("c11", "C11")]
    [InlineData("C11", "c11")]
    [InlineData("C12", "C11")]
    [InlineData("D1", "C11")]
    public void A_stored_records_facts_are_the_facts_read_from_its_row(string receiving, string handling)
    {
        var read = Assert.Single(ReadAll(File(Row((DossierColumns.ReceivingUnit, receiving), (DossierColumns.HandlingUnit, handling)))));
        Assert.Equal(read.Facts, read.Record!.Facts(read.Facts.Unit));
        Assert.Equal(!receiving.Equals(handling, StringComparison.OrdinalIgnoreCase), read.Facts.Flags.HasFlag(DossierFlags.CrossBoundary));
    }
}
