using System.Globalization;
using System.Resources;
using CivicTrack.Resources;

namespace CivicTrack.Features.Reporting.Synthesis;

/// <summary>
/// The fixed texts and number formats of one synthesized report in its own language, whatever the thread's culture:
/// the same report is written the same way by every reader of that language.
/// </summary>
public sealed class SynthesisText
{
    /// <summary>Written for a missing number.</summary>
    public const string Missing = "–";

    private static readonly ResourceManager Resources = new(typeof(SynthesisResource));
    private static readonly string[] Roman = ["M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"];
    private static readonly int[] RomanValues = [1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1];

    private readonly CultureInfo _language;

    private SynthesisText(CultureInfo culture)
    {
        Language = culture.TwoLetterISOLanguageName;
        FollowsDecree30 = Language == "vi";
        IsEnglish = Language == "en";
        LanguageTag = culture.Name;
        _language = culture;
        // Separators are fixed here rather than taken from the platform's culture data, so documents read alike on every server.
        Numbers = new NumberFormatInfo
        {
            NumberGroupSeparator = FollowsDecree30 ? "." : ",",
            NumberDecimalSeparator = FollowsDecree30 ? "," : ".",
            NegativeSign = "-",
        };
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SynthesisText> ByLanguage = new(StringComparer.Ordinal);

    /// <summary>The texts for a culture name such as "vi", "en-GB" or "bn"; a language not supported is Vietnamese.</summary>
    public static SynthesisText For(string? culture)
    {
        var found = Localization.Find(culture is null ? null : Engine.Text.LocalText.LanguageOf(culture));
        if (culture is null || !found.TwoLetterISOLanguageName.Equals(Engine.Text.LocalText.LanguageOf(culture), StringComparison.Ordinal))
            found = CultureInfo.GetCultureInfo("vi-VN");
        return ByLanguage.GetOrAdd(found.TwoLetterISOLanguageName, _ => new SynthesisText(found));
    }

    /// <summary>The report's two-letter language ("vi", "en", "bn").</summary>
    public string Language { get; }

    /// <summary>Whether the document is written the way Vietnamese administrative documents are (Decree 30): two-digit
    /// days, "tháng 10 năm 2025", "1.234,5". True for the Vietnamese report.</summary>
    public bool FollowsDecree30 { get; }

    public bool IsEnglish { get; }

    /// <summary>The language tag for HTML and Word ("vi-VN", "en-GB", "bn-BD").</summary>
    public string LanguageTag { get; }

    public NumberFormatInfo Numbers { get; }

    /// <summary>A fixed text in the report's language.</summary>
    public string this[string key] => Resources.GetString(key, _language) ?? key;

    public string Format(string key, params object[] args) => string.Format(CultureInfo.InvariantCulture, this[key], args);

    public string MottoCountry => this["Motto.Country"];
    public string MottoLine => this["Motto.Line"];
    public string RecipientsLabel => this["Recipients"];
    public string NumberLine(string number) => Format("Number", number);
    public string TableCaption(int ordinal, string title) => Format("Table.Caption", ordinal, title);
    public string ChartCaption(int ordinal, string title) => Format("Chart.Caption", ordinal, title);

    /// <summary>"Tuyên Quang, ngày 05 tháng 02 năm 2025" (days below 10 and months 1–2 take a leading zero, as Decree 30/2020 asks) or "Tuyên Quang, 5 February 2025".</summary>
    public string DateLine(string place, DateOnly date)
    {
        var day = !FollowsDecree30 ? date.Day.ToString(CultureInfo.InvariantCulture) : date.Day.ToString("00", CultureInfo.InvariantCulture);
        var month = IsEnglish ? CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(date.Month)
            : !FollowsDecree30 ? _language.DateTimeFormat.GetMonthName(date.Month)
            : date.Month <= 2 ? date.Month.ToString("00", CultureInfo.InvariantCulture) : date.Month.ToString(CultureInfo.InvariantCulture);
        var line = Format("DateLine", place, day, month, date.Year.ToString(CultureInfo.InvariantCulture));
        return string.IsNullOrWhiteSpace(place) ? line.TrimStart(',', ' ') : line;
    }

    /// <summary>A date as dd/MM/yyyy, the way both languages of the report write short dates.</summary>
    public static string ShortDate(DateOnly date) => ReportFormat.Date(date);

    /// <summary>Upper case as the report's language writes it (unit names in the header, the document kind).</summary>
    public string Upper(string text) => text.ToUpper(_language);

    /// <summary>"I", "II", … for section headings.</summary>
    public static string RomanNumeral(int n)
    {
        if (n <= 0) return n.ToString(CultureInfo.InvariantCulture);
        var s = new System.Text.StringBuilder();
        for (var i = 0; i < RomanValues.Length; i++)
            for (; n >= RomanValues[i]; n -= RomanValues[i]) s.Append(Roman[i]);
        return s.ToString();
    }

    /// <summary>"I. Kết quả thực hiện": the heading of the section at a zero-based index.</summary>
    public static string Heading(int index, string heading) => $"{RomanNumeral(index + 1)}. {heading}";

    /// <summary>True for columns whose cells are numbers (aligned right, stored as numbers in Excel).</summary>
    public static bool IsNumeric(ColumnFormat format) => format != ColumnFormat.Text;

    /// <summary>A cell as the report writes it: "1.234", "1.234,5", "95,4%" in Vietnamese; "1,234", "95.4%" in English; "–" for a missing number.</summary>
    public string Cell(object? value, ColumnFormat format) => value switch
    {
        null => IsNumeric(format) ? Missing : "",
        string s => s,
        double d => Number(d, format),
        float f => Number(f, format),
        decimal m => Number((double)m, format),
        int i => Number(i, format),
        long l => Number(l, format),
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A number in the report's format; a text column shows it with up to two decimals.</summary>
    public string Number(double value, ColumnFormat format)
    {
        if (!double.IsFinite(value)) return Missing;
        return format switch
        {
            ColumnFormat.Integer => Math.Round(value, MidpointRounding.AwayFromZero).ToString("#,##0", Numbers),
            ColumnFormat.Percent => value.ToString("#,##0.0", Numbers) + "%",
            _ => value.ToString("#,##0.##", Numbers),
        };
    }

    /// <summary>The recipients as the "Nơi nhận" block lists them: "- Bộ KH&amp;CN;" and the last one closed by a full stop.</summary>
    public static IReadOnlyList<string> RecipientLines(IReadOnlyList<string> recipients)
    {
        var list = recipients.Select(r => r.Trim().TrimEnd(';', '.', ',')).Where(r => r.Length > 0).ToList();
        return [.. list.Select((r, i) => $"- {r}{(i == list.Count - 1 ? "." : ";")}")];
    }

    /// <summary>The signer's role lines ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") in upper case.</summary>
    public IReadOnlyList<string> SignerRoleLines(string role) =>
        [.. role.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Upper)];
}
