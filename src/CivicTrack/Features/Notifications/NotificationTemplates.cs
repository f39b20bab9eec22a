using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CivicTrack.Resources;

namespace CivicTrack.Features.Notifications;

/// <summary>The named notification templates. Each has a title and a body in <see cref="NotificationResource"/>
/// (<c>Template.{Name}.Title</c>, <c>Template.{Name}.Body</c>) with named placeholders filled from the notification's arguments.</summary>
public static class NotificationTemplates
{
    public const string ReportDueSoon = nameof(ReportDueSoon);
    public const string ReportDueToday = nameof(ReportDueToday);
    public const string ReportOverdue = nameof(ReportOverdue);
    public const string ReportUrged = nameof(ReportUrged);
    public const string ReportSubmitted = nameof(ReportSubmitted);
    public const string ReportReturned = nameof(ReportReturned);
    public const string ReportApproved = nameof(ReportApproved);
    public const string ReportReopenRequested = nameof(ReportReopenRequested);
    public const string ReportReopened = nameof(ReportReopened);
    public const string TaskUrged = nameof(TaskUrged);
    public const string TaskAssigned = nameof(TaskAssigned);

    public static readonly IReadOnlyList<string> All =
        [ReportDueSoon, ReportDueToday, ReportOverdue, ReportUrged, ReportSubmitted, ReportReturned, ReportApproved, ReportReopenRequested, ReportReopened, TaskUrged, TaskAssigned];

    /// <summary>The placeholders templates may use.</summary>
    /// <summary>The placeholders templates may use. "report" is computed: the form named as a report ("báo cáo {form}",
    /// "the {form} report"), or the form's own name when that already says it is a report.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["form", "report", "unit", "period", "due", "reason", "by", "task", "message", "link"];

    public static bool Exists(string name) => All.Contains(name, StringComparer.Ordinal);
}

/// <summary>Turns a notification into the words a reader sees, in the reader's language.</summary>
public static partial class NotificationText
{
    // Read directly (not through IStringLocalizer) so that background work and static callers render the same way.
    private static readonly ResourceManager Resources = new(typeof(NotificationResource).FullName!, typeof(NotificationResource).Assembly);

    /// <summary>Vietnamese, the language stored texts and e-mail subjects are written in.</summary>
    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The title and body in <paramref name="culture"/> from the template when there is one, else the stored texts.</summary>
    public static (string Title, string Body) Render(Notification n, CultureInfo culture) => Render(n, culture, links: true, baseUrl: null);

    /// <summary>As <see cref="Render(Notification, CultureInfo)"/>; without <paramref name="links"/> the link line is left out
    /// (the inbox links the whole entry), and <paramref name="baseUrl"/> makes relative links absolute (for e-mail).</summary>
    public static (string Title, string Body) Render(Notification n, CultureInfo culture, bool links, string? baseUrl)
    {
        if (n.Template is not { Length: > 0 } template || !NotificationTemplates.Exists(template)) return (n.Title, n.Body);
        var args = ParseArgs(n.Args);
        var link = n.Link ?? args.GetValueOrDefault("link");
        args["link"] = links && link is { Length: > 0 } ? Absolute(link, baseUrl) : "";
        return Render(template, args, culture);
    }

    /// <summary>Renders a template with these arguments. A body line with a placeholder that has no value is left out,
    /// so optional parts (a message, a reason, a link) sit on lines of their own.</summary>
    public static (string Title, string Body) Render(string template, IReadOnlyDictionary<string, string> args, CultureInfo culture)
    {
        var title = Text($"Template.{template}.Title", culture) ?? template;
        var body = Text($"Template.{template}.Body", culture) ?? "";
        var language = culture.TwoLetterISOLanguageName;
        // An argument may carry its forms in other languages beside it ("form" in Vietnamese, "form@en", "form@bn");
        // "formEn" is how notifications stored before that named the English form.
        string? Value(string name) =>
            (args.TryGetValue($"{name}@{language}", out var own) && !string.IsNullOrWhiteSpace(own) ? own
                : language == "en" && args.TryGetValue(name + "En", out var en) && !string.IsNullOrWhiteSpace(en) ? en
                : args.TryGetValue(name, out var v) ? v : null) is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
        var form = Value("form");
        string? Fill(string name) => name == "report" ? (form is null ? null : AsReport(form, culture)) : Value(name);
        string Replace(string line, Match m) =>
            Fill(m.Groups[1].Value) is { } v ? (m.Groups[1].Value == "report" && StartsSentence(line, m.Index) ? Capitalize(v, culture) : v) : "";
        var renderedTitle = Placeholder().Replace(title, m => Replace(title, m));
        var lines = body.Split('\n')
            .Where(line => Placeholder().Matches(line).All(m => Fill(m.Groups[1].Value) is not null))
            .Select(line => Placeholder().Replace(line, m => Replace(line, m)));
        return (Squeeze(renderedTitle), string.Join('\n', lines));
    }

    /// <summary>A form's name as a report in this language: the name itself when it already holds the word for a report
    /// ("Báo cáo kết quả chuyển đổi số", "Monthly report", "... প্রতিবেদন"), else the name with that word
    /// ("báo cáo Kết quả...", "Results report"), so that no text says "report" twice.</summary>
    public static string AsReport(string form, CultureInfo culture)
    {
        var word = Text("Form.ReportWord", culture) ?? "";
        return word.Length > 0 && HasWord(form, word) ? form : string.Format(culture, Text("Form.AsReport", culture) ?? "{0}", form);
    }

    private static bool HasWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + word.Length;
            if ((at == 0 || !IsWordChar(text[at - 1])) && (end == text.Length || !IsWordChar(text[end]))) return true;
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static bool StartsSentence(string line, int index)
    {
        var before = line[..index].TrimEnd();
        return before.Length == 0 || before[^1] is '.' or '!' or '?';
    }

    private static string Capitalize(string value, CultureInfo culture) =>
        value.Length > 0 && char.IsLower(value[0]) ? char.ToUpper(value[0], culture) + value[1..] : value;

    /// <summary>The arguments for a name in several languages: "name" holds the Vietnamese, "name@en" the English...</summary>
    public static IEnumerable<KeyValuePair<string, string>> Localized(string name, CivicTrack.Engine.Text.LocalText text) =>
        text.Texts.Select(kv => new KeyValuePair<string, string>(kv.Key == CivicTrack.Engine.Text.LocalText.Fallback ? name : $"{name}@{kv.Key}", kv.Value))
            .Prepend(new(name, text.Pick(CivicTrack.Engine.Text.LocalText.Fallback)));

    /// <summary>A string of <see cref="NotificationResource"/> in the culture (or its fallback), or null.</summary>
    public static string? Text(string key, CultureInfo culture) => Resources.GetString(key, culture);

    public static Dictionary<string, string> ParseArgs(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new(StringComparer.Ordinal);
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) is { } d ? new(d, StringComparer.Ordinal) : new(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new(StringComparer.Ordinal);
        }
    }

    private static string Absolute(string link, string? baseUrl) =>
        baseUrl is { Length: > 0 } && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) ? baseUrl.TrimEnd('/') + link : link;

    private static string Squeeze(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            if (c != ' ' || sb.Length == 0 || sb[^1] != ' ') sb.Append(c);
        return sb.ToString().Trim();
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
