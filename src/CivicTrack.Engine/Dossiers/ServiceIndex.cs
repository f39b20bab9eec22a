namespace CivicTrack.Engine.Dossiers;

/// <summary>The six components of the Decision 766 service index (docs/dossiers.md, "The 766 service index").</summary>
public enum ServiceComponent
{
    /// <summary>Publicity and transparency: the share of procedures published, entered or imported as a data value.</summary>
    Transparency,
    /// <summary>Handling progress: the on-time rate of finished dossiers.</summary>
    Progress,
    /// <summary>Online service: the share of dossiers received online.</summary>
    Online,
    /// <summary>Online payment: the share of finished dossiers paid online.</summary>
    Payment,
    /// <summary>Digitization: the share of finished dossiers whose results were digitized.</summary>
    Digitization,
    /// <summary>Satisfaction: the share of satisfied ratings, entered or imported as a data value.</summary>
    Satisfaction,
}

/// <summary>How one component scores: at most <paramref name="Points"/>, reached when its rate meets <paramref name="Target"/> (a percentage).</summary>
/// <param name="Points">The component's full points.</param>
/// <param name="Target">The rate (0–100, above 0) at which the component earns its full points.</param>
public readonly record struct ServiceComponentRule(double Points, double Target);

/// <summary>Points and targets of the six components.</summary>
public sealed class ServiceIndexRules
{
    private readonly ServiceComponentRule[] _rules;

    /// <summary>The components in the order the index lists them.</summary>
    public static IReadOnlyList<ServiceComponent> Components { get; } = Enum.GetValues<ServiceComponent>();

    /// <summary>The Decision 766 points (transparency 18, progress 20, online 12, payment 10, digitization 22, satisfaction 18)
    /// with the default targets: 100% for transparency, progress and digitization, 80% online, 50% paid online, 90% satisfied.</summary>
    public static ServiceIndexRules Default { get; } = new(new Dictionary<ServiceComponent, ServiceComponentRule>
    {
        [ServiceComponent.Transparency] = new(18, 100),
        [ServiceComponent.Progress] = new(20, 100),
        [ServiceComponent.Online] = new(12, 80),
        [ServiceComponent.Payment] = new(10, 50),
        [ServiceComponent.Digitization] = new(22, 100),
        [ServiceComponent.Satisfaction] = new(18, 90),
    });

    /// <summary>Rules for every component; a component not given keeps its default.</summary>
    /// <exception cref="ArgumentException">A component's points are negative or not finite, or its target is not above 0 and at most 100.</exception>
    public ServiceIndexRules(IReadOnlyDictionary<ServiceComponent, ServiceComponentRule> rules)
    {
        _rules = new ServiceComponentRule[Components.Count];
        foreach (var c in Components)
        {
            var rule = rules.TryGetValue(c, out var given) ? given : Default[c];
            if (!double.IsFinite(rule.Points) || rule.Points < 0)
                throw new ArgumentException($"The points of {c} must be 0 or more.", nameof(rules));
            if (!double.IsFinite(rule.Target) || rule.Target <= 0 || rule.Target > 100)
                throw new ArgumentException($"The target of {c} must be above 0 and at most 100.", nameof(rules));
            _rules[(int)c] = rule;
        }
    }

    /// <summary>The rule of one component.</summary>
    public ServiceComponentRule this[ServiceComponent component] => _rules[(int)component];

    /// <summary>The most a unit can score: the sum of every component's points (100 with the defaults).</summary>
    public double MaxTotal => _rules.Sum(r => r.Points);
}

/// <summary>One component of a unit's score.</summary>
/// <param name="Component">Which component.</param>
/// <param name="Rate">The rate it was scored on (a percentage), or null when there is none.</param>
/// <param name="Points">The points earned, to two decimals.</param>
/// <param name="MaxPoints">The component's full points.</param>
/// <param name="Target">The rate that earns the full points.</param>
/// <param name="Missing">True when there was no rate: the component scores 0.</param>
public sealed record ServiceComponentScore(ServiceComponent Component, double? Rate, double Points, double MaxPoints, double Target, bool Missing);

