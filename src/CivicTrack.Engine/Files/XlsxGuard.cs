using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml;

namespace CivicTrack.Engine.Files;

/// <summary>How much an uploaded workbook may hold. The defaults fit every template the app hands out many times over.</summary>
public sealed record XlsxLimits
{
    /// <summary>All parts together, inflated.</summary>
    public long MaxInflatedBytes { get; init; } = 50L * 1024 * 1024;
    /// <summary>Parts (entries) in the zip.</summary>
    public int MaxEntries { get; init; } = 1_000;
    /// <summary>Inflated ÷ compressed size of one part; parts under <see cref="RatioGraceBytes"/> are not held to it.</summary>
    public double MaxCompressionRatio { get; init; } = 100;
    /// <summary>The inflated size up to which a part may be compressed any amount.</summary>
    public long RatioGraceBytes { get; init; } = 1024 * 1024;
    /// <summary>Rows of one sheet, and the highest row number a cell may have.</summary>
    public int MaxRows { get; init; } = 200_000;
    /// <summary>Columns of one sheet, and the highest column a cell may be in.</summary>
    public int MaxColumns { get; init; } = 200;
    /// <summary>Rows × columns of a sheet: what a reader materialises, empty cells included.</summary>
    public long MaxCells { get; init; } = 2_000_000;
    /// <summary>Excel's own limit for the text of one cell.</summary>
    public int MaxCellCharacters { get; init; } = 32_767;
}

/// <summary>Why a workbook was refused; the app turns it into a sentence in the reader's language.</summary>
public enum XlsxProblem
{
    /// <summary>Not a zip, or a zip without the parts of a workbook.</summary>
    NotAWorkbook,
    /// <summary>A zip that cannot be read to the end (truncated, bad checksums, sizes that do not add up).</summary>
    Damaged,
    /// <summary>A workbook without a worksheet.</summary>
    NoSheet,
    /// <summary>More parts than <see cref="XlsxLimits.MaxEntries"/>.</summary>
    TooManyEntries,
    /// <summary>The parts inflate to more than <see cref="XlsxLimits.MaxInflatedBytes"/> together.</summary>
    TooLarge,
    /// <summary>A part is compressed more than <see cref="XlsxLimits.MaxCompressionRatio"/> times.</summary>
    Compression,
    /// <summary>A part holds a DTD (<c>&lt;!DOCTYPE&gt;</c>), which Excel never writes.</summary>
    Dtd,
    /// <summary>A part is not well-formed XML; the refusal gives the line and position.</summary>
    MalformedXml,
    /// <summary>A sheet has more rows than <see cref="XlsxLimits.MaxRows"/>, or a row numbered beyond it.</summary>
    TooManyRows,
    /// <summary>A sheet has a cell beyond column <see cref="XlsxLimits.MaxColumns"/>.</summary>
    TooManyColumns,
    /// <summary>A sheet's rows × columns exceed <see cref="XlsxLimits.MaxCells"/>.</summary>
    TooManyCells,
    /// <summary>A cell's text is longer than <see cref="XlsxLimits.MaxCellCharacters"/>.</summary>
    CellTooLong,
}

/// <summary>A refusal: the reason, the part of the zip and where in it (cell or line and position), and the limit passed.</summary>
public sealed record XlsxRefusal(XlsxProblem Problem, string? Part = null, string? Cell = null, long Limit = 0, int Line = 0, int Position = 0)
{
    /// <summary>The sheet row a refusal is about, when it names a cell.</summary>
    public int Row
    {
        get
        {
            if (Cell is not { } c) return 0;
            var digits = c.AsSpan().IndexOfAnyInRange('0', '9');
            return digits >= 0 && int.TryParse(c.AsSpan(digits), out var r) ? r : 0;
        }
    }
}

/// <summary>Checks an .xlsx upload before any spreadsheet library reads it: the zip's directory (entry count, declared
/// sizes, compression ratio), then every part inflated once as a stream, counting the bytes actually produced and
/// parsing the XML without DTDs, with limits on rows, columns, cells and the length of a cell. Nothing is kept in
/// memory but the current buffer, so a bomb is refused after reading at most the size limit.</summary>
public static class XlsxGuard
{
    private const int EndOfDirectorySignature = 0x06054b50;

