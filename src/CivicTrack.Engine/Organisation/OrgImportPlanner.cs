using System.Globalization;
using System.Text.RegularExpressions;
using CivicTrack.Engine.Csv;
using CivicTrack.Engine.Text;

namespace CivicTrack.Engine.Organisation;

/// <summary>Why a line of an import was refused; the app turns the code into a sentence in the reader's language.</summary>
public enum ImportErrorCode
{
    /// <summary>The file is not valid UTF-8 (Line: the first line with bad bytes).</summary>
    NotUtf8,
    /// <summary>The file holds no lines at all.</summary>
    EmptyFile,
    /// <summary>The header lacks a required column (code, name or kind).</summary>
    MissingColumn,
    /// <summary>The header names a column the file format does not have.</summary>
    UnknownColumn,
    /// <summary>The header names a column twice.</summary>
    DuplicateColumn,
    /// <summary>A line has filled fields beyond the header's columns (Value: its field count; Detail: the header's).</summary>
    WrongFieldCount,
    /// <summary>A required field is empty.</summary>
    Required,
    /// <summary>A code holds characters other than unaccented letters, digits, '.', '-' and '_', or starts with a symbol.</summary>
    InvalidCode,
    /// <summary>A field is longer than allowed (Detail: the most characters it may hold).</summary>
    TooLong,
    /// <summary>A code appears on more than one line (Detail: the line it first appears on).</summary>
    DuplicateCode,
    /// <summary>The kind is not the name of an <see cref="OrgUnitKind"/>.</summary>
    UnknownKind,
    /// <summary>A date is not a real day written yyyy-MM-dd.</summary>
    BadDate,
    /// <summary>The closing date is not after the opening date (Value: closing; Detail: opening).</summary>
    ClosedBeforeOpened,
    /// <summary>No unit in the file or already stored has the parent code.</summary>
    UnknownParent,
    /// <summary>A unit names itself as its parent.</summary>
    SelfParent,
    /// <summary>Parent links lead round in a cycle (Detail: the cycle).</summary>
    Cycle,
    /// <summary>No unit in the file or already stored has the code the unit merged into.</summary>
    UnknownMergeTarget,
    /// <summary>A merged unit has no closing date, which is the day of its merger.</summary>
    MergeNeedsClosedOn,
    /// <summary>A unit is merged into itself.</summary>
    SelfMerge,
    /// <summary>Merger links lead round in a cycle (Detail: the cycle).</summary>
    MergeCycle,
    /// <summary>A group code is malformed or too long.</summary>
    InvalidGroup,
    /// <summary>A unit is merged into a unit that lies under it.</summary>
    MergeIntoOwnSubtree,
    /// <summary>The unit merged into is not open on the merger date.</summary>
    MergeTargetClosed,
    /// <summary>The unit is already closed or merged.</summary>
    AlreadyClosed,
    /// <summary>The row touches a stored unit outside the importer's reach, or places a unit outside it.</summary>
    OutOfScope,
    /// <summary>A field holds a control character (Detail: its position, 1-based).</summary>
    ControlCharacter,
    /// <summary>The workbook could not be read safely (Detail: why, already in the reader's language).</summary>
    BadWorkbook,
}

/// <summary>One refusal: the file line (1 = header), the column name and the reason, with the offending value.</summary>
public sealed record ImportError(int Line, string Column, ImportErrorCode Code, string? Value = null, string? Detail = null);

/// <summary>What an accepted import will do, row by row.</summary>
public sealed record OrgImportPlan(IReadOnlyList<OrgUnitRow> Added, IReadOnlyList<OrgUnitRow> Updated, int Unchanged)
{
    /// <summary>Added and updated rows ordered so every parent and merge target comes before its dependants.</summary>
    public IReadOnlyList<OrgUnitRow> Changes { get; init; } = [];
}

/// <summary>Validates a whole unit file against the units already stored and plans the changes: all or nothing.</summary>
public static partial class OrgImportPlanner
{
    /// <summary>The most characters a unit or group code may hold.</summary>
    public const int MaxCodeLength = 50;
    /// <summary>The most characters a unit's name may hold.</summary>
    public const int MaxNameLength = 200;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex CodePattern();

