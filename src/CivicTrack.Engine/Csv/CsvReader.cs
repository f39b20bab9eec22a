using System.Text;

namespace CivicTrack.Engine.Csv;

/// <summary>One record of a delimited file, with the line it starts on (1-based).</summary>
public sealed record CsvRecord(int Line, string[] Fields);

/// <summary>RFC 4180 reading: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF.</summary>
public static class CsvReader
{
    /// <summary>Decodes strict UTF-8 (a BOM is skipped). On an invalid byte sequence returns false and the
    /// 1-based line where it occurs.</summary>
    public static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, out string text, out int badLine)
    {
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var offset = 0;
        badLine = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                badLine = 1 + bytes[..offset].Count((byte)'\n');
                text = "";
                return false;
            }
            offset += consumed;
        }
        text = Encoding.UTF8.GetString(bytes);
        return true;
    }

    /// <summary>Reads every record. Blank lines are skipped. An unterminated quote runs to the end of the text.</summary>
    public static List<CsvRecord> Parse(string text, char delimiter = ',')
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;   // something (even "") was read for the current field
        var i = 0;

        void EndField() { fields.Add(field.ToString()); field.Clear(); fieldStarted = false; }
        void EndRecord()
        {
            EndField();
            if (!(fields.Count == 1 && fields[0].Length == 0)) records.Add(new CsvRecord(recordLine, [.. fields]));
            fields.Clear();
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    inQuotes = false; i++; continue;
                }
                if (c == '\n') line++;
                field.Append(c); i++;
                continue;
            }
            if (c == '"' && field.Length == 0 && !fieldStarted) { inQuotes = true; fieldStarted = true; i++; continue; }
            if (c == delimiter) { EndField(); i++; continue; }
            if (c == '\r' || c == '\n')
            {
                EndRecord();
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                i++;
                line++;
                recordLine = line;
                continue;
            }
            field.Append(c); i++;
        }
        if (field.Length > 0 || fields.Count > 0 || fieldStarted) EndRecord();
        return records;
    }

    /// <summary>Quotes a field when RFC 4180 needs it.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
