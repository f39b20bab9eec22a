using System.Text;
using CivicTrack.Engine.Csv;
using CivicTrack.Engine.Organisation;

namespace CivicTrack.Engine.Tests;

public sealed class OrgImportPlannerTests
{
    private const string Header = "code,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups";

    private static (List<(int Line, OrgUnitRow Row)> Rows, List<ImportError> Errors) Read(params string[] lines) =>
        OrgImportPlanner.Read(CsvReader.Parse(string.Join("\n", lines) + "\n"));

    private static List<ImportError> ReadErrors(params string[] lines) => Read([Header, .. lines]).Errors;

    /// <summary>Reads and plans like the import service does: row errors and cross-row errors together.</summary>
    private static (OrgImportPlan? Plan, List<ImportError> Errors) Import(IReadOnlyCollection<OrgUnitRow> existing, params string[] lines)
    {
        var (rows, errors) = Read([Header, .. lines]);
        var (plan, planErrors) = OrgImportPlanner.Plan(rows, existing);
        return (errors.Count > 0 ? null : plan, [.. errors.Concat(planErrors).OrderBy(e => e.Line)]);
    }

    private static ImportError OneError(List<ImportError> errors) => Assert.Single(errors);

    private static OrgUnitRow Row(string code, string name, OrgUnitKind kind, string? parent = null,
        DateOnly? opened = null, DateOnly? closed = null, string? merged = null, params string[] groups) =>
        new(code, name, kind, parent, opened, closed, merged, groups);

    private static readonly OrgUnitRow[] NoUnits = [];

    // ---- header ----

    [Fact]
    public void Header_MissingRequiredColumnIsReported()
    {
        var e = OneError(Read("code,name", "C1,Xã A").Errors);
        Assert.Equal(new ImportError(1, "kind", ImportErrorCode.MissingColumn, "kind"), e);
    }

    [Fact]
    public void Header_AllMissingRequiredColumnsAreReported()
    {
        var errors = Read("parent_code,groups", "P,x").Errors;
        Assert.Equal(["code", "name", "kind"], errors.Select(e => e.Column));
        Assert.All(errors, e => Assert.Equal(ImportErrorCode.MissingColumn, e.Code));
    }

    [Fact]
    public void Header_UnknownColumnIsReported()
    {
        var e = OneError(Read("code,name,kind,colour", "C1,Xã A,Commune,red").Errors);
        Assert.Equal(new ImportError(1, "colour", ImportErrorCode.UnknownColumn, "colour"), e);
    }

    [Fact]
    public void Header_DuplicateColumnIsReportedIgnoringCase()
    {
        var e = OneError(Read("code,name,kind,Name", "C1,Xã A,Commune,Xã B").Errors);
        Assert.Equal(new ImportError(1, "Name", ImportErrorCode.DuplicateColumn, "Name"), e);
    }

    [Fact]
    public void Header_ErrorsStopRowChecks()
    {
        var (rows, errors) = Read("code,name", ",,,,,");
        Assert.Empty(rows);
        Assert.Single(errors);
    }

