using System.Text;

namespace CivicTrack.Engine.Files;

/// <summary>The file types the app accepts as evidence, keyed on the extension, and the type a file is served as:
/// the extension's type only when the first bytes agree (where a format has a signature), else
/// <c>application/octet-stream</c>. The type a client declared is never used.</summary>
public static class FileTypes
{
    /// <summary>The type a file is served as when its first bytes do not match its extension.</summary>
    public const string Binary = "application/octet-stream";

    /// <summary>How many leading bytes <see cref="Checked"/> needs.</summary>
    public const int SniffBytes = 1024;

    private sealed record Kind(string ContentType, Func<ReadOnlySpan<byte>, bool> Matches);

    private static readonly byte[] Zip = "PK\u0003\u0004"u8.ToArray();
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = new("application/pdf", b => b.IndexOf("%PDF-"u8) >= 0),
        [".png"] = new("image/png", b => b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        [".jpg"] = new("image/jpeg", b => b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])),
        [".jpeg"] = new("image/jpeg", b => b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])),
        [".docx"] = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b => b.StartsWith(Zip)),
        [".xlsx"] = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b => b.StartsWith(Zip)),
        [".pptx"] = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", b => b.StartsWith(Zip)),
        [".zip"] = new("application/zip", b => b.StartsWith(Zip)),
        [".doc"] = new("application/msword", b => b.StartsWith(Ole)),
        [".xls"] = new("application/vnd.ms-excel", b => b.StartsWith(Ole)),
        [".ppt"] = new("application/vnd.ms-powerpoint", b => b.StartsWith(Ole)),
        [".txt"] = new("text/plain; charset=utf-8", IsText),
        [".csv"] = new("text/csv; charset=utf-8", IsText),
    };

    /// <summary>The extensions accepted as evidence.</summary>
    public static IReadOnlyCollection<string> Extensions => Kinds.Keys;

    /// <summary>Whether a file of this name has an extension accepted as evidence (case ignored).</summary>
    public static bool Accepted(string fileName) => Kinds.ContainsKey(Path.GetExtension(fileName));

    /// <summary>The type to store and serve for a file of this name whose first bytes are <paramref name="head"/>.</summary>
    public static string Checked(string fileName, ReadOnlySpan<byte> head) =>
        Kinds.TryGetValue(Path.GetExtension(fileName), out var kind) && kind.Matches(head) ? kind.ContentType : Binary;

    /// <summary>Text: valid UTF-8 (the sample may end mid-character) without NUL bytes.</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf((byte)0) >= 0) return false;
        var offset = 0;
        while (offset < head.Length)
        {
            var status = Rune.DecodeFromUtf8(head[offset..], out _, out var consumed);
            if (status == System.Buffers.OperationStatus.NeedMoreData) return true;
            if (status != System.Buffers.OperationStatus.Done) return false;
            offset += consumed;
        }
        return true;
    }

    /// <summary>A file name safe to store and to show: no path, no control characters, none of <c>"\/:*?&lt;&gt;|</c>,
    /// at most 200 characters with the extension kept.</summary>
    public static string SafeName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var sb = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var lone = char.IsHighSurrogate(c) && (i + 1 >= name.Length || !char.IsLowSurrogate(name[i + 1]))
                || char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(name[i - 1]));
            sb.Append(lone || char.IsControl(c) || c is '"' or '/' or ':' or '*' or '?' or '<' or '>' or '|' ? '_' : c);
        }
        name = sb.ToString().Trim().TrimStart('.');
        if (name.Length > 200)
        {
            var ext = Path.GetExtension(name);
            name = name[..(200 - Math.Min(ext.Length, 20))] + ext[..Math.Min(ext.Length, 20)];
        }
        return name.Length == 0 ? "file" : name;
    }
}
