using CivicTrack.Engine.Dossiers;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CivicTrack.Features.Dossiers;

/// <summary>One component's points and target, as set under <c>Dossiers:ServiceIndex</c>.</summary>
public sealed class ServiceComponentSetting
{
    public double Points { get; set; }
    /// <summary>The rate (percent) that earns the full points.</summary>
    public double Target { get; set; }
}

/// <summary><c>Dossiers:ServiceIndex</c>: the points and targets of the six components, and the indicators the two entered
/// components are read from (docs/dossiers.md, "The 766 service index").</summary>
public sealed class ServiceIndexSettings
{
    public ServiceComponentSetting Transparency { get; set; } = Of(ServiceComponent.Transparency);
    public ServiceComponentSetting Progress { get; set; } = Of(ServiceComponent.Progress);
    public ServiceComponentSetting Online { get; set; } = Of(ServiceComponent.Online);
    public ServiceComponentSetting Payment { get; set; } = Of(ServiceComponent.Payment);
    public ServiceComponentSetting Digitization { get; set; } = Of(ServiceComponent.Digitization);
    public ServiceComponentSetting Satisfaction { get; set; } = Of(ServiceComponent.Satisfaction);
    /// <summary>The indicator giving the share of procedures published and publicly disclosed.</summary>
    public string TransparencyIndicator { get; set; } = "IND_PROCEDURES_PUBLISHED_PCT";
    /// <summary>The indicator giving the share of satisfied ratings.</summary>
    public string SatisfactionIndicator { get; set; } = "IND_SATISFACTION_PCT";

    public ServiceIndexRules ToRules() => new(new Dictionary<ServiceComponent, ServiceComponentRule>
    {
        [ServiceComponent.Transparency] = new(Transparency.Points, Transparency.Target),
        [ServiceComponent.Progress] = new(Progress.Points, Progress.Target),
        [ServiceComponent.Online] = new(Online.Points, Online.Target),
        [ServiceComponent.Payment] = new(Payment.Points, Payment.Target),
        [ServiceComponent.Digitization] = new(Digitization.Points, Digitization.Target),
        [ServiceComponent.Satisfaction] = new(Satisfaction.Points, Satisfaction.Target),
    });

    private static ServiceComponentSetting Of(ServiceComponent c) =>
        new() { Points = ServiceIndexRules.Default[c].Points, Target = ServiceIndexRules.Default[c].Target };
}

/// <summary>One component of a unit's index: its rate (percent, null when there is none), the points it earned and could
/// earn, its target, and whether its rate was missing.</summary>
public sealed record ServiceComponentDto(string Component, double? Rate, double Points, double MaxPoints, double Target, bool Missing);

/// <summary>A unit's 766 index for a period, with the counts a reader needs beside it; <see cref="Rank"/> is its place
/// among its siblings (null for the unit asked about).</summary>
public sealed record ServiceIndexRow(string Unit, string UnitName, string Kind, int? Rank, double Total, double MaxTotal,
    IReadOnlyList<ServiceComponentDto> Components, DossierMetricsRow Metrics);

/// <summary>The index of a unit, and of its children ranked, for one period.</summary>
public sealed record ServiceIndexAnswer(string Period, ServiceIndexRow Unit, IReadOnlyList<ServiceIndexRow> Children);

/// <summary>Computes the Decision 766 service index from the dossier counts and the two entered indicators.</summary>
public sealed class DossierServiceIndex(OrgDirectory directory, DossierStore store, AnalyticsService analytics, IOptions<DossierSettings> settings,
    IStringLocalizer<DossierResource> t)
{
    /// <summary>GET /api/dossiers/service-index.</summary>
    public async Task<Outcome<ServiceIndexAnswer>> IndexAsync(AccessScope scope, string? unitCode, string? periodText, bool children, CancellationToken ct)
    {
        var tree = (await directory.GetAsync(ct)).Tree;
        scope = scope.On(tree);
        var problems = new FieldProblems();
        var unit = string.IsNullOrWhiteSpace(unitCode) ? scope.Roots.FirstOrDefault() : tree.Find(unitCode.Trim());
        if (unit is null || !scope.Covers(unit)) problems.Add("unit", t["Dossiers.UnknownUnit", unitCode ?? ""]);
        Period period = default;
        if (string.IsNullOrWhiteSpace(periodText)) problems.Add("period", t["Dossiers.NoPeriod"]);
        else if (!Period.TryParse(periodText.Trim(), out period, out var error)) problems.Add("period", t["Dossiers.BadPeriod", periodText, error ?? ""]);
        else if (period.Type is not (PeriodType.Month or PeriodType.Quarter or PeriodType.SixMonth or PeriodType.Year))
            problems.Add("period", t["Dossiers.MonthlyOnly", periodText]);
        else if (period.Start < DossierDates.Earliest || period.End > DossierDates.Latest) problems.Add("period", t["Dossiers.BadPeriod", periodText, ""]);
        if (problems.Count > 0) return Outcome<ServiceIndexAnswer>.Invalid(problems.ByField());

        var config = settings.Value.ServiceIndex;
        var rules = config.ToRules();
        var units = children ? [unit!, .. tree.Children(unit!.Id)] : new List<OrgNode> { unit! };
        var transparency = await IndicatorAsync(scope, config.TransparencyIndicator, units, period.Id, ct);
        var satisfaction = await IndicatorAsync(scope, config.SatisfactionIndicator, units, period.Id, ct);
        var (from, to) = (DossierMonths.Of(period.Start), DossierMonths.Of(period.End));
        var rows = new List<ServiceIndexRow>(units.Count);
        foreach (var u in units)
        {
            var months = await store.SubtreeMonthsAsync(tree, u.Id, from, to, ct);
            var counts = months.Aggregate(default(DossierCounts), (a, b) => a + b);
            var rates = ServiceRates.Of(counts, store.Rules, transparency.GetValueOrDefault(u.Code), satisfaction.GetValueOrDefault(u.Code));
            var score = ServiceIndex.Score(rates, rules);
            rows.Add(new(u.Code, u.Name, u.Kind.ToString(), null, score.Total, score.MaxTotal,
                [.. score.Components.Select(c => new ServiceComponentDto(Name(c.Component), c.Rate, c.Points, c.MaxPoints, c.Target, c.Missing))],
                DossierMetricsRow.Of(u, period.Id, counts, store.Rules)));
        }
        var ranked = ServiceIndex.Rank(rows.Skip(1), r => r.Total, r => r.Unit).Select(r => r.Item with { Rank = r.Rank }).ToList();
        return Outcome<ServiceIndexAnswer>.Ok(new(period.Id, rows[0], ranked));
    }

    /// <summary>The component's name in the answer: <c>transparency</c>, <c>progress</c>, …</summary>
    public static string Name(ServiceComponent c) => c.ToString().ToLowerInvariant();

    /// <summary>An indicator's value per unit code; units without one (or an indicator the catalogue lacks) are left out.</summary>
    private async Task<Dictionary<string, double?>> IndicatorAsync(AccessScope scope, string code, List<OrgNode> units, string period, CancellationToken ct)
    {
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(code)) return values;
        var (result, _) = await analytics.QueryAsync(scope, code, string.Join(',', units.Select(u => u.Code)), period, false, "vi", ct);
        foreach (var cell in result?.Values ?? [])
            if (cell.Value is { } v && double.IsFinite(v)) values[cell.Unit] = v;
        return values;
    }
}
