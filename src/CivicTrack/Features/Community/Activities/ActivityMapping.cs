namespace CivicTrack.Features.Community.Activities;

/// <summary>What of an activity counts: one participant group, women, everyone, or the activity itself.</summary>
public enum ActivityCount { Officials, Citizens, Students, YouthUnion, Enterprises, Women, Total, Activities }

/// <summary>One line of <c>Community:ActivityElements</c>: activities of <see cref="Kind"/> (or <c>*</c> for every kind)
/// add their <see cref="Group"/> to the data element <see cref="Element"/> of their unit and month.</summary>
public sealed class ActivityElementRule
{
    public string? Kind { get; set; }
    public string? Group { get; set; }
    public string? Element { get; set; }
}

/// <summary>The <c>Community</c> settings section of the activities part.</summary>
public sealed class ActivitySettings
{
    /// <summary>The mapping; when absent or empty, <see cref="ActivityMapping.Defaults"/>.</summary>
    public List<ActivityElementRule>? ActivityElements { get; set; }
}

/// <summary>A checked mapping line.</summary>
public sealed record ActivityRule(ActivityKind? Kind, ActivityCount Group, string Element)
{
    public bool Matches(Activity a) => Kind is null || Kind == a.Kind;
}

/// <summary>The activity → data element mapping, read once from the settings.</summary>
public sealed class ActivityMapping
{
    /// <summary>Training courses count officials trained and courses held; digital-literacy classes their citizens;
    /// communication events, festivals, contests and pilot models are response activities. Support sessions and
    /// meetings count nowhere by default: the household log counts support, and meetings are not events for the public.</summary>
    public static readonly IReadOnlyList<ActivityRule> Defaults =
    [
        new(ActivityKind.TrainingCourse, ActivityCount.Officials, "OFFICIALS_TRAINED"),
        new(ActivityKind.TrainingCourse, ActivityCount.Activities, "TRAINING_COURSES"),
        new(ActivityKind.DigitalLiteracyClass, ActivityCount.Citizens, "LITERACY_PEOPLE"),
        new(ActivityKind.Communication, ActivityCount.Activities, "COMM_EVENTS"),
        new(ActivityKind.Festival, ActivityCount.Activities, "COMM_EVENTS"),
        new(ActivityKind.Contest, ActivityCount.Activities, "COMM_EVENTS"),
        new(ActivityKind.PilotModel, ActivityCount.Activities, "COMM_EVENTS"),
    ];

    public ActivityMapping(IReadOnlyList<ActivityRule> rules) => Rules = rules;

    public IReadOnlyList<ActivityRule> Rules { get; }

    /// <summary>The rules by element code, in the order the settings give them.</summary>
    public ILookup<string, ActivityRule> ByElement => Rules.ToLookup(r => r.Element, StringComparer.Ordinal);

    /// <summary>Parses the settings; a line naming no known kind or group is an error at start-up.</summary>
    public static ActivityMapping From(ActivitySettings settings)
    {
        if (settings.ActivityElements is not { Count: > 0 } lines) return new ActivityMapping(Defaults);
        var rules = new List<ActivityRule>();
        foreach (var line in lines)
        {
            if (!TryParse(line, out var rule))
                throw new InvalidOperationException($"Community:ActivityElements: '{line.Kind}' × '{line.Group}' → '{line.Element}' names no known kind (or *), group or element.");
            rules.Add(rule);
        }
        return new ActivityMapping(rules);
    }

    public static bool TryParse(ActivityElementRule line, out ActivityRule rule)
    {
        rule = null!;
        ActivityKind? kind = null;
        if (line.Kind is not "*")
        {
            if (!Enum.TryParse<ActivityKind>(line.Kind, true, out var k) || int.TryParse(line.Kind, out _)) return false;
            kind = k;
        }
        if (!Enum.TryParse<ActivityCount>(line.Group, true, out var g) || int.TryParse(line.Group, out _)) return false;
        if (string.IsNullOrWhiteSpace(line.Element)) return false;
        rule = new ActivityRule(kind, g, line.Element.Trim());
        return true;
    }

    /// <summary>What one activity adds to an element through one rule.</summary>
    public static long Count(Activity a, ActivityCount group) => group switch
    {
        ActivityCount.Officials => a.Officials,
        ActivityCount.Citizens => a.Citizens,
        ActivityCount.Students => a.Students,
        ActivityCount.YouthUnion => a.YouthUnion,
        ActivityCount.Enterprises => a.Enterprises,
        ActivityCount.Women => a.Women,
        ActivityCount.Total => (long)a.Officials + a.Citizens + a.Students + a.YouthUnion + a.Enterprises,
        _ => 1,
    };

    /// <summary>The value of each mapped element for a set of activities (one unit's month, or a report's period):
    /// an element has a value only when at least one activity of a kind mapped to it is among them.</summary>
    public Dictionary<string, double> Sums(IReadOnlyCollection<Activity> activities)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var element in ByElement)
        {
            if (!activities.Any(a => element.Any(r => r.Matches(a)))) continue;
            result[element.Key] = element.Sum(r => activities.Where(r.Matches).Sum(a => Count(a, r.Group)));
        }
        return result;
    }
}
