using System.Globalization;
using System.Text;

namespace CivicTrack.Engine.Csv;

/// <summary>Writes the app's CSV files: UTF-8 with a BOM (so Excel reads Vietnamese), RFC 4180 quoting and CRLF
/// line ends. Text is neutralised against formula injection as OWASP recommends: a cell starting with
/// <c>= + - @</c>, tab or CR gets a leading single quote and is quoted, so a spreadsheet shows it as text instead of
/// running it. Only numbers the app writes itself through <see cref="Number(double?)"/> go out unchanged.</summary>
public sealed class CsvWriter
{
    private readonly StringBuilder _text = new();
    private bool _rowStarted;

    /// <summary>A writer whose first row is <paramref name="header"/>; with no header, the file starts empty.</summary>
    public CsvWriter(params string[] header)
    {
        foreach (var h in header) Text(h);
        if (header.Length > 0) EndRow();
    }

    /// <summary>A text cell, neutralised and quoted as needed. Null is an empty cell.</summary>
    public CsvWriter Text(string? value)
    {
        Separator();
        _text.Append(Cell(value));
        return this;
    }

    /// <summary>A number the app computed: invariant culture, never neutralised (a negative number stays a number).</summary>
    public CsvWriter Number(double? value)
    {
        Separator();
        if (value is { } v) _text.Append(v.ToString("R", CultureInfo.InvariantCulture));
        return this;
    }

    /// <inheritdoc cref="Number(double?)"/>
    public CsvWriter Number(long? value)
    {
        Separator();
        if (value is { } v) _text.Append(v.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Adds these text cells to the current row and ends it.</summary>
    public CsvWriter Row(params string?[] cells)
    {
        foreach (var c in cells) Text(c);
        return EndRow();
    }

    /// <summary>Ends the current row with CRLF; the next cell starts a new row.</summary>
    public CsvWriter EndRow()
    {
        _text.Append("\r\n");
        _rowStarted = false;
        return this;
    }

    /// <summary>The file: a UTF-8 BOM and the rows.</summary>
    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

    /// <summary>The rows written so far, without the BOM.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>One text cell as it goes in the file.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var neutralise = IsFormulaStart(value[0]);
        if (neutralise) value = "'" + value;
        return neutralise || value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>Characters that make a spreadsheet read a cell as a formula (OWASP's list).</summary>
    public static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    private void Separator()
    {
        if (_rowStarted) _text.Append(',');
        _rowStarted = true;
    }
}
