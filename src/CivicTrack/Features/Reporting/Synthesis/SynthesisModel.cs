namespace CivicTrack.Features.Reporting.Synthesis;

/// <summary>How a table column's values are written: text as is, numbers in the document's culture.</summary>
public enum ColumnFormat
{
    Text,
    Integer,
    Decimal,
    /// <summary>The value is a percentage on 0..100, written with one decimal ("95,4%" in Vietnamese).</summary>
    Percent,
}

/// <summary>One column of a synthesis table.</summary>
public sealed record SynthesisColumn(string Header, ColumnFormat Format = ColumnFormat.Text);

/// <summary>
/// A table of the synthesized report. Cells are <see cref="string"/> (text) or <see cref="double"/>? (numbers; null is written "–").
/// When <paramref name="LastRowIsTotal"/> is set the last row is the total and is written in bold. <paramref name="Note"/>, when
/// given, is written under the table (which reports the figures come from).
/// </summary>
public sealed record SynthesisTable(string Title, IReadOnlyList<SynthesisColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, bool LastRowIsTotal = false,
    string? Note = null);

/// <summary>The shape of a synthesis chart.</summary>
public enum ChartKind { Bar, HorizontalBar, Line }

/// <summary>A chart of one series: one value per label, with the value axis named.</summary>
public sealed record SynthesisChart(string Title, IReadOnlyList<string> Labels, IReadOnlyList<double> Values, string ValueAxis, ChartKind Kind = ChartKind.Bar);

/// <summary>A numbered section of the report (I., II., …): its paragraphs, then its tables, then its charts.</summary>
public sealed record SynthesisSection(string Heading, IReadOnlyList<string> Paragraphs, IReadOnlyList<SynthesisTable> Tables, IReadOnlyList<SynthesisChart> Charts);

/// <summary>The synthesized report as the standing agency issues it, ready to be written as Word, Excel or a print page.</summary>
/// <param name="ParentAuthority">The line above the issuing unit, e.g. "UBND TỈNH TUYÊN QUANG"; may be empty.</param>
/// <param name="IssuingUnit">e.g. "SỞ KHOA HỌC VÀ CÔNG NGHỆ".</param>
/// <param name="Number">e.g. "125/BC-SKHCN".</param>
/// <param name="Place">The place of the date line, e.g. "Tuyên Quang".</param>
/// <param name="DocumentKind">e.g. "BÁO CÁO".</param>
/// <param name="Recipients">The "Nơi nhận" list, one recipient a line.</param>
/// <param name="SignerRole">One or more lines separated by '\n', e.g. "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC".</param>
/// <param name="Culture">"vi" or "en": the language of the fixed texts and the number and date formats.</param>
public sealed record SynthesisDocument(
    string ParentAuthority,
    string IssuingUnit,
    string Number,
    string Place,
    DateOnly Date,
    string DocumentKind,
    string Title,
    IReadOnlyList<SynthesisSection> Sections,
    IReadOnlyList<string> Recipients,
    string SignerRole,
    string SignerName,
    string Culture);