    /// <summary>Reads records (the first is the header) into rows and explains every fault. Rows with a valid code
    /// are returned even when other fields are faulty, so that <see cref="Plan"/> can report its checks too.</summary>
    public static (List<(int Line, OrgUnitRow Row)> Rows, List<ImportError> Errors) Read(IReadOnlyList<CsvRecord> records)
    {
        var errors = new List<ImportError>();
        var rows = new List<(int, OrgUnitRow)>();
        if (records.Count == 0)
        {
            errors.Add(new ImportError(1, "", ImportErrorCode.EmptyFile));
            return (rows, errors);
        }
        var header = records[0];
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Length; i++)
        {
            var name = header.Fields[i].Trim().TrimStart('\uFEFF');
            if (name.Length == 0 && i == header.Fields.Length - 1) continue;
            if (!OrgUnitRow.Columns.Contains(name, StringComparer.OrdinalIgnoreCase))
                errors.Add(new ImportError(header.Line, name, ImportErrorCode.UnknownColumn, name));
            else if (!index.TryAdd(name, i))
                errors.Add(new ImportError(header.Line, name, ImportErrorCode.DuplicateColumn, name));
        }
        foreach (var required in new[] { "code", "name", "kind" })
            if (!index.ContainsKey(required)) errors.Add(new ImportError(header.Line, required, ImportErrorCode.MissingColumn, required));
        if (errors.Count > 0) return (rows, errors);

        string Field(CsvRecord r, string column) =>
            index.TryGetValue(column, out var i) && i < r.Fields.Length ? r.Fields[i].Trim() : "";