    /// <summary>The first fault found, or null when the workbook is safe to read; the stream must be seekable and is left at its start.</summary>
    public static XlsxRefusal? Check(Stream zip, XlsxLimits limits, CancellationToken ct = default)
    {
        if (!zip.CanSeek) throw new ArgumentException("The workbook must be seekable.", nameof(zip));
        zip.Position = 0;
        Span<byte> head = stackalloc byte[4];
        if (zip.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !head.SequenceEqual("PK\u0003\u0004"u8))
            return new XlsxRefusal(XlsxProblem.NotAWorkbook);
        // The entry count is read from the end record before the directory is loaded, so a zip of a million tiny
        // entries is refused without listing them.
        if (DeclaredEntries(zip) is not { } declared) return new XlsxRefusal(XlsxProblem.Damaged);
        if (declared > limits.MaxEntries) return new XlsxRefusal(XlsxProblem.TooManyEntries, Limit: limits.MaxEntries);
        zip.Position = 0;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            return CheckArchive(archive, limits, ct);
        }
        catch (InvalidDataException) { return new XlsxRefusal(XlsxProblem.Damaged); }
        catch (IOException) { return new XlsxRefusal(XlsxProblem.Damaged); }
        catch (NotSupportedException) { return new XlsxRefusal(XlsxProblem.Damaged); }
        finally { zip.Position = 0; }
    }

    private static XlsxRefusal? CheckArchive(ZipArchive archive, XlsxLimits limits, CancellationToken ct)
    {
        var entries = archive.Entries;
        if (entries.Count > limits.MaxEntries) return new XlsxRefusal(XlsxProblem.TooManyEntries, Limit: limits.MaxEntries);
        long declaredTotal = 0;
        foreach (var e in entries)
        {
            declaredTotal += e.Length;
            if (declaredTotal > limits.MaxInflatedBytes) return new XlsxRefusal(XlsxProblem.TooLarge, e.FullName, Limit: limits.MaxInflatedBytes);
            if (e.Length > limits.RatioGraceBytes && e.Length > limits.MaxCompressionRatio * Math.Max(1, e.CompressedLength))
                return new XlsxRefusal(XlsxProblem.Compression, e.FullName, Limit: (long)limits.MaxCompressionRatio);
        }
        var names = entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!names.Contains("[Content_Types].xml") || !names.Contains("xl/workbook.xml")) return new XlsxRefusal(XlsxProblem.NotAWorkbook);
        if (!entries.Any(IsSheet)) return new XlsxRefusal(XlsxProblem.NoSheet);

        var budget = new Budget(limits.MaxInflatedBytes);
        foreach (var e in entries)
        {
            ct.ThrowIfCancellationRequested();
            if (e.FullName.EndsWith('/')) continue;
            using var counted = new CountingStream(e.Open(), budget, e.Length);
            var refusal = IsXml(e.FullName) ? CheckXml(e, counted, limits, ct) : Drain(counted);
            if (refusal is not null) return refusal with { Part = refusal.Part ?? e.FullName };
        }
        return null;
    }

    private static bool IsSheet(ZipArchiveEntry e) =>
        e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);

    private static bool IsXml(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".vml", StringComparison.OrdinalIgnoreCase);

    private static XlsxRefusal? Drain(CountingStream s)
    {
        var buffer = new byte[81920];
        while (s.Read(buffer) > 0) if (s.Refusal is { } r) return r;
        return s.Refusal;
    }

    private static XlsxRefusal? CheckXml(ZipArchiveEntry entry, CountingStream input, XlsxLimits limits, CancellationToken ct)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = limits.MaxInflatedBytes, CloseInput = false,
        };
        var sheet = IsSheet(entry);
        var sharedStrings = entry.FullName.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase);
        var chunk = new char[4096];
        int row = 0, column = 0, maxRow = 0, maxColumn = 0, rows = 0;
        long textLength = 0;
        string? cell = null;
        var inText = false;
        try
        {
            using var reader = XmlReader.Create(input, settings);
            while (reader.Read())
            {
                if (input.Refusal is { } stop) return stop;
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when sheet && reader.LocalName == "dimension":
                        if (Reference(reader.GetAttribute("ref")?.Split(':')[^1]) is var (dc, dr) && dc > 0
                            && Bounds(dc, dr, $"{ColumnName(dc)}{dr}") is { } tooBig) return tooBig;
                        break;
                    case XmlNodeType.Element when sheet && reader.LocalName == "row":
                        row = int.TryParse(reader.GetAttribute("r"), out var r) && r > 0 ? r : row + 1;
                        column = 0;
                        if (++rows > limits.MaxRows || row > limits.MaxRows)
                            return new XlsxRefusal(XlsxProblem.TooManyRows, Cell: $"A{row}", Limit: limits.MaxRows);
                        break;
                    case XmlNodeType.Element when sheet && reader.LocalName == "c":
                        column = Reference(reader.GetAttribute("r")) is var (cc, _) && cc > 0 ? cc : column + 1;
                        cell = $"{ColumnName(column)}{Math.Max(row, 1)}";
                        if (Bounds(column, Math.Max(row, 1), cell) is { } tooWide) return tooWide;
                        break;
                    case XmlNodeType.Element when reader.LocalName is "v" or "t" or "si" && !reader.IsEmptyElement:
                        // A shared string's runs count together; a cell's value or inline text on its own.
                        if (reader.LocalName == "si" || !sharedStrings) textLength = 0;
                        inText = true;
                        break;
                    case XmlNodeType.EndElement when reader.LocalName is "v" or "t" or "si":
                        inText = reader.LocalName == "t" && sharedStrings;
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when inText:
                        // Counted in chunks, so a cell of a hundred megabytes is never held as one string.
                        if (!reader.CanReadValueChunk)
                        {
                            textLength += reader.Value.Length;
                            if (textLength > limits.MaxCellCharacters)
                                return new XlsxRefusal(XlsxProblem.CellTooLong, Cell: sheet ? cell : null, Limit: limits.MaxCellCharacters);
                            break;
                        }
                        int n;
                        while ((n = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                        {
                            textLength += n;
                            if (textLength > limits.MaxCellCharacters)
                                return new XlsxRefusal(XlsxProblem.CellTooLong, Cell: sheet ? cell : null, Limit: limits.MaxCellCharacters);
                            if (input.Refusal is { } stopped) return stopped;
                            ct.ThrowIfCancellationRequested();
                        }
                        break;
                }
            }
            return input.Refusal;
        }
        catch (XmlException e)
        {
            if (input.Refusal is { } r) return r;
            return input.SawDoctype ? new XlsxRefusal(XlsxProblem.Dtd) : new XlsxRefusal(XlsxProblem.MalformedXml, Line: e.LineNumber, Position: e.LinePosition);
        }

        XlsxRefusal? Bounds(int col, int r, string at)
        {
            if (col > limits.MaxColumns) return new XlsxRefusal(XlsxProblem.TooManyColumns, Cell: at, Limit: limits.MaxColumns);
            if (r > limits.MaxRows) return new XlsxRefusal(XlsxProblem.TooManyRows, Cell: at, Limit: limits.MaxRows);
            maxRow = Math.Max(maxRow, r);
            maxColumn = Math.Max(maxColumn, col);
            return (long)maxRow * maxColumn > limits.MaxCells ? new XlsxRefusal(XlsxProblem.TooManyCells, Cell: at, Limit: limits.MaxCells) : null;
        }
    }

    /// <summary>"AB12" as column 28, row 12; zeros where a part is missing or unreadable.</summary>
    private static (int Column, int Row) Reference(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return (0, 0);
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > 1_000_000) return (int.MaxValue, 0);
        }
        return (column, int.TryParse(reference.AsSpan(i), out var row) ? row : 0);
    }

    private static string ColumnName(int column)
    {
        if (column <= 0) return "A";
        var s = "";
        for (var i = column; i > 0 && s.Length < 8; i = (i - 1) / 26) s = (char)('A' + (i - 1) % 26) + s;
        return s;
    }

    /// <summary>The total entry count from the end-of-directory record; null when there is none (truncated or not a zip).</summary>
    private static long? DeclaredEntries(Stream zip)
    {
        var tail = (int)Math.Min(zip.Length, 22 + ushort.MaxValue);
        if (tail < 22) return null;
        var buffer = new byte[tail];
        zip.Position = zip.Length - tail;
        zip.ReadExactly(buffer);
        for (var i = tail - 22; i >= 0; i--)
            if (BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(i)) == EndOfDirectorySignature)
            {
                var count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10));
                // 0xFFFF defers to a ZIP64 record: no workbook needs that many parts.
                return count == ushort.MaxValue ? long.MaxValue : count;
            }
        return null;
    }

    /// <summary>Inflated bytes left for the whole workbook.</summary>
    private sealed class Budget(long bytes)
    {
        public long Left = bytes;
        public readonly long Total = bytes;
    }

    /// <summary>Counts the bytes an entry actually inflates to, whatever its header says, and stops at the budget.
    /// It also notices a DOCTYPE, so a refusal can say why the XML was not read.</summary>
    private sealed class CountingStream(Stream inner, Budget budget, long declared) : Stream
    {
        private static readonly byte[] Doctype = "<!DOCTYPE"u8.ToArray();
        private long _read;
        private int _matched;

        public XlsxRefusal? Refusal { get; private set; }
        public bool SawDoctype { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (Refusal is not null) return 0;
            var n = inner.Read(buffer);
            _read += n;
            budget.Left -= n;
            if (budget.Left < 0) Refusal = new XlsxRefusal(XlsxProblem.TooLarge, Limit: budget.Total);
            else if (_read > declared) Refusal = new XlsxRefusal(XlsxProblem.Damaged);
            foreach (var b in buffer[..n])
            {
                _matched = b == Doctype[_matched] ? _matched + 1 : b == Doctype[0] ? 1 : 0;
                if (_matched == Doctype.Length) { SawDoctype = true; _matched = 0; }
            }
            return Refusal is null ? n : 0;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
