using System.Globalization;
using CivicTrack.Engine.Csv;
using SpreadCheetah;
using SpreadCheetah.Images;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace CivicTrack.Features.Shared;

/// <summary>How a column's values are stored and shown in a workbook.</summary>
public enum SheetFormat
{
    Text,
    /// <summary>A whole number with thousands separators.</summary>
    Integer,
    /// <summary>A number with thousands separators and up to two decimals.</summary>
    Decimal,
    /// <summary>A percentage given on 0..100, stored as a fraction and shown as "95.4%".</summary>
    Percent,
    /// <summary>A <see cref="DateOnly"/> or <see cref="DateTime"/> shown as a date.</summary>
    Date,
    /// <summary>A <see cref="DateTime"/> shown with its time.</summary>
    DateTime,
}

public sealed record SheetColumn(string Header, SheetFormat Format = SheetFormat.Text);

/// <summary>A PNG picture placed under a sheet's table, with its size in pixels as it should show.</summary>
public sealed record SheetImage(byte[] Png, int Width, int Height);

/// <summary>
/// One worksheet: an optional title line, a header row, the rows (cells are text, numbers, dates, booleans or null) and, when
/// <paramref name="LastRowIsTotal"/> is set, a bold total row; then an optional note and pictures.
/// </summary>
public sealed record Sheet(string Name, IReadOnlyList<SheetColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows,
    string? Title = null, bool LastRowIsTotal = false, string? Note = null, IReadOnlyList<SheetImage>? Images = null);

