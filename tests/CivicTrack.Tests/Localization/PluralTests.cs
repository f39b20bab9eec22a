using System.Globalization;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CivicTrack.Tests.Localization;

/// <summary>A message that shows a count says "1 unit" and "2 units", never "1 units".</summary>
public sealed class PluralTests
{
    private static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    private static string In(string culture, Func<string> text)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try { return text(); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    public static TheoryData<Type, string, string, string> Counted => new()
    {
        { typeof(ReportPageResource), "Late.Urged", "Urged 1 unit.", "Urged 2 units." },
        { typeof(ReportPageResource), "Forms.AssignedCount", "1 unit", "2 units" },
        { typeof(ReportPageResource), "Forms.Rules", "1 check", "2 checks" },
        { typeof(ReportPageResource), "Due.AfterEnd", "1 day after the period ends", "2 days after the period ends" },
        { typeof(ReportPageResource), "Forms.LockAfter", "1 day after the due date", "2 days after the due date" },
        { typeof(ReportResource), "Synthesis.MissingUnits", "1 unit has not reported: X.", "2 units have not reported: X." },
        { typeof(ReportResource), "Synthesis.LateUnits", "1 unit reported after the due date: X.", "2 units reported after the due date: X." },
        { typeof(SharedResource), "Accounts.Count", "1 account", "2 accounts" },
        { typeof(SharedResource), "Audit.Count", "1 entry", "2 entries" },
        { typeof(SharedResource), "OrgTree.ChildCountHint", "1 unit directly under this one", "2 units directly under this one" },
    };

    [Theory]
    [MemberData(nameof(Counted))]
    public void English_counts_agree_with_their_noun(Type resource, string key, string one, string two)
    {
        var t = Factory.Create(resource);
        Assert.Equal(one, In("en-GB", () => t.Count(key, 1, 1, "X").Value));
        Assert.Equal(two, In("en-GB", () => t.Count(key, 2, 2, "X").Value));
        // Vietnamese and Bengali do not inflect; both counts read from a text of their own.
        foreach (var culture in new[] { "vi-VN", "bn-BD" })
            Assert.DoesNotContain("{", In(culture, () => t.Count(key, 1, 1, "X").Value));
    }

    [Fact]
    public void Urging_every_late_unit_of_one_says_unit_in_english()
    {
        var t = Factory.Create(typeof(ReportPageResource));
        var text = In("en-GB", () => t.Count("Urge.AllExplain", 1, 1, "Xã Thượng Tân", "Monthly report", "10/2025").Value);
        Assert.StartsWith("Send an urging message to the 1 unit under Xã Thượng Tân that has not sent", text);
    }
}