        for (var k = 1; k < records.Count; k++)
        {
            var r = records[k];
            if (r.Fields.All(f => f.Trim().Length == 0)) continue;
            if (r.Fields.Length > header.Fields.Length && r.Fields.Skip(header.Fields.Length).Any(f => f.Trim().Length > 0))
            {
                errors.Add(new ImportError(r.Line, "", ImportErrorCode.WrongFieldCount, r.Fields.Length.ToString(CultureInfo.InvariantCulture), header.Fields.Length.ToString(CultureInfo.InvariantCulture)));
                continue;
            }
            var control = false;
            foreach (var (column, i) in index)
                if (i < r.Fields.Length && ControlCharacters.Find(r.Fields[i]) is var at and >= 0)
                {
                    errors.Add(new ImportError(r.Line, column, ImportErrorCode.ControlCharacter, null, (at + 1).ToString(CultureInfo.InvariantCulture)));
                    control = true;
                }
            if (control) continue;
            var codeValid = false;
            var code = Field(r, "code");
            if (code.Length == 0) errors.Add(new ImportError(r.Line, "code", ImportErrorCode.Required));
            else if (code.Length > MaxCodeLength) errors.Add(new ImportError(r.Line, "code", ImportErrorCode.TooLong, code, MaxCodeLength.ToString(CultureInfo.InvariantCulture)));
            else if (!CodePattern().IsMatch(code)) errors.Add(new ImportError(r.Line, "code", ImportErrorCode.InvalidCode, code));
            else codeValid = true;

            var name = VietnameseText.NormalizeSafe(Field(r, "name"));
            if (name.Length == 0) errors.Add(new ImportError(r.Line, "name", ImportErrorCode.Required));
            else if (name.Length > MaxNameLength) errors.Add(new ImportError(r.Line, "name", ImportErrorCode.TooLong, null, MaxNameLength.ToString(CultureInfo.InvariantCulture)));
            // A name is one line: tabs and line breaks, allowed in comments, are refused here too.
            else if (name.IndexOfAny(['\t', '\n', '\r']) is var breakAt and >= 0)
                errors.Add(new ImportError(r.Line, "name", ImportErrorCode.ControlCharacter, null, (breakAt + 1).ToString(CultureInfo.InvariantCulture)));

            var kindText = Field(r, "kind");
            OrgUnitKind kind = default;
            if (kindText.Length == 0) errors.Add(new ImportError(r.Line, "kind", ImportErrorCode.Required));
            else if (!TryParseKind(kindText, out kind)) errors.Add(new ImportError(r.Line, "kind", ImportErrorCode.UnknownKind, kindText));

            var opened = ReadDate(r, "opened_on", Field(r, "opened_on"), errors);
            var closed = ReadDate(r, "closed_on", Field(r, "closed_on"), errors);
            if (opened is { } o && closed is { } c && c <= o)
                errors.Add(new ImportError(r.Line, "closed_on", ImportErrorCode.ClosedBeforeOpened, Field(r, "closed_on"), Field(r, "opened_on")));

            var parent = Field(r, "parent_code");
            var merged = Field(r, "merged_into_code");
            if (merged.Length > 0 && Field(r, "closed_on").Length == 0)
                errors.Add(new ImportError(r.Line, "closed_on", ImportErrorCode.MergeNeedsClosedOn, merged));

            var groups = Field(r, "groups").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            foreach (var g in groups)
                if (g.Length > MaxCodeLength || !CodePattern().IsMatch(g))
                    errors.Add(new ImportError(r.Line, "groups", ImportErrorCode.InvalidGroup, g));

            // A row with a usable code goes on to the cross-row checks even when other fields are wrong,
            // so one pass reports everything; any error still stops the whole import.
            if (codeValid)
                rows.Add((r.Line, new OrgUnitRow(code, name, kind, parent.Length == 0 ? null : parent, opened, closed,
                    merged.Length == 0 ? null : merged, groups)));
        }
        return (rows, errors);
    }

    /// <summary>Checks rows against each other and against the stored units; returns the plan or every error.
    /// With <paramref name="covered"/> (is this stored unit within the importer's reach?), every row must stay
    /// within reach: stored units outside it cannot be touched and new or moved units must land inside it.</summary>
    public static (OrgImportPlan? Plan, List<ImportError> Errors) Plan(
        IReadOnlyList<(int Line, OrgUnitRow Row)> rows, IReadOnlyCollection<OrgUnitRow> existing, Func<string, bool>? covered = null)
    {
        var errors = new List<ImportError>();
        var stored = existing.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        var firstLine = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var incoming = new List<(int Line, OrgUnitRow Row)>();
        foreach (var (line, row) in rows)
        {
            if (firstLine.TryGetValue(row.Code, out var first))
                errors.Add(new ImportError(line, "code", ImportErrorCode.DuplicateCode, row.Code, first.ToString(CultureInfo.InvariantCulture)));
            else { firstLine[row.Code] = line; incoming.Add((line, row)); }
        }

        // The tree as it would be after the import: stored units overlaid by the file's rows.
        var final = new Dictionary<string, OrgUnitRow>(stored, StringComparer.OrdinalIgnoreCase);
        foreach (var (_, row) in incoming) final[row.Code] = row;

        foreach (var (line, row) in incoming)
        {
            if (row.ParentCode is { } p)
            {
                if (string.Equals(p, row.Code, StringComparison.OrdinalIgnoreCase))
                    errors.Add(new ImportError(line, "parent_code", ImportErrorCode.SelfParent, p));
                else if (!final.ContainsKey(p))
                    errors.Add(new ImportError(line, "parent_code", ImportErrorCode.UnknownParent, p));
            }
            if (row.MergedIntoCode is { } m)
            {
                if (string.Equals(m, row.Code, StringComparison.OrdinalIgnoreCase))
                    errors.Add(new ImportError(line, "merged_into_code", ImportErrorCode.SelfMerge, m));
                else if (!final.ContainsKey(m))
                    errors.Add(new ImportError(line, "merged_into_code", ImportErrorCode.UnknownMergeTarget, m));
            }
        }

        if (covered is not null)
        {
            var isNew = incoming.Where(r => !stored.ContainsKey(r.Row.Code)).Select(r => r.Row.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
            bool Reaches(string? code)
            {
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                while (code is not null && seen.Add(code))
                {
                    if (stored.ContainsKey(code)) return covered(code);
                    if (!isNew.Contains(code)) return false;
                    code = final[code].ParentCode;
                }
                return false;
            }
            foreach (var (line, row) in incoming)
            {
                // An unknown parent is already reported; saying it is also out of reach adds nothing.
                if (row.ParentCode is { } p && !final.ContainsKey(p)) continue;
                if (stored.TryGetValue(row.Code, out var old))
                {
                    if (!covered(row.Code)) { errors.Add(new ImportError(line, "code", ImportErrorCode.OutOfScope, row.Code)); continue; }
                    if (!string.Equals(old.ParentCode ?? "", row.ParentCode ?? "", StringComparison.OrdinalIgnoreCase) && !Reaches(row.ParentCode))
                        errors.Add(new ImportError(line, "parent_code", ImportErrorCode.OutOfScope, row.ParentCode));
                }
                else if (!Reaches(row.ParentCode))
                    errors.Add(new ImportError(line, "parent_code", ImportErrorCode.OutOfScope, row.ParentCode));
                if (row.MergedIntoCode is { } m && final.ContainsKey(m) && !Reaches(m)
                    && !string.Equals(m, old?.MergedIntoCode, StringComparison.OrdinalIgnoreCase))
                    errors.Add(new ImportError(line, "merged_into_code", ImportErrorCode.OutOfScope, m));
            }
        }

        ReportCycles(final.Values.Select(u => (u.Code, u.ParentCode)), "parent_code", ImportErrorCode.Cycle);
        ReportCycles(final.Values.Select(u => (u.Code, u.MergedIntoCode)), "merged_into_code", ImportErrorCode.MergeCycle);

        if (errors.Count > 0) return (null, errors.OrderBy(e => e.Line).ThenBy(e => Array.IndexOf(OrgUnitRow.Columns, e.Column)).ToList());

        var added = new List<OrgUnitRow>();
        var updated = new List<OrgUnitRow>();
        var unchanged = 0;
        foreach (var (_, row) in incoming)
        {
            if (!stored.TryGetValue(row.Code, out var old)) added.Add(row);
            else if (old.SameAs(row)) unchanged++;
            else updated.Add(row);
        }
        return (new OrgImportPlan(added, updated, unchanged) { Changes = DependencyOrder([.. added, .. updated]) }, errors);

        void ReportCycles(IEnumerable<(string, string?)> edges, string column, ImportErrorCode code)
        {
            foreach (var cycle in Cycles.Find(edges))
            {
                if (cycle.Count == 1) continue; // a self-link is already reported as SelfParent / SelfMerge
                var text = string.Join(" → ", cycle.Append(cycle[0]));
                foreach (var c in cycle)
                    if (firstLine.TryGetValue(c, out var l))
                        errors.Add(new ImportError(l, column, code, c, text));
            }
        }
    }

    /// <summary>Parents and merge targets first, so rows can be written one by one.</summary>
    private static List<OrgUnitRow> DependencyOrder(List<OrgUnitRow> rows)
    {
        var byCode = rows.ToDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<OrgUnitRow>(rows.Count);
        foreach (var row in rows) Visit(row);
        return ordered;

        void Visit(OrgUnitRow row)
        {
            // Acyclic (checked before), but an explicit stack keeps a deep file from overflowing ours.
            var stack = new Stack<(OrgUnitRow Row, bool Expanded)>();
            stack.Push((row, false));
            while (stack.Count > 0)
            {
                var (r, expanded) = stack.Pop();
                if (done.Contains(r.Code)) continue;
                if (expanded) { done.Add(r.Code); ordered.Add(r); continue; }
                stack.Push((r, true));
                foreach (var dep in new[] { r.ParentCode, r.MergedIntoCode })
                    if (dep is not null && byCode.TryGetValue(dep, out var d) && !done.Contains(d.Code)) stack.Push((d, false));
            }
        }
    }

    /// <summary>A kind by its name (case, spaces and underscores ignored); numbers and lists are refused.</summary>
    public static bool TryParseKind(string text, out OrgUnitKind kind)
    {
        var wanted = text.Replace(" ", "").Replace("_", "");
        foreach (var k in Enum.GetValues<OrgUnitKind>())
            if (k.ToString().Equals(wanted, StringComparison.OrdinalIgnoreCase)) { kind = k; return true; }
        kind = default;
        return false;
    }

    private static DateOnly? ReadDate(CsvRecord r, string column, string text, List<ImportError> errors)
    {
        if (text.Length == 0) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(new ImportError(r.Line, column, ImportErrorCode.BadDate, text));
        return null;
    }
}