    [Fact]
    public void Header_LineIsTheFileLineEvenAfterBlankLines()
    {
        var e = OneError(OrgImportPlanner.Read(CsvReader.Parse("\n\ncode,name\n")).Errors);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Header_IsCaseInsensitiveInAnyOrderWithOptionalColumnsAndToleratesBomAndTrailingComma()
    {
        var (rows, errors) = Read("\uFEFFKind, Name ,CODE,", "Commune,Xã A,C1,");
        Assert.Empty(errors);
        var row = Assert.Single(rows);
        Assert.Equal(2, row.Line);
        Assert.Equal(Row("C1", "Xã A", OrgUnitKind.Commune), row.Row, SameRow);
    }

    [Fact]
    public void EmptyFile_IsReported() =>
        Assert.Equal(ImportErrorCode.EmptyFile, OneError(OrgImportPlanner.Read([]).Errors).Code);

    [Fact]
    public void FullRow_IsReadIntoEveryField()
    {
        var (rows, errors) = Read(Header, " C1 , Xã Thượng Tân ,special_zone,P,2020-01-01,2025-07-01,C9, pilot ; mountainous;PILOT");
        Assert.Empty(errors);
        var r = Assert.Single(rows).Row;
        Assert.Equal("C1", r.Code);
        Assert.Equal("Xã Thượng Tân", r.Name);
        Assert.Equal(OrgUnitKind.SpecialZone, r.Kind);
        Assert.Equal("P", r.ParentCode);
        Assert.Equal(new DateOnly(2020, 1, 1), r.OpenedOn);
        Assert.Equal(new DateOnly(2025, 7, 1), r.ClosedOn);
        Assert.Equal("C9", r.MergedIntoCode);
        Assert.Equal(["pilot", "mountainous"], r.Groups);
    }

    [Fact]
    public void EmptyOptionalFields_BecomeNull()
    {
        var r = Assert.Single(Read(Header, "C1,Xã A,Commune,,,,,").Rows).Row;
        Assert.Null(r.ParentCode);
        Assert.Null(r.OpenedOn);
        Assert.Null(r.ClosedOn);
        Assert.Null(r.MergedIntoCode);
        Assert.Empty(r.Groups);
    }

    [Fact]
    public void Name_IsNormalisedToComposedForm()
    {
        var decomposed = "Xã Thượng Tân".Normalize(NormalizationForm.FormD);
        var r = Assert.Single(Read(Header, $"C1,{decomposed},Commune").Rows).Row;
        Assert.Equal("Xã Thượng Tân", r.Name);
        Assert.True(r.Name.IsNormalized(NormalizationForm.FormC));
    }

    /// <summary>EF BF BE is valid UTF-8 (U+FFFE) and passes TryDecodeUtf8, but Read calls string.Normalize on the
    /// name, which throws ArgumentException for U+FFFE: the import crashes instead of reporting the line.</summary>
    [Fact]
    public void NameWithUFFFE_IsReportedOrAcceptedNotThrown()
    {
        byte[] file = [.. Encoding.UTF8.GetBytes(Header + "\nC1,Xã A"), 0xEF, 0xBF, 0xBE, .. ",Commune\n"u8];
        Assert.True(CsvReader.TryDecodeUtf8(file, out var text, out _));
        var ex = Record.Exception(() => OrgImportPlanner.Read(CsvReader.Parse(text)));
        Assert.Null(ex);
    }

    [Fact]
    public void BlankRows_AreSkipped()
    {
        var (rows, errors) = Read(Header, ",,,,,,,", "C1,Xã A,Commune", " , ,");
        Assert.Empty(errors);
        Assert.Single(rows);
    }

    // ---- row errors ----

    [Fact]
    public void MissingName_IsRequiredAtItsLineAndColumn() =>
        Assert.Equal(new ImportError(3, "name", ImportErrorCode.Required), OneError(ReadErrors("C1,Xã A,Commune", "C2,  ,Commune")));

    [Fact]
    public void MissingCode_IsRequired() =>
        Assert.Equal(new ImportError(2, "code", ImportErrorCode.Required), OneError(ReadErrors(",Xã A,Commune")));

    [Fact]
    public void MissingKind_IsRequired() =>
        Assert.Equal(new ImportError(2, "kind", ImportErrorCode.Required), OneError(ReadErrors("C1,Xã A,")));

    [Theory]
    [InlineData("Hamlet")]
    [InlineData("Xã")]
    [InlineData("2")]
    [InlineData(" 2")]
    [InlineData("-1")]
    [InlineData("99")]
    public void UnknownKind_IsReportedWithTheValue(string kind) =>
        Assert.Equal(new ImportError(2, "kind", ImportErrorCode.UnknownKind, kind.Trim()), OneError(ReadErrors($"C1,Xã A,{kind}")));

    [Theory]
    [InlineData("commune", OrgUnitKind.Commune)]
    [InlineData("COMMUNE", OrgUnitKind.Commune)]
    [InlineData("Special Zone", OrgUnitKind.SpecialZone)]
    [InlineData("special_zone", OrgUnitKind.SpecialZone)]
    [InlineData("residential_group", OrgUnitKind.ResidentialGroup)]
    [InlineData("Province", OrgUnitKind.Province)]
    public void Kind_AcceptsNamesIgnoringCaseSpacesAndUnderscores(string text, OrgUnitKind expected)
    {
        Assert.True(OrgImportPlanner.TryParseKind(text, out var kind));
        Assert.Equal(expected, kind);
    }

    /// <summary>Enum.TryParse reads "A,B" as a flags combination: Department(1)|Commune(2) = 3 = Ward.</summary>
    [Theory]
    [InlineData("Department,Commune")]
    [InlineData("Commune, Department")]
    [InlineData("1,2")]
    public void Kind_RefusesCommaSeparatedCombinations(string text) =>
        Assert.False(OrgImportPlanner.TryParseKind(text, out var kind), $"\"{text}\" was accepted as kind {kind}");

    [Theory]
    [InlineData("opened_on", "2025-02-30")]
    [InlineData("opened_on", "01/07/2025")]
    [InlineData("closed_on", "2025-7-1")]
    [InlineData("closed_on", "2025-07-01T00:00")]
    [InlineData("opened_on", "yesterday")]
    public void BadDate_IsReportedWithItsColumnAndValue(string column, string value)
    {
        var line = column == "opened_on" ? $"C1,Xã A,Commune,,{value},," : $"C1,Xã A,Commune,,,{value},";
        Assert.Equal(new ImportError(2, column, ImportErrorCode.BadDate, value), OneError(ReadErrors(line)));
    }

    [Fact]
    public void ClosedBeforeOpened_IsReportedOnClosedOn() =>
        Assert.Equal(new ImportError(2, "closed_on", ImportErrorCode.ClosedBeforeOpened, "2025-06-30", "2025-07-01"),
            OneError(ReadErrors("C1,Xã A,Commune,,2025-07-01,2025-06-30,")));

    [Theory]
    [InlineData("C 1")]
    [InlineData("-C1")]
    [InlineData("xã1")]
    [InlineData("C1/2")]
    [InlineData(".hidden")]
    public void InvalidCode_IsReportedWithTheValue(string code) =>
        Assert.Equal(new ImportError(2, "code", ImportErrorCode.InvalidCode, code), OneError(ReadErrors($"{code},Xã A,Commune")));

    [Theory]
    [InlineData("C1")]
    [InlineData("tn-001.a_b")]
    [InlineData("0")]
    public void ValidCode_IsAccepted(string code) => Assert.Empty(ReadErrors($"{code},Xã A,Commune"));

    [Fact]
    public void TooLongCodeAndName_AreReported()
    {
        var code = new string('C', OrgImportPlanner.MaxCodeLength + 1);
        var name = new string('x', OrgImportPlanner.MaxNameLength + 1);
        var errors = ReadErrors($"{code},{name},Commune");
        Assert.Equal(2, errors.Count);
        Assert.Equal(new ImportError(2, "code", ImportErrorCode.TooLong, code, "50"), errors[0]);
        Assert.Equal(new ImportError(2, "name", ImportErrorCode.TooLong, null, "200"), errors[1]);
        Assert.Empty(ReadErrors($"{code[1..]},{name[1..]},Commune"));
    }

    [Fact]
    public void InvalidGroup_IsReported() =>
        Assert.Equal(new ImportError(2, "groups", ImportErrorCode.InvalidGroup, "bad group"),
            OneError(ReadErrors("C1,Xã A,Commune,,,,,pilot;bad group")));

    [Fact]
    public void MergeWithoutClosedOn_IsReportedOnClosedOn() =>
        Assert.Equal(new ImportError(2, "closed_on", ImportErrorCode.MergeNeedsClosedOn, "C2"),
            OneError(ReadErrors("C1,Xã A,Commune,,,,C2")));

    [Fact]
    public void TooManyFields_IsAWrongFieldCount() =>
        Assert.Equal(new ImportError(3, "", ImportErrorCode.WrongFieldCount, "9", "8"),
            OneError(ReadErrors("C1,Xã A,Commune,,,,,", "C2,Xã B,Commune,,,,,,extra")));

    [Fact]
    public void ExtraEmptyTrailingFields_AreTolerated() => Assert.Empty(ReadErrors("C1,Xã A,Commune,,,,,,,"));

    [Fact]
    public void SeveralFaultsInOneRow_AreAllReported()
    {
        var (rows, errors) = Read(Header, "c 1,,Town,,2025-13-01,,");
        Assert.Empty(rows);
        Assert.Equal(["code", "name", "kind", "opened_on"], errors.Select(e => e.Column));
        Assert.All(errors, e => Assert.Equal(2, e.Line));
    }

    [Fact]
    public void ErrorLine_CountsNewlinesInsideQuotedFieldsAndBlankLines()
    {
        var text = Header + "\nC1,\"Xã A\n(cũ)\",Commune\n\nC2,Xã B,Hamlet\n";
        var errors = OrgImportPlanner.Read(CsvReader.Parse(text)).Errors;
        // A name is one line, so the first row is refused too; the second row's error is on line 5.
        Assert.Equal([(2, "name", ImportErrorCode.ControlCharacter), (5, "kind", ImportErrorCode.UnknownKind)],
            errors.Select(e => (e.Line, e.Column, e.Code)).OrderBy(e => e.Line).ToArray());
    }

    // ---- cross-row errors ----

    [Fact]
    public void DuplicateCodeInFile_FlagsTheSecondLineWithTheFirstLineAsDetail()
    {
        var (plan, errors) = Import(NoUnits, "C1,Xã A,Commune", "C2,Xã B,Commune", "c1,Xã C,Commune");
        Assert.Null(plan);
        Assert.Equal(new ImportError(4, "code", ImportErrorCode.DuplicateCode, "c1", "2"), OneError(errors));
    }

    [Fact]
    public void UnknownParent_IsReported() =>
        Assert.Equal(new ImportError(2, "parent_code", ImportErrorCode.UnknownParent, "NOPE"),
            OneError(Import(NoUnits, "C1,Xã A,Commune,NOPE").Errors));

    [Fact]
    public void Parent_MayBeAStoredUnitOrALaterRowIgnoringCase()
    {
        var (plan, errors) = Import([Row("P", "Tỉnh", OrgUnitKind.Province)], "C1,Xã A,Commune,p", "V1,Thôn 1,Village,c2", "C2,Xã B,Commune,P");
        Assert.Empty(errors);
        Assert.NotNull(plan);
        Assert.Equal(3, plan.Added.Count);
    }

    [Fact]
    public void SelfParent_IsReported()
    {
        var errors = Import(NoUnits, "C1,Xã A,Commune,c1").Errors;
        Assert.Contains(new ImportError(2, "parent_code", ImportErrorCode.SelfParent, "c1"), errors);
        Assert.All(errors, e => Assert.Equal((2, "parent_code"), (e.Line, e.Column)));
    }

    /// <summary>A self-parent is also a one-unit cycle, so the same cell currently gets two errors.</summary>
    [Fact]
    public void SelfParent_IsReportedOnceNotAlsoAsACycle() =>
        Assert.Equal(ImportErrorCode.SelfParent, OneError(Import(NoUnits, "C1,Xã A,Commune,C1").Errors).Code);

    [Fact]
    public void CycleAmongFileRows_FlagsEveryLineOnIt()
    {
        var (plan, errors) = Import(NoUnits, "P,Tỉnh,Province", "A,Xã A,Commune,B", "B,Xã B,Commune,A", "C,Xã C,Commune,P");
        Assert.Null(plan);
        Assert.Equal(
            [
                new ImportError(3, "parent_code", ImportErrorCode.Cycle, "A", "A → B → A"),
                new ImportError(4, "parent_code", ImportErrorCode.Cycle, "B", "A → B → A"),
            ], errors);
    }

    [Fact]
    public void CycleThroughStoredUnits_FlagsTheFileRowOnIt()
    {
        // Stored: X under A. The file moves A under X.
        OrgUnitRow[] existing = [Row("A", "Xã A", OrgUnitKind.Commune), Row("X", "Thôn X", OrgUnitKind.Village, "A")];
        var (plan, errors) = Import(existing, "A,Xã A,Commune,X");
        Assert.Null(plan);
        Assert.Equal(new ImportError(2, "parent_code", ImportErrorCode.Cycle, "A", "A → X → A"), OneError(errors));
    }

    [Fact]
    public void MovingAStoredUnitUnderItsOwnChildInTheFile_IsACycle()
    {
        OrgUnitRow[] existing = [Row("A", "Xã A", OrgUnitKind.Commune), Row("X", "Thôn X", OrgUnitKind.Village, "A")];
        var errors = Import(existing, "A,Xã A,Commune,X", "X,Thôn X,Village,A").Errors;
        Assert.Equal([2, 3], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal(ImportErrorCode.Cycle, e.Code));
    }

    [Fact]
    public void FileCanBreakAStoredCycleFreeChainWithoutErrors()
    {
        // Stored: X under A. The file moves X to the root and then A under X: no cycle in the final tree.
        OrgUnitRow[] existing = [Row("A", "Xã A", OrgUnitKind.Commune), Row("X", "Thôn X", OrgUnitKind.Village, "A")];
        var (plan, errors) = Import(existing, "A,Xã A,Commune,X", "X,Thôn X,Village,");
        Assert.Empty(errors);
        Assert.Equal(2, plan!.Updated.Count);
    }

    [Fact]
    public void UnknownMergeTarget_IsReported() =>
        Assert.Equal(new ImportError(2, "merged_into_code", ImportErrorCode.UnknownMergeTarget, "NOPE"),
            OneError(Import(NoUnits, "C1,Xã A,Commune,,,2025-07-01,NOPE").Errors));

    [Fact]
    public void SelfMerge_IsReported() =>
        Assert.Contains(new ImportError(2, "merged_into_code", ImportErrorCode.SelfMerge, "C1"),
            Import(NoUnits, "C1,Xã A,Commune,,,2025-07-01,C1").Errors);

    [Fact]
    public void MergeCycle_FlagsEveryFileLineOnIt()
    {
        var errors = Import(NoUnits, "A,Xã A,Commune,,,2025-07-01,B", "B,Xã B,Commune,,,2025-07-01,A").Errors;
        Assert.Equal(
            [
                new ImportError(2, "merged_into_code", ImportErrorCode.MergeCycle, "A", "A → B → A"),
                new ImportError(3, "merged_into_code", ImportErrorCode.MergeCycle, "B", "A → B → A"),
            ], errors);
    }

    [Fact]
    public void PlanErrors_AreOrderedByLineThenColumn()
    {
        var (_, errors) = OrgImportPlanner.Plan(
            [
                (5, Row("B", "Xã B", OrgUnitKind.Commune, "NOPE", closed: new(2025, 7, 1), merged: "GONE")),
                (2, Row("A", "Xã A", OrgUnitKind.Commune, "MISSING")),
            ], NoUnits);
        Assert.Equal([(2, "parent_code"), (5, "parent_code"), (5, "merged_into_code")], errors.Select(e => (e.Line, e.Column)));
    }

    [Fact]
    public void HundredGoodRowsAndThreeBad_GiveExactlyThreeErrorsOnThoseLines()
    {
        var lines = new List<string> { "P,Tỉnh Phú Thọ,Province" };
        for (var i = 1; i < 100; i++) lines.Add($"C{i:D3},Xã số {i},Commune,P,2020-01-01,,,pilot");
        lines.Insert(8, "B1,Xã lỗi 1,Commune,P,2025-02-30");       // line 10: bad date
        lines.Insert(48, "B2,Xã lỗi 2,Hamlet,P");                  // line 50: unknown kind
        lines.Add("B3,,Commune,P");                                 // line 104: missing name
        Assert.Equal(103, lines.Count);

        var (rows, readErrors) = Read([Header, .. lines]);
        Assert.Equal([10, 50, 104], readErrors.Select(e => e.Line));
        Assert.Equal([ImportErrorCode.BadDate, ImportErrorCode.UnknownKind, ImportErrorCode.Required], readErrors.Select(e => e.Code));
        Assert.Equal(103, rows.Count);   // rows with a usable code still go on to the cross-row checks

        var (plan, errors) = Import(NoUnits, [.. lines]);
        Assert.Null(plan);
        Assert.Equal([10, 50, 104], errors.Select(e => e.Line));
    }

    [Fact]
    public void RowWithAUsableCodeButOtherFaults_StillTakesPartInCrossRowChecks()
    {
        var (plan, errors) = Import(NoUnits,
            "P,Tỉnh,Province",
            "C1,Xã A,Commune,P,2025-02-30",      // bad date, but its children must not be "unknown parent"
            "V1,Thôn 1,Village,C1",
            "C1,Xã A lặp,Commune,P");            // and a duplicate of it is still a duplicate
        Assert.Null(plan);
        Assert.Equal(
            [
                new ImportError(3, "opened_on", ImportErrorCode.BadDate, "2025-02-30"),
                new ImportError(5, "code", ImportErrorCode.DuplicateCode, "C1", "3"),
            ], errors);
    }

    [Fact]
    public void RowWithAnUnusableCode_IsDroppedFromCrossRowChecks()
    {
        var (rows, errors) = Read(Header, "C 1,Xã A,Commune", "C2,Xã B,Commune");
        Assert.Equal(["C2"], rows.Select(r => r.Row.Code));
        Assert.Single(errors);
    }

    // ---- plans ----

    private static readonly OrgUnitRow[] Stored =
    [
        Row("P", "Tỉnh Phú Thọ", OrgUnitKind.Province),
        Row("C1", "Xã Thượng Tân", OrgUnitKind.Commune, "P", new(2020, 1, 1)),
        Row("C2", "Xã Giáp Trung", OrgUnitKind.Commune, "P", groups: ["pilot", "mountainous"]),
        Row("C3", "Xã Tân", OrgUnitKind.Commune, "P"),
    ];

    [Fact]
    public void Plan_CountsAddedUpdatedAndUnchanged()
    {
        var (plan, errors) = Import(Stored,
            "P,Tỉnh Phú Thọ,Province",                                   // unchanged
            "C1,Xã Thượng Tân Mới,Commune,P,2020-01-01",                 // renamed
            "c2,Xã Giáp Trung,Commune,p,,,,MOUNTAINOUS;pilot;Pilot",     // unchanged: code/parent case, groups as a set
            "C3,Xã Tân,Ward,P",                                          // kind changed
            "C4,Xã Mới,Commune,P");                                      // new
        Assert.Empty(errors);
        Assert.NotNull(plan);
        Assert.Equal(["C4"], plan.Added.Select(r => r.Code));
        Assert.Equal(["C1", "C3"], plan.Updated.Select(r => r.Code));
        Assert.Equal(2, plan.Unchanged);
        Assert.Equal(["C1", "C3", "C4"], plan.Changes.Select(r => r.Code).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("C1,Xã Thượng Tân,Commune,P,2020-01-02")]
    [InlineData("C1,Xã Thượng Tân,Commune,P,2020-01-01,2030-01-01")]
    [InlineData("C1,Xã Thượng Tân,Commune,C3,2020-01-01")]
    [InlineData("C1,Xã Thượng Tân,Commune,P,2020-01-01,2025-07-01,C3")]
    [InlineData("C1,Xã Thượng Tân,Commune,P,2020-01-01,,,pilot")]
    [InlineData("C1,xã thượng tân,Commune,P,2020-01-01")]
    public void Plan_AnyFieldChangeIsAnUpdate(string line)
    {
        var (plan, errors) = Import(Stored, line);
        Assert.Empty(errors);
        Assert.Equal(["C1"], plan!.Updated.Select(r => r.Code));
        Assert.Equal(0, plan.Unchanged);
    }

    [Fact]
    public void Plan_GroupsAreComparedAsSetsIgnoringCase()
    {
        Assert.Equal(1, Import(Stored, "C2,Xã Giáp Trung,Commune,P,,,,Mountainous;PILOT").Plan!.Unchanged);
        Assert.Single(Import(Stored, "C2,Xã Giáp Trung,Commune,P,,,,pilot").Plan!.Updated);
        Assert.Single(Import(Stored, "C2,Xã Giáp Trung,Commune,P,,,,pilot;mountainous;remote").Plan!.Updated);
    }

    [Fact]
    public void Plan_ReimportingTheSameRowsChangesNothing()
    {
        string[] file =
        [
            "V1,Thôn Nà Chang,Village,C1,,,,",
            "C1,Xã Thượng Tân,Commune,P,2020-01-01,,,pilot;mountainous",
            "C0,Xã Cũ,Commune,P,2010-01-01,2025-07-01,C1,",
            "P,Tỉnh Phú Thọ,Province,,,,,",
        ];
        var first = Import(NoUnits, file).Plan!;
        Assert.Equal(4, first.Added.Count);
        var again = Import(first.Changes, file).Plan!;
        Assert.Empty(again.Added);
        Assert.Empty(again.Updated);
        Assert.Empty(again.Changes);
        Assert.Equal(4, again.Unchanged);
    }

    [Fact]
    public void Plan_ChangesPutParentsAndMergeTargetsBeforeDependants()
    {
        var (plan, errors) = Import(NoUnits,
            "V2,Thôn 2,Village,C1",
            "M1,Xã Cũ,Commune,P,,2025-07-01,C1",
            "V1,Thôn 1,Village,C1",
            "C1,Xã Mới,Commune,P",
            "M2,Xã Cũ 2,Commune,P,,2025-07-01,M1",
            "P,Tỉnh,Province");
        Assert.Empty(errors);
        var order = plan!.Changes.Select(r => r.Code).ToList();
        Assert.Equal(6, order.Count);
        Assert.Equal(6, order.Distinct().Count());
        AssertDependenciesFirst(plan.Changes);
        Assert.Equal("P", order[0]);
    }

    [Fact]
    public void Plan_UpdatedUnitMovingUnderANewUnitComesAfterIt()
    {
        // C1 is stored but moves under a new district-level parent N that the file lists after it.
        var (plan, errors) = Import(Stored, "C1,Xã Thượng Tân,Commune,N,2020-01-01", "N,Sở Nội vụ,Department,P");
        Assert.Empty(errors);
        Assert.Equal(["N", "C1"], plan!.Changes.Select(r => r.Code));
    }

    [Fact]
    public void Plan_DeepChildFirstFileIsOrderedWithoutStackOverflow()
    {
        const int n = 10_000;
        var lines = Enumerable.Range(0, n).Reverse()
            .Select(i => $"U{i},Unit {i},Village,{(i == 0 ? "" : $"U{i - 1}")}").ToArray();
        var (plan, errors) = Import(NoUnits, lines);
        Assert.Empty(errors);
        Assert.Equal(Enumerable.Range(0, n).Select(i => $"U{i}"), plan!.Changes.Select(r => r.Code));
    }

    [Fact]
    public void Plan_IsAllOrNothing()
    {
        var (plan, errors) = Import(NoUnits, "P,Tỉnh,Province", "C1,Xã A,Commune,NOPE");
        Assert.Null(plan);
        Assert.Single(errors);
    }

    private static void AssertDependenciesFirst(IReadOnlyList<OrgUnitRow> changes)
    {
        var pos = changes.Select((r, i) => (r.Code, i)).ToDictionary(t => t.Code, t => t.i, StringComparer.OrdinalIgnoreCase);
        foreach (var r in changes)
            foreach (var dep in new[] { r.ParentCode, r.MergedIntoCode })
                if (dep is not null && pos.TryGetValue(dep, out var d))
                    Assert.True(d < pos[r.Code], $"{dep} must come before {r.Code}");
    }

    private static readonly IEqualityComparer<OrgUnitRow> SameRow = EqualityComparer<OrgUnitRow>.Create((a, b) => a!.SameAs(b!), r => r.Code.ToUpperInvariant().GetHashCode(StringComparison.Ordinal));

    [Fact]
    public void SameAs_ComparesCodesWithoutCaseAndGroupsAsASet()
    {
        var a = Row("C1", "Xã A", OrgUnitKind.Commune, "P", groups: ["x", "y"]);
        Assert.True(a.SameAs(Row("c1", "Xã A", OrgUnitKind.Commune, "p", groups: ["Y", "X"])));
        Assert.False(a.SameAs(Row("C1", "Xã a", OrgUnitKind.Commune, "P", groups: ["x", "y"])));
        Assert.False(a.SameAs(Row("C1", "Xã A", OrgUnitKind.Commune, null, groups: ["x", "y"])));
        Assert.True(Row("C1", "Xã A", OrgUnitKind.Commune, "").SameAs(Row("C1", "Xã A", OrgUnitKind.Commune, null)));
    }
}
