using CivicTrack.Engine.Dossiers;

namespace CivicTrack.Engine.Tests.Dossiers;

/// <summary>A registry of unit codes for dossier files: codes match ignoring case, as in the unit registry; the units named in
/// <paramref name="outside"/> are beyond the caller's reach.</summary>
internal sealed class TestUnits(IReadOnlyDictionary<string, int> keys, params string[] outside) : IDossierUnits
{
    private readonly Dictionary<string, int> _keys = new(keys, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _outside = [.. outside.Select(c => keys[c])];

    public int Find(ReadOnlySpan<char> code) => _keys.TryGetValue(code.ToString(), out var key) ? key : -1;

    public bool MayWrite(int key) => !_outside.Contains(key);
}

/// <summary>Writes dossier files the way an export does: RFC 4180 quoting only where a field needs it.</summary>
internal static class DossierCsv
{
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    public static string Line(IEnumerable<string> fields) => string.Join(',', fields.Select(Escape));

    /// <summary>A row's fields in the order of <paramref name="header"/> (canonical names, any case).</summary>
    public static string Line(IReadOnlyDictionary<string, string> row, IEnumerable<string> header) =>
        Line(header.Select(h => row[h.ToLowerInvariant()]));
}