/// <summary>
/// Writes lists people hand over as styled workbooks (bold shaded header rows that wrap and fit, frozen headers and filters,
/// thousands separators, percentages as percentages, bold totals, charts as pictures) and as CSV with formula-like cells
/// neutralised.
/// </summary>
public static class Workbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>Excel's limit on a sheet name's length.</summary>
    public const int MaxSheetName = 31;

    private const double MinWidth = 6, MaxWidth = 60, HeaderMaxWidth = 24;
    private static readonly char[] ForbiddenInSheetName = ['[', ']', ':', '*', '?', '/', '\\'];

    public static byte[] ToBytes(IReadOnlyList<Sheet> sheets, string? title = null)
    {
        using var buffer = new MemoryStream();
        // Everything is written to memory, so the asynchronous writer completes without waiting on anything.
        WriteAsync(sheets, buffer, title).AsTask().GetAwaiter().GetResult();
        return buffer.ToArray();
    }

    public static async ValueTask WriteAsync(IReadOnlyList<Sheet> sheets, Stream output, string? title = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        var options = new SpreadCheetahOptions
        {
            DefaultFont = new DefaultFont { Name = "Arial", Size = 10 },
            DocumentProperties = new() { Title = title, Author = "CivicTrack" },
            PreserveStringWhitespace = true,
        };
        await using var book = await Spreadsheet.CreateNewAsync(output, options, ct);
        // Pictures are embedded before the first sheet starts.
        var images = new Dictionary<SheetImage, EmbeddedImage>(ReferenceEqualityComparer.Instance);
        foreach (var image in sheets.SelectMany(s => s.Images ?? []))
        {
            using var png = new MemoryStream(image.Png, writable: false);
            images[image] = await book.EmbedImageAsync(png, ct);
        }
        var styles = new Styles(book);
        var names = SheetNames(sheets.Select(s => s.Name));
        for (var i = 0; i < sheets.Count; i++) await WriteSheetAsync(book, names[i], sheets[i], styles, images, ct);
        if (sheets.Count == 0)
        {
            await book.StartWorksheetAsync("Sheet1", token: ct);
        }
        await book.FinishAsync(ct);
    }

    private static async ValueTask WriteSheetAsync(Spreadsheet book, string name, Sheet sheet, Styles styles,
        Dictionary<SheetImage, EmbeddedImage> images, CancellationToken ct)
    {
        var columns = sheet.Columns.Count == 0 ? [new SheetColumn("")] : sheet.Columns;
        var headerRow = sheet.Title is { Length: > 0 } ? 2 : 1;
        var lastData = headerRow + sheet.Rows.Count - (sheet.LastRowIsTotal && sheet.Rows.Count > 0 ? 1 : 0);
        var options = new WorksheetOptions { FrozenRows = headerRow };
        if (lastData > headerRow) options.AutoFilter = new AutoFilterOptions($"A{headerRow}:{Column(columns.Count)}{lastData}");
        var widths = columns.Select((column, c) => Width(column, sheet.Rows.Select(r => c < r.Count ? r[c] : null))).ToArray();
        for (var c = 0; c < columns.Count; c++) options.Column(c + 1).Width = widths[c];
        await book.StartWorksheetAsync(name, options, ct);

        if (sheet.Title is { Length: > 0 } title) await book.AddRowAsync([new Cell(title, styles.Title)], new RowOptions { Height = 18 }, ct);
        // Spreadsheets do not grow a row for wrapped text on their own: the header row is as tall as its longest header needs.
        var lines = columns.Select((c, i) => Lines(c.Header, widths[i])).DefaultIfEmpty(1).Max();
        await book.AddRowAsync(columns.Select(c => new Cell(c.Header, styles.Header)).ToArray(), new RowOptions { Height = Math.Min(409, 13 * lines + 4) }, ct);
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            var total = sheet.LastRowIsTotal && r == sheet.Rows.Count - 1;
            var row = sheet.Rows[r];
            await book.AddRowAsync(columns.Select((c, i) => CellOf(i < row.Count ? row[i] : null, c.Format, styles, total)).ToArray(), ct);
        }
        var next = headerRow + sheet.Rows.Count + 1;
        if (sheet.Note is { Length: > 0 } note)
        {
            await book.AddRowAsync([], ct);
            await book.AddRowAsync([new Cell(note, styles.Note)], ct);
            next += 2;
        }
        next++;
        foreach (var image in sheet.Images ?? [])
        {
            book.AddImage(ImageCanvas.Dimensions($"A{next}", image.Width, image.Height), images[image]);
            // Rows are 20 pixels high by default; leave a row between pictures.
            next += image.Height / 20 + 2;
        }
    }

    private static Cell CellOf(object? value, SheetFormat format, Styles styles, bool total)
    {
        var style = styles.For(format, total);
        return value switch
        {
            null => new Cell((string?)null, style),
            string s => new Cell(s, total ? styles.TotalText : styles.Text),
            bool b => new Cell(b, style),
            DateOnly d => new Cell(d.ToDateTime(TimeOnly.MinValue), style),
            DateTime t => new Cell(t, style),
            DateTimeOffset o => new Cell(o.UtcDateTime, style),
            _ when Number(value) is { } n => new Cell(format == SheetFormat.Percent ? n / 100 : n, style),
            IFormattable f => new Cell(f.ToString(null, CultureInfo.InvariantCulture), styles.Text),
            _ => new Cell(value.ToString(), styles.Text),
        };
    }

    private static double? Number(object? value) => value switch
    {
        double d when double.IsFinite(d) => d,
        float f when float.IsFinite(f) => f,
        decimal m => (double)m,
        int i => i,
        long l => l,
        short s => s,
        _ => null,
    };

    /// <summary>The column is as wide as its longest value, and its header wraps over two or three lines.</summary>
    private static double Width(SheetColumn column, IEnumerable<object?> values)
    {
        var longest = values.Select(v => v switch
        {
            null => 0,
            string s => s.Length,
            DateOnly or DateTime or DateTimeOffset => column.Format == SheetFormat.DateTime ? 16 : 10,
            _ when Number(v) is { } n => Math.Abs(n) < 1 ? 6 : (int)Math.Log10(Math.Abs(n)) + 1 + (int)Math.Log10(Math.Abs(n)) / 3 + (column.Format == SheetFormat.Integer ? 1 : 4),
            _ => v.ToString()?.Length ?? 0,
        }).DefaultIfEmpty(0).Max();
        // The header wraps over at most two or three lines, never inside a word.
        var words = column.Header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var header = Math.Max(words.Select(w => w.Length).DefaultIfEmpty(0).Max(), Math.Min(Math.Ceiling(column.Header.Length / 2.0), HeaderMaxWidth));
        return Math.Clamp(Math.Max(longest, header) + 2, MinWidth, MaxWidth);
    }

    /// <summary>How many lines a header takes when wrapped at word boundaries in a column this wide.</summary>
    private static int Lines(string header, double width)
    {
        var room = Math.Max(1, (int)width - 1);
        var lines = 1;
        var used = 0;
        foreach (var word in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var need = used == 0 ? word.Length : used + 1 + word.Length;
            if (need <= room || used == 0) used = need;
            else { lines++; used = word.Length; }
            lines += (used - 1) / room;
            used = (used - 1) % room + 1;
        }
        return lines;
    }

    /// <summary>Spreadsheet column letters: 1 → A, 27 → AA.</summary>
    public static string Column(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26) name = (char)('A' + (number - 1) % 26) + name;
        return name;
    }

    /// <summary>
    /// Sheet names: without the characters Excel forbids, cut to 31 characters, unique ignoring case as Excel compares them
    /// ("Kết quả (2)"), never empty.
    /// </summary>
    public static IReadOnlyList<string> SheetNames(IEnumerable<string> titles)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var title in titles)
        {
            var name = Clean(title);
            names.Add(Unique(name.Length > 0 ? name : $"Sheet{names.Count + 1}", used));
        }
        return names;
    }

    private static string Clean(string? title)
    {
        var chars = (title ?? "").Select(c => Array.IndexOf(ForbiddenInSheetName, c) >= 0 || char.IsControl(c) ? ' ' : c).ToArray();
        var name = string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // Excel refuses names that begin or end with an apostrophe, and reserves "History".
        name = name.Trim('\'', ' ');
        if (name.Equals("History", StringComparison.OrdinalIgnoreCase)) name += " 1";
        return Cut(name, MaxSheetName);
    }

    private static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++)
        {
            var suffix = $" ({i})";
            candidate = Cut(name, MaxSheetName - suffix.Length) + suffix;
        }
        return candidate;
    }

    /// <summary>Cuts after a whole word when one ends in the second half, else at a text-element boundary so a letter and its combining mark stay together.</summary>
    private static string Cut(string s, int max)
    {
        if (s.Length <= max) return s;
        var end = 0;
        var elements = StringInfo.GetTextElementEnumerator(s);
        while (elements.MoveNext())
        {
            var next = elements.ElementIndex + elements.GetTextElement().Length;
            if (next > max) break;
            end = next;
        }
        if (s[end] != ' ')
        {
            var space = s.LastIndexOf(' ', end - 1);
            if (space >= max / 2) end = space;
        }
        return s[..end].TrimEnd(' ', '\'', ',', ';', '.', '-');
    }

    /// <summary>The same sheet as CSV: the header row and the rows, numbers invariant, dates ISO, formula-like text neutralised.</summary>
    public static byte[] ToCsv(Sheet sheet)
    {
        var csv = new CsvWriter([.. sheet.Columns.Select(c => c.Header)]);
        foreach (var row in sheet.Rows)
        {
            for (var i = 0; i < sheet.Columns.Count; i++)
            {
                var value = i < row.Count ? row[i] : null;
                _ = value switch
                {
                    null => csv.Text(null),
                    string s => csv.Text(s),
                    bool b => csv.Text(b ? "true" : "false"),
                    DateOnly d => csv.Text(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    DateTime t => csv.Text(sheet.Columns[i].Format == SheetFormat.Date
                        ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                    DateTimeOffset o => csv.Text(o.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                    _ when Number(value) is { } n => csv.Number(n),
                    _ => csv.Text(Convert.ToString(value, CultureInfo.InvariantCulture)),
                };
            }
            csv.EndRow();
        }
        return csv.ToBytes();
    }

    private sealed class Styles
    {
        private readonly Dictionary<(SheetFormat, bool), StyleId> _byFormat = [];

        public Styles(Spreadsheet book)
        {
            var border = new Border
            {
                Left = new EdgeBorder { BorderStyle = BorderStyle.Thin, Color = System.Drawing.Color.FromArgb(0xBF, 0xBF, 0xBF) },
                Right = new EdgeBorder { BorderStyle = BorderStyle.Thin, Color = System.Drawing.Color.FromArgb(0xBF, 0xBF, 0xBF) },
                Top = new EdgeBorder { BorderStyle = BorderStyle.Thin, Color = System.Drawing.Color.FromArgb(0xBF, 0xBF, 0xBF) },
                Bottom = new EdgeBorder { BorderStyle = BorderStyle.Thin, Color = System.Drawing.Color.FromArgb(0xBF, 0xBF, 0xBF) },
            };
            Title = book.AddStyle(new Style { Font = new Font { Bold = true, Size = 13 } });
            Header = book.AddStyle(new Style
            {
                Font = new Font { Bold = true },
                Fill = new Fill { Color = System.Drawing.Color.FromArgb(0xD9, 0xE2, 0xF3) },
                Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignment.Center, Horizontal = HorizontalAlignment.Center },
                Border = border,
            });
            Note = book.AddStyle(new Style { Font = new Font { Italic = true } });
            Text = book.AddStyle(new Style { Border = border, Alignment = new Alignment { Vertical = VerticalAlignment.Top } });
            TotalText = book.AddStyle(new Style { Border = border, Font = new Font { Bold = true } });
            foreach (var format in Enum.GetValues<SheetFormat>())
                foreach (var total in new[] { false, true })
                    _byFormat[(format, total)] = book.AddStyle(new Style
                    {
                        Border = border,
                        Font = new Font { Bold = total },
                        Format = format switch
                        {
                            SheetFormat.Integer => NumberFormat.Custom("#,##0"),
                            SheetFormat.Decimal => NumberFormat.Custom("#,##0.0#"),
                            SheetFormat.Percent => NumberFormat.Custom("0.0%"),
                            SheetFormat.Date => NumberFormat.Custom("dd/mm/yyyy"),
                            SheetFormat.DateTime => NumberFormat.Custom("dd/mm/yyyy hh:mm"),
                            _ => null,
                        },
                    });
        }

        public StyleId Title { get; }
        public StyleId Header { get; }
        public StyleId Note { get; }
        public StyleId Text { get; }
        public StyleId TotalText { get; }

        public StyleId For(SheetFormat format, bool total) => _byFormat[(format, total)];
    }
}
