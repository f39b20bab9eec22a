using nietras.SeparatedValues;

namespace CivicTrack.Engine.Dossiers;

/// <summary>Why a row (or the whole file) of a dossier file was refused.</summary>
public enum DossierProblemKind
{
    /// <summary>An empty field that must be given.</summary>
    Required,
    /// <summary>A text longer than its limit.</summary>
    TooLong,
    /// <summary>A control character in a text.</summary>
    ControlCharacters,
    /// <summary>No unit has this code.</summary>
    UnknownUnit,
    /// <summary>The caller may not write dossiers of this handling unit.</summary>
    OutsideScope,
    /// <summary>Not an ISO 8601 date.</summary>
    BadDate,
    /// <summary>A date or time that does not exist.</summary>
    ImpossibleDate,
    /// <summary>A date before 2000 or after 2099.</summary>
    DateOutOfRange,
    /// <summary>Due before it was received.</summary>
    DueBeforeReceived,
    /// <summary>Finished before it was received.</summary>
    FinishedBeforeReceived,
    /// <summary>Returned before it was received.</summary>
    ReturnedBeforeReceived,
    /// <summary>A status outside 1–10.</summary>
    StatusOutOfRange,
    /// <summary>A channel outside 1–3.</summary>
    ChannelOutOfRange,
    /// <summary>A service level outside 2–4.</summary>
    ServiceLevelOutOfRange,
    /// <summary>Neither 0/1 nor true/false.</summary>
    BadBoolean,
    /// <summary>Status 9 or 10 without a finished date.</summary>
    FinishedDateRequired,
    /// <summary>A row with more or fewer fields than the header.</summary>
    WrongColumnCount,
    /// <summary>The file is empty.</summary>
    NoHeader,
    /// <summary>A column named twice in the header.</summary>
    DuplicateHeader,
    /// <summary>A canonical column missing from the header.</summary>
    MissingColumn,
    /// <summary>A header column that is not canonical.</summary>
    UnknownColumn,
    /// <summary>The file is not UTF-8.</summary>
    NotUtf8,
    /// <summary>More rows than one import takes.</summary>
    TooManyRows,
}

/// <summary>A refused row (or, for the kinds about the file, the refused file): its 1-based line, the column, the kind and the
/// value as it was written (at most 100 characters).</summary>
public sealed record DossierProblem(long Line, string Column, DossierProblemKind Kind, string Value);

/// <summary>The units a dossier file may name: <see cref="Find"/> gives a unit's key (≥ 0) or −1 when no unit has the code;
/// <see cref="MayWrite"/> says whether the caller may write dossiers handled by it.</summary>
public interface IDossierUnits
{
    /// <summary>The key of the unit with this code, or −1.</summary>
    int Find(ReadOnlySpan<char> code);
    /// <summary>Whether the caller may write dossiers handled by this unit.</summary>
    bool MayWrite(int key);
}

/// <summary>Reads a dossier file (the canonical CSV, SPEC section 5) one row at a time with Sep, checking every field.
/// The header names the columns (any order, case-insensitive); a file with a header problem is refused whole. After
/// <see cref="Next"/> returns true, either <see cref="Problems"/> lists why the row at <see cref="Line"/> was refused, or
/// <see cref="Facts"/> (and <see cref="Record"/>, when asked for) hold it.</summary>
public sealed class DossierReader : IDisposable
{
    /// <summary>The longest dossier or procedure code.</summary>
    public const int MaxCodeLength = 100;
    /// <summary>The longest procedure name.</summary>
    public const int MaxNameLength = 1000;
    /// <summary>The longest sector.</summary>
    public const int MaxSectorLength = 300;
    /// <summary>The longest unit code.</summary>
    public const int MaxUnitCodeLength = 50;
    private readonly SepReader _sep;
    private readonly IDossierUnits _units;
    private readonly bool _materialize;
    private readonly int[] _index = new int[DossierColumns.All.Length];
    private readonly int _columns;
    private readonly List<DossierProblem> _problems = [];

