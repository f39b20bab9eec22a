namespace CivicTrack.Engine.Text;

/// <summary>Control characters in text from files: none belongs in a name or a comment, and PostgreSQL refuses NUL.</summary>
public static class ControlCharacters
{
    /// <summary>The position of the first control character other than tab, line feed and carriage return; -1 when none.</summary>
    public static int Find(string? text)
    {
        if (string.IsNullOrEmpty(text)) return -1;
        for (var i = 0; i < text.Length; i++)
            if (text[i] is < ' ' and not ('\t' or '\n' or '\r') or '\u007F') return i;
        return -1;
    }

    /// <summary>True when a one-line name holds any control character, tabs and line breaks included.</summary>
    public static bool InName(string? text) => text is not null && text.Any(char.IsControl);
}
