using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CivicTrack.Tests.Localization;

/// <summary>Every string the product shows exists in every language it speaks.</summary>
public sealed partial class ResourceLanguagesTests
{
    private static readonly string ResourceDir = Path.Combine(RepoRoot(), "src", "CivicTrack", "Resources");

    /// <summary>The languages besides the default (Vietnamese, the neutral .resx) that need a file of their own.</summary>
    private static readonly string[] Languages = CivicTrack.Localization.Languages.Where(l => l != "vi").ToArray();

    public static TheoryData<string> Resources() => [.. Directory.GetFiles(ResourceDir, "*.resx")
        .Select(Path.GetFileName).Where(f => f!.Count(c => c == '.') == 1).Select(f => f![..^5]).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_default_languages_are_vietnamese_english_and_bengali()
    {
        Assert.Equal(["vi", "en", "bn"], CivicTrack.Localization.Languages);
        Assert.True(Resources().Count() >= 9, "the resource files were not found");
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public void Every_key_has_a_text_in_every_language(string resource)
    {
        var vi = Read(resource, null);
        Assert.NotEmpty(vi);
        foreach (var language in Languages)
        {
            var other = Read(resource, language);
            Assert.True(other.Count > 0, $"{resource}.{language}.resx is missing");
            var missing = vi.Keys.Where(k => !other.TryGetValue(k, out var e) || string.IsNullOrWhiteSpace(e.Value)).ToList();
            Assert.True(missing.Count == 0, $"{resource}.{language}.resx lacks {missing.Count} key(s): {string.Join(", ", missing.Take(20))}");
            var extra = other.Keys.Where(k => !vi.ContainsKey(k)).ToList();
            Assert.True(extra.Count == 0, $"{resource}.{language}.resx has key(s) the Vietnamese lacks: {string.Join(", ", extra)}");
        }
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public void A_text_in_another_script_identical_to_the_vietnamese_is_marked_as_meant(string resource)
    {
        var vi = Read(resource, null);
        // A language in Latin letters may share words with Vietnamese ("Email", "KPI"); one in another script may not.
        foreach (var language in Languages.Where(l => !CivicTrack.Localization.IsLatinScript(CultureInfo.GetCultureInfo(l))))
        {
            var same = Read(resource, language)
                .Where(kv => vi.TryGetValue(kv.Key, out var v) && v.Value == kv.Value.Value && kv.Value.Comment != "same")
                .Select(kv => kv.Key).ToList();
            Assert.True(same.Count == 0, $"{resource}.{language}.resx repeats the Vietnamese without <comment>same</comment>: {string.Join(", ", same)}");
        }
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public void Every_placeholder_of_the_vietnamese_is_kept(string resource)
    {
        var vi = Read(resource, null);
        foreach (var language in Languages)
            foreach (var (key, entry) in Read(resource, language))
            {
                if (!vi.TryGetValue(key, out var source)) continue;
                var wanted = Placeholder().Matches(source.Value).Select(m => m.Value).ToHashSet();
                var found = Placeholder().Matches(entry.Value).Select(m => m.Value).ToHashSet();
                Assert.True(wanted.SetEquals(found), $"{resource}.{language}.resx {key}: placeholders {string.Join(" ", found)} instead of {string.Join(" ", wanted)}");
            }
    }

    [Fact]
    public void Bengali_texts_are_read_at_run_time()
    {
        var t = new System.Resources.ResourceManager(typeof(CivicTrack.Resources.SharedResource));
        var bn = t.GetString("App.Language", CultureInfo.GetCultureInfo("bn-BD"));
        var vi = t.GetString("App.Language", CultureInfo.GetCultureInfo("vi-VN"));
        Assert.False(string.IsNullOrWhiteSpace(bn));
        Assert.NotEqual(vi, bn);
        Assert.Matches("[\u0980-\u09FF]", bn!);
    }

    private static Dictionary<string, (string Value, string? Comment)> Read(string resource, string? language)
    {
        var path = Path.Combine(ResourceDir, language is null ? $"{resource}.resx" : $"{resource}.{language}.resx");
        if (!File.Exists(path)) return [];
        return XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => ((string?)d.Element("value") ?? "", (string?)d.Element("comment")));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CivicTrack.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (CivicTrack.slnx) was not found.");
    }

    [GeneratedRegex(@"\{[0-9A-Za-z_]+(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
