using CivicTrack.Engine.Text;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Shared;

/// <summary>The checks every name in several languages passes before it is stored: only the configured
/// languages, one line each, within a length, and a Vietnamese text when the name is required.</summary>
public static class LocalNames
{
    /// <summary>The first problem with a name as (field, message), or null. The field names the language
    /// ("name.en") when one language is at fault.</summary>
    /// <param name="multiline">True for a description: line breaks and tabs are allowed, other control characters are not.</param>
    public static (string Field, string Message)? Problem(LocalText? name, string field, int maxLength, bool required, IStringLocalizer t, bool multiline = false)
    {
        if (name is null || name.IsEmpty)
            return required ? (field, t["Input.NameRequired"]) : null;
        foreach (var (language, text) in name.Texts)
        {
            var at = $"{field}.{language}";
            if (!Localization.Languages.Contains(language)) return (at, t["Input.UnknownLanguage", language, string.Join(", ", Localization.Languages)]);
            if (multiline ? text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) : ControlCharacters.InName(text)) return (at, t["Input.ControlCharacters"]);
            if (text.Length > maxLength) return (at, t["Input.TooLong", maxLength]);
        }
        return required && name.In(LocalText.Fallback) is null ? ($"{field}.{LocalText.Fallback}", t["Input.NameRequired"]) : null;
    }

    /// <summary>The name to store: a name given replaces the stored one whole (a plain string leaves a Vietnamese
    /// name alone); none given keeps it.</summary>
    public static LocalText Update(LocalText current, LocalText? input) => input ?? current;
}