/// <summary>A unit's index: its six components and their total.</summary>
/// <param name="Components">The components in <see cref="ServiceIndexRules.Components"/> order.</param>
/// <param name="Total">The sum of the components' points.</param>
/// <param name="MaxTotal">The most the unit could have scored.</param>
public sealed record ServiceScore(IReadOnlyList<ServiceComponentScore> Components, double Total, double MaxTotal)
{
    /// <summary>The score of one component.</summary>
    public ServiceComponentScore this[ServiceComponent component] => Components[(int)component];

    /// <summary>How many components had no rate.</summary>
    public int MissingCount => Components.Count(c => c.Missing);
}

/// <summary>The rates a unit is scored on, each a percentage or null when there is none.</summary>
/// <param name="Transparency">Share of procedures published.</param>
/// <param name="Progress">On-time rate.</param>
/// <param name="Online">Online rate.</param>
/// <param name="Payment">Online-payment rate.</param>
/// <param name="Digitization">Digitization rate.</param>
/// <param name="Satisfaction">Share of satisfied ratings.</param>
public sealed record ServiceRates(double? Transparency, double? Progress, double? Online, double? Payment, double? Digitization, double? Satisfaction)
{
    /// <summary>The rate of one component.</summary>
    public double? this[ServiceComponent component] => component switch
    {
        ServiceComponent.Transparency => Transparency,
        ServiceComponent.Progress => Progress,
        ServiceComponent.Online => Online,
        ServiceComponent.Payment => Payment,
        ServiceComponent.Digitization => Digitization,
        ServiceComponent.Satisfaction => Satisfaction,
        _ => throw new ArgumentOutOfRangeException(nameof(component)),
    };

    /// <summary>The four rates counted from dossiers (docs/dossiers.md), with the two entered ones.</summary>
    public static ServiceRates Of(DossierCounts counts, DossierRules rules, double? transparency, double? satisfaction) =>
        new(transparency, counts.OnTimeRate(rules), counts.OnlineRate, counts.OnlinePaymentRate, counts.DigitizationRate, satisfaction);
}

/// <summary>A unit's place in a ranking: 1 for the highest total; equal totals share a place and the next place skips
/// (1, 2, 2, 4).</summary>
/// <typeparam name="T">What is ranked.</typeparam>
/// <param name="Item">The ranked unit.</param>
/// <param name="Rank">Its place.</param>
public sealed record Ranked<T>(T Item, int Rank);

/// <summary>The Decision 766 service index: each component scores <c>points × min(1, rate ÷ target)</c>, a missing rate scores 0,
/// and the total is the sum of the components.</summary>
public static class ServiceIndex
{
    /// <summary>The points a rate earns under a rule: <c>points × min(1, rate ÷ target)</c> to two decimals (half away from zero);
    /// 0 when there is no rate or it is below 0.</summary>
    public static double Points(double? rate, ServiceComponentRule rule)
    {
        if (rate is not { } r || !double.IsFinite(r) || r <= 0) return 0;
        var share = Math.Min(1m, (decimal)r / (decimal)rule.Target);
        return (double)Math.Round((decimal)rule.Points * share, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>A unit's score from its rates.</summary>
    public static ServiceScore Score(ServiceRates rates, ServiceIndexRules rules)
    {
        var components = new List<ServiceComponentScore>(ServiceIndexRules.Components.Count);
        decimal total = 0;
        foreach (var c in ServiceIndexRules.Components)
        {
            var rule = rules[c];
            var rate = rates[c] is { } r && double.IsFinite(r) ? r : (double?)null;
            var points = Points(rate, rule);
            total += (decimal)points;
            components.Add(new(c, rate, points, rule.Points, rule.Target, rate is null));
        }
        return new(components, (double)total, rules.MaxTotal);
    }

    /// <summary>Ranks items by their totals, highest first; equal totals share a place (1, 2, 2, 4) and keep the order
    /// <paramref name="tieOrder"/> gives them.</summary>
    /// <typeparam name="T">What is ranked.</typeparam>
    /// <typeparam name="TKey">The order within a tie.</typeparam>
    public static IReadOnlyList<Ranked<T>> Rank<T, TKey>(IEnumerable<T> items, Func<T, double> total, Func<T, TKey> tieOrder)
    {
        var sorted = items.OrderByDescending(total).ThenBy(tieOrder).ToList();
        var ranked = new List<Ranked<T>>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            var rank = i > 0 && total(sorted[i]) == total(sorted[i - 1]) ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new(sorted[i], rank));
        }
        return ranked;
    }
}
