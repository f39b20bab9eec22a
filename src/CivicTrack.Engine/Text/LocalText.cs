using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CivicTrack.Engine.Text;

/// <summary>Text a person names in several languages: a map from language ("vi", "en", "bn") to the text.
/// Vietnamese is the language every name has; <see cref="Pick(string)"/> falls back to it.</summary>
[JsonConverter(typeof(LocalTextJsonConverter))]
public sealed class LocalText : IEquatable<LocalText>
{
    /// <summary>The language every name is given in, and the one shown when a name lacks the reader's.</summary>
    public const string Fallback = "vi";

    private static readonly JsonSerializerOptions StoreJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SortedDictionary<string, string> _texts;

    /// <summary>No text in any language.</summary>
    public static LocalText Empty { get; } = new(Array.Empty<KeyValuePair<string, string?>>());

    /// <summary>A map from pairs of language and text; blank texts are left out, keys are folded to lower case
    /// two-letter languages ("en-GB" → "en").</summary>
    public LocalText(IEnumerable<KeyValuePair<string, string?>> texts)
    {
        _texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, text) in texts)
        {
            if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(language)) continue;
            _texts[LanguageOf(language)] = text.Trim();
        }
    }

    /// <summary>A name in Vietnamese, with optional English and Bengali.</summary>
    public static LocalText Of(string? vi, string? en = null, string? bn = null) =>
        new([new("vi", vi), new("en", en), new("bn", bn)]);

    /// <summary>A plain string is a Vietnamese text, as the API reads it.</summary>
    public static implicit operator LocalText(string vi) => Of(vi);

    /// <summary>The languages and their texts, sorted by language.</summary>
    public IReadOnlyDictionary<string, string> Texts => _texts;

    /// <summary>True when no language has a text.</summary>
    public bool IsEmpty => _texts.Count == 0;

    /// <summary>The text in exactly this language ("vi", "en-GB"...), or null.</summary>
    public string? In(string language) => _texts.TryGetValue(LanguageOf(language), out var text) ? text : null;

    /// <summary>The text in this language, else in Vietnamese, else in any language there is, else "".</summary>
    public string Pick(string language) =>
        In(language) ?? In(Fallback) ?? _texts.Values.FirstOrDefault() ?? "";

    /// <summary>The text in the culture's language, with the same fallbacks as <see cref="Pick(string)"/>.</summary>
    public string Pick(CultureInfo culture) => Pick(culture.TwoLetterISOLanguageName);

    /// <summary>The text in the reader's language (the current UI culture).</summary>
    public string Pick() => Pick(CultureInfo.CurrentUICulture);

    /// <summary>A copy with this language's text set (or removed when blank).</summary>
    public LocalText With(string language, string? text)
    {
        var copy = _texts.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        copy[LanguageOf(language)] = text;
        return new LocalText(copy);
    }

    /// <summary>The two-letter language of a culture name: "en-GB" → "en", "BN" → "bn".</summary>
    public static string LanguageOf(string cultureOrLanguage)
    {
        var s = cultureOrLanguage.Trim();
        var dash = s.IndexOfAny(['-', '_']);
        return (dash > 0 ? s[..dash] : s).ToLowerInvariant();
    }

    /// <summary>The stored form: a JSON object such as <c>{"en":"Province","vi":"Tỉnh"}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(_texts, StoreJson);

    /// <summary>Reads the stored form; null, empty or a non-object is read as a Vietnamese text (or nothing).</summary>
    public static LocalText FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return Empty;
        var trimmed = json.TrimStart();
        if (!trimmed.StartsWith('{')) return Of(json);
        try
        {
            var map = JsonSerializer.Deserialize<Dictionary<string, string?>>(json);
            return map is null ? Empty : new LocalText(map);
        }
        catch (JsonException)
        {
            return Of(json);
        }
    }

    /// <summary>Whether both hold the same texts in the same languages.</summary>
    public bool Equals(LocalText? other) =>
        other is not null && _texts.Count == other._texts.Count && _texts.All(kv => other._texts.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LocalText);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (k, v) in _texts) { hash.Add(k); hash.Add(v); }
        return hash.ToHashCode();
    }

    /// <summary>The text in the reader's language, as <see cref="Pick()"/>: a name written into a page or a message
    /// reads in the reader's language even where it is not picked explicitly.</summary>
    public override string ToString() => Pick();
}

/// <summary>Writes a <see cref="LocalText"/> as <c>{"vi": "...", "en": "..."}</c>; reads that form, or a plain
/// string as the Vietnamese text, or null as no text.</summary>
public sealed class LocalTextJsonConverter : JsonConverter<LocalText>
{
    /// <summary>The longest text accepted in one language; longer ones are refused while reading.</summary>
    public const int MaxLength = 2000;

    /// <summary>False: a JSON null is read as a null <see cref="LocalText"/> without reaching the converter.</summary>
    public override bool HandleNull => false;

    /// <summary>Reads a map of language to text, or a string as the Vietnamese text; throws <see cref="JsonException"/> on
    /// anything else, a bad language name, a text over <see cref="MaxLength"/> or more than 50 languages.</summary>
    public override LocalText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return LocalText.Of(Checked(reader.GetString()));
            case JsonTokenType.StartObject:
                var texts = new List<KeyValuePair<string, string?>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException("A language name was expected.");
                    var language = reader.GetString() ?? "";
                    if (language.Length is 0 or > 10 || !language.All(c => char.IsAsciiLetter(c) || c is '-' or '_'))
                        throw new JsonException($"\"{language}\" is not a language such as \"vi\", \"en\" or \"bn\".");
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Null) { texts.Add(new(language, null)); continue; }
                    if (reader.TokenType != JsonTokenType.String) throw new JsonException($"The text in \"{language}\" must be a string.");
                    texts.Add(new(language, Checked(reader.GetString())));
                }
                if (texts.Count > 50) throw new JsonException("Too many languages.");
                return new LocalText(texts);
            default:
                throw new JsonException("A text or a map of language to text was expected.");
        }
    }

    private static string? Checked(string? text) =>
        text is { Length: > MaxLength } ? throw new JsonException($"A text is longer than {MaxLength} characters.") : text;

    /// <summary>Writes the texts as one JSON object keyed by language.</summary>
    public override void Write(Utf8JsonWriter writer, LocalText value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (language, text) in value.Texts) writer.WriteString(language, text);
        writer.WriteEndObject();
    }
}
