using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Features.Uploads;
using MiniExcelLibs;

namespace CivicTrack.Features.Dossiers;

/// <summary>The forms a dossier file arrives in.</summary>
public enum DossierFileKind { Csv, Xlsx, Json }

/// <summary>Turns what arrives (a request body, gzip or not; an XLSX sheet; a JSON array) into a CSV file on disk for
/// <see cref="DossierImporter"/>, never holding the whole of a large file in memory, and bounded in size before it is read.</summary>
public static class DossierFiles
{
    /// <summary>Copies <paramref name="body"/> to a new temporary file, gunzipping it when <paramref name="gzip"/>; false when it
    /// is larger than <paramref name="maxBytes"/> (after decompression) or the gzip stream is broken.</summary>
    public static async Task<(string? Path, bool TooLarge, bool BadGzip)> SpoolAsync(Stream body, bool gzip, long maxBytes, CancellationToken ct)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"civictrack-dossiers-{Guid.NewGuid():N}.tmp");
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : null;
            var input = source ?? body;
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = await input.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > maxBytes) { await file.DisposeAsync(); Delete(path); return (null, true, false); }
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
            return (path, false, false);
        }
        catch (InvalidDataException)
        {
            Delete(path);
            return (null, false, true);
        }
        catch
        {
            Delete(path);
            throw;
        }
    }

    public static void Delete(string? path)
    {
        if (path is null) return;
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Writes a JSON array of records (objects with the canonical field names) as a CSV file. A problem with the
    /// document as a whole (not an array, an item that is not an object, an unknown field) is returned instead; its line is
    /// the record's position (1-based).</summary>
    public static async Task<(string? Path, DossierProblem? Problem)> JsonToCsvAsync(string jsonPath, CancellationToken ct)
    {
        JsonDocument document;
        await using (var json = File.OpenRead(jsonPath))
        {
            try { document = await JsonDocument.ParseAsync(json, new JsonDocumentOptions { MaxDepth = 8 }, ct); }
            catch (JsonException e) { return (null, new DossierProblem((e.LineNumber ?? 0) + 1, "", DossierProblemKind.NoHeader, Clip(e.Message))); }
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("records", out var records)) root = records;
            if (root.ValueKind != JsonValueKind.Array) return (null, new DossierProblem(1, "", DossierProblemKind.NoHeader, root.ValueKind.ToString()));
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"civictrack-dossiers-{Guid.NewGuid():N}.csv");
            await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
            await writer.WriteLineAsync(DossierColumns.Header);
            var fields = new string[DossierColumns.All.Length];
            var item = 0;
            foreach (var record in root.EnumerateArray())
            {
                item++;
                if (record.ValueKind != JsonValueKind.Object)
                {
                    Delete(path);
                    return (null, new DossierProblem(item, "", DossierProblemKind.WrongColumnCount, record.ValueKind.ToString()));
                }
                Array.Fill(fields, "");
                foreach (var property in record.EnumerateObject())
                {
                    var at = Array.FindIndex(DossierColumns.All, c => c.Equals(property.Name, StringComparison.OrdinalIgnoreCase));
                    if (at < 0)
                    {
                        Delete(path);
                        return (null, new DossierProblem(item, Clip(property.Name), DossierProblemKind.UnknownColumn, Clip(property.Name)));
                    }
                    fields[at] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString() ?? "",
                        JsonValueKind.Number => property.Value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        JsonValueKind.Null => "",
                        _ => property.Value.GetRawText(),
                    };
                }
                await WriteRowAsync(writer, fields);
            }
            return (path, null);
        }
    }

    /// <summary>Writes the first sheet of a workbook (already passed through <see cref="WorkbookCheck"/>) as a CSV file, row by
    /// row. Dates typed as dates become <c>yyyy-MM-dd</c> (or a Vietnam time when the cell has one).</summary>
    public static async Task<string> XlsxToCsvAsync(string xlsxPath, CancellationToken ct)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"civictrack-dossiers-{Guid.NewGuid():N}.csv");
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        await using var xlsx = File.OpenRead(xlsxPath);
        var fields = new List<string>();
        foreach (IDictionary<string, object?> row in xlsx.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            ct.ThrowIfCancellationRequested();
            fields.Clear();
            fields.AddRange(row.Values.Select(Cell));
            // Trailing empty cells of a row are not columns.
            while (fields.Count > 0 && fields[^1].Length == 0) fields.RemoveAt(fields.Count - 1);
            await WriteRowAsync(writer, fields);
        }
        return path;
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+07:00",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static async Task WriteRowAsync(StreamWriter writer, IReadOnlyList<string> fields)
    {
        var line = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) line.Append(',');
            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0) line.Append('"').Append(f.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else line.Append(f);
        }
        await writer.WriteLineAsync(line);
    }

    private static string Clip(string s) => s.Length <= 100 ? s : s[..99] + "…";
}