    /// <param name="text">The file's text (a BOM is skipped by the caller's reader).</param>
    /// <param name="units">The units of the registry and the caller's reach.</param>
    /// <param name="materialize">Build <see cref="Record"/> for every good row (its strings); false counts only.</param>
    public DossierReader(TextReader text, IDossierUnits units, bool materialize = true)
    {
        _units = units;
        _materialize = materialize;
        _sep = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true }).From(text);
        if (!_sep.MoveNext()) { FileProblems.Add(new(1, "", DossierProblemKind.NoHeader, "")); return; }
        var header = _sep.Current;
        _columns = header.ColCount;
        Array.Fill(_index, -1);
        for (var i = 0; i < header.ColCount; i++)
        {
            var name = header[i].Span.Trim().TrimStart('\uFEFF').ToString();
            var at = Array.FindIndex(DossierColumns.All, c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (at < 0) FileProblems.Add(new(1, name, DossierProblemKind.UnknownColumn, Clip(name)));
            else if (_index[at] >= 0) FileProblems.Add(new(1, name, DossierProblemKind.DuplicateHeader, Clip(name)));
            else _index[at] = i;
        }
        for (var c = 0; c < _index.Length; c++)
            if (_index[c] < 0) FileProblems.Add(new(1, DossierColumns.All[c], DossierProblemKind.MissingColumn, ""));
    }

    /// <summary>Problems with the file as a whole (its header): when any, no row is read.</summary>
    public List<DossierProblem> FileProblems { get; } = [];
    /// <summary>The line the current row starts on (1-based; the header is line 1).</summary>
    public long Line { get; private set; }
    /// <summary>Why the current row was refused; empty when it was accepted.</summary>
    public IReadOnlyList<DossierProblem> Problems => _problems;
    /// <summary>The current row, when accepted and materialized.</summary>
    public DossierRecord? Record { get; private set; }
    /// <summary>The current row's facts, when accepted (<see cref="DossierFacts.Unit"/> is the handling unit's key).</summary>
    public DossierFacts Facts { get; private set; }
    /// <summary>The key of the receiving unit of the current row, when accepted.</summary>
    public int ReceivingKey { get; private set; }
    /// <summary>Rows read so far (blank lines not counted).</summary>
    public long Rows { get; private set; }

    /// <summary>Moves to the next non-blank row.</summary>
    public bool Next()
    {
        if (FileProblems.Count > 0) return false;
        while (_sep.MoveNext())
        {
            var row = _sep.Current;
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace()) continue;
            Rows++;
            Line = row.LineNumberFrom;
            _problems.Clear();
            Record = null;
            Check(row);
            return true;
        }
        return false;
    }

    private void Check(SepReader.Row row)
    {
        if (row.ColCount != _columns)
        {
            _problems.Add(new(Line, "", DossierProblemKind.WrongColumnCount, row.ColCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return;
        }
        var code = Text(row, 0, MaxCodeLength, required: true, plain: true);
        var procedure = Text(row, 1, MaxCodeLength, required: true);
        var procedureName = Text(row, 2, MaxNameLength, required: false);
        var sector = Text(row, 3, MaxSectorLength, required: false);
        var level = Small(row, 4, 2, 4, required: false, DossierProblemKind.ServiceLevelOutOfRange);
        var channel = Small(row, 5, 1, 3, required: true, DossierProblemKind.ChannelOutOfRange);
        var receiving = Unit(row, 6, handling: false);
        var handling = Unit(row, 7, handling: true);
        var status = Small(row, 12, 1, 10, required: true, DossierProblemKind.StatusOutOfRange);
        var received = Date(row, 8, required: status is not (null or DossierStatus.NotReceived));
        var due = Date(row, 9, required: false);
        var finished = Date(row, 10, required: status is DossierStatus.Processed or DossierStatus.ResultReturned);
        var returned = Date(row, 11, required: false);
        var digitized = Flag(row, 13);
        var paid = Flag(row, 14);
        var vneid = Flag(row, 15);
        if (received is { } r)
        {
            if (due is { } d && d < r) Add(9, DossierProblemKind.DueBeforeReceived, row);
            if (finished is { } f && f < r) Add(10, DossierProblemKind.FinishedBeforeReceived, row);
            if (returned is { } t && t < r) Add(11, DossierProblemKind.ReturnedBeforeReceived, row);
        }
        if (_problems.Count > 0) return;
        var flags = (channel == DossierChannel.Online ? DossierFlags.Online : 0) | (receiving != handling ? DossierFlags.CrossBoundary : 0)
            | (vneid ? DossierFlags.VneidVerified : 0) | (digitized ? DossierFlags.Digitized : 0) | (paid ? DossierFlags.PaidOnline : 0);
        const int none = DossierFacts.None;
        Facts = new DossierFacts(handling, received?.DayNumber ?? none, due?.DayNumber ?? none, finished?.DayNumber ?? none,
            returned?.DayNumber ?? none, status!.Value, flags);
        ReceivingKey = receiving;
        if (!_materialize) return;
        Record = new DossierRecord
        {
            Code = code.ToString(), ProcedureCode = procedure.ToString(), ProcedureName = procedureName.ToString(), Sector = sector.ToString(),
            ServiceLevel = level, Channel = channel!.Value, ReceivingUnit = Col(row, 6).Trim().ToString(), HandlingUnit = Col(row, 7).Trim().ToString(),
            Received = received, Due = due, Finished = finished, Returned = returned, Status = status.Value,
            Digitized = digitized, PaidOnline = paid, VneidVerified = vneid,
        };
    }

    private ReadOnlySpan<char> Col(SepReader.Row row, int column) => row[_index[column]].Span;

    private void Add(int column, DossierProblemKind kind, SepReader.Row row) =>
        _problems.Add(new(Line, DossierColumns.All[column], kind, Clip(Col(row, column))));

    // Only a plain text (the dossier code, a key) is refused for control characters; a name may keep a quoted line break.
    private ReadOnlySpan<char> Text(SepReader.Row row, int column, int max, bool required, bool plain = false)
    {
        var value = Col(row, column).Trim();
        if (value.IsEmpty) { if (required) Add(column, DossierProblemKind.Required, row); }
        else if (value.Length > max) Add(column, DossierProblemKind.TooLong, row);
        else if (plain && (value.ContainsAnyInRange('\u0000', '\u001f') || value.Contains('\u007f'))) Add(column, DossierProblemKind.ControlCharacters, row);
        return value;
    }

    private byte? Small(SepReader.Row row, int column, int min, int max, bool required, DossierProblemKind outOfRange)
    {
        var value = Col(row, column).Trim();
        if (value.IsEmpty) { if (required) Add(column, DossierProblemKind.Required, row); return null; }
        if (value.Length <= 2 && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= min && n <= max) return (byte)n;
        Add(column, outOfRange, row);
        return null;
    }

    private int Unit(SepReader.Row row, int column, bool handling)
    {
        var value = Col(row, column).Trim();
        if (value.IsEmpty) { Add(column, DossierProblemKind.Required, row); return -1; }
        var key = value.Length > MaxUnitCodeLength ? -1 : _units.Find(value);
        if (key < 0) Add(column, DossierProblemKind.UnknownUnit, row);
        else if (handling && !_units.MayWrite(key)) Add(column, DossierProblemKind.OutsideScope, row);
        return key;
    }

    private DateOnly? Date(SepReader.Row row, int column, bool required)
    {
        var value = Col(row, column).Trim();
        if (value.IsEmpty) { if (required) Add(column, column == 10 ? DossierProblemKind.FinishedDateRequired : DossierProblemKind.Required, row); return null; }
        switch (DossierDates.TryParse(value, out var date))
        {
            case DateProblem.None: return date;
            case DateProblem.Impossible: Add(column, DossierProblemKind.ImpossibleDate, row); return null;
            case DateProblem.OutOfRange: Add(column, DossierProblemKind.DateOutOfRange, row); return null;
            default: Add(column, DossierProblemKind.BadDate, row); return null;
        }
    }

    private bool Flag(SepReader.Row row, int column)
    {
        var value = Col(row, column).Trim();
        if (value.IsEmpty || value is "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        if (value is "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        Add(column, DossierProblemKind.BadBoolean, row);
        return false;
    }

    internal static string Clip(ReadOnlySpan<char> value) => value.Length <= 100 ? value.ToString() : string.Concat(value[..99], "…");

    /// <summary>Closes the underlying reader.</summary>
    public void Dispose() => _sep.Dispose();
}
