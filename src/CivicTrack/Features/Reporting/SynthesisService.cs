using CivicTrack.Components;
using CivicTrack.Data;
using Microsoft.EntityFrameworkCore;
using System.Globalization;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Plans;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Reporting.Synthesis;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Reporting;

/// <summary>The synthesized report the standing agency sends up: for one form and period (who reported, and the
/// figures by unit), and for the whole programme (plans, key indicators, reporting). Built as a model, then written as
/// Word, Excel or a print page.</summary>
public sealed class SynthesisService(RatesService rates, AnalyticsStore store, PlanService plans, IDbContextFactory<AppDb> dbFactory, IConfiguration config,
    TimeProvider clock, IStringLocalizer<ReportResource> t)
{
    /// <summary>Which reports' figures the synthesis counts (<c>Reporting:Synthesis:Include</c>), Submitted unless set.</summary>
    public SynthesisInclude Include => SynthesisIncludes.Parse(config["Reporting:Synthesis:Include"]);

    public async Task<Outcome<SynthesisDocument>> FormAsync(AccessScope scope, string form, string period, string? unit, CancellationToken ct = default)
    {
        if (!Period.TryParse(period, out var p, out var error)) return Outcome<SynthesisDocument>.Invalid("period", t["Report.BadPeriod", period, error ?? ""]);
        var found = await rates.ExpectAsync(scope, form, unit, p.Id, ct);
        if (found.Value is not { } e) return found.Failed<SynthesisDocument>();
        if (!e.Definition.Owes(p)) return Outcome<SynthesisDocument>.Invalid("period", t["Report.NotFormPeriod", p.Id, e.Definition.Form.Code]);
        var language = Culture;
        var def = e.Definition;
        var tree = e.Tree;
        var snapshot = await store.GetAsync(ct);
        var range = PeriodRange.Of(p);
        var counts = ReportingRates.Count(e.Reports);
        var periodText = ReportFormat.Period(p);
        var formName = def.Form.Name.Pick(language);
        // Inside a title the form's name reads as a common noun: "Tổng hợp báo cáo kết quả chuyển đổi số".
        var titleName = formName.Length > 1 && char.IsUpper(formName[0]) && char.IsLower(formName[1]) ? char.ToLowerInvariant(formName[0]) + formName[1..] : formName;

        // I. Who reported.
        var byKind = e.Reports.GroupBy(r => KindGroup(tree.Get(r.UnitId).Kind)).OrderBy(g => g.Key)
            .Select(g => (Name: t["Synthesis.KindGroup." + g.Key].Value, Counts: ReportingRates.Count(g))).ToList();
        var ratesTable = new SynthesisTable(t["Synthesis.RatesTable"],
            [new(t["Synthesis.UnitGroup"]), new(t["Synthesis.Expected"], ColumnFormat.Integer), new(t["Synthesis.Submitted"], ColumnFormat.Integer),
             new(t["Synthesis.OnTime"], ColumnFormat.Integer), new(t["Synthesis.Completeness"], ColumnFormat.Percent), new(t["Synthesis.Timeliness"], ColumnFormat.Percent)],
            [.. byKind.Select(k => Row(k.Name, k.Counts)), Row(t["Synthesis.Total"], counts)], LastRowIsTotal: true);
        var missing = e.Reports.Where(r => r.Timing is ReportTiming.Missing or ReportTiming.NotDue).Select(r => tree.Get(r.UnitId).Name).ToList();
        var late = e.Reports.Where(r => r.Timing == ReportTiming.Late).Select(r => tree.Get(r.UnitId).Name).ToList();
        var paragraphs = new List<string>
        {
            t["Synthesis.RatesText", periodText, counts.Expected, counts.Submitted, Display.Percent(counts.Completeness * 100), counts.OnTime, Display.Percent(counts.Timeliness * 100),
                ReportFormat.Date(def.Schedule.DueDate(p))],
        };
        if (late.Count > 0) paragraphs.Add(t.Count("Synthesis.LateUnits", late.Count, late.Count, string.Join(", ", late)));
        paragraphs.Add(missing.Count > 0 ? t.Count("Synthesis.MissingUnits", missing.Count, missing.Count, string.Join(", ", missing)) : t["Synthesis.NoneMissing"]);
        var ratesChart = new SynthesisChart(t["Synthesis.RatesChart"], byKind.Select(k => k.Name).ToList(),
            byKind.Select(k => Math.Round((k.Counts.Timeliness ?? 0) * 100, 1)).ToList(), "%");
        var sections = new List<SynthesisSection> { new(t["Synthesis.ReportingHeading"], paragraphs, [ratesTable], [ratesChart]) };

        // II. The figures, section by section: each unit that owed the report, with its own figures when its report is
        // counted (Submitted or Approved by default) and blank otherwise; the total is the total of the rows shown.
        var owing = e.Reports.Select(r => r.UnitId).Distinct().Select(tree.Get)
            .OrderBy(u => KindGroup(u.Kind)).ThenBy(u => u.Code, StringComparer.Ordinal).ToList();
        var include = Include;
        var counted = owing.Where(u => include == SynthesisInclude.All
            || e.Submissions.TryGetValue((u.Id, p.Id), out var s) && SynthesisIncludes.Counts(include, s.State)).Select(u => u.Id).ToHashSet();
        var (own, aggregation) = await OwnValuesAsync(def, counted, p.Id, ct);
        double? Value(FieldDto f, int unitId) => own.TryGetValue((f.Element, unitId), out var v) ? v : null;
        var note = t["Synthesis.Note." + include, counted.Count, owing.Count].Value;
        var resultParagraphs = new List<string>();
        var tables = new List<SynthesisTable>();
        var charts = new List<SynthesisChart>();
        foreach (var section in def.Sections)
        {
            var fields = section.Fields;
            var rows = owing.Select(u => (IReadOnlyList<object?>)[u.Name, .. fields.Select(f => (object?)Value(f, u.Id))]).ToList();
            var totals = fields.Select(f => Total(aggregation.GetValueOrDefault(f.Element), owing.Select(u => Value(f, u.Id)))).ToList();
            rows.Add([t["Synthesis.Total"].Value, .. totals.Select(v => (object?)v)]);
            tables.Add(new SynthesisTable(section.Title.Pick(language),
                [new(t["Synthesis.Unit"]), .. fields.Select(f => new SynthesisColumn(Header(f, language), f.ValueType is CivicTrack.Engine.Analytics.ValueType.Integer ? ColumnFormat.Integer : ColumnFormat.Decimal))],
                rows, LastRowIsTotal: true, Note: note));
            for (var i = 0; i < fields.Count; i++)
                if (totals[i] is { } total)
                    resultParagraphs.Add($"{fields[i].Name.Pick(language)}: {ReportFormat.Number(total)}{(fields[i].Unit.Pick(language) is { Length: > 0 } u ? " " + u : "")}.");
        }
        if (def.Sections.SelectMany(s => s.Fields).FirstOrDefault() is { } first)
        {
            var top = owing.Select(u => (u.Name, Value: Value(first, u.Id)))
                .Where(x => x.Value is not null).OrderByDescending(x => x.Value).Take(10).ToList();
            if (top.Count > 0)
                charts.Add(new SynthesisChart(t["Synthesis.TopChart", first.Name.Pick(language)], top.Select(x => x.Name).ToList(),
                    top.Select(x => x.Value!.Value).ToList(), first.Unit.Pick(language), ChartKind.HorizontalBar));
        }
        sections.Add(new(t["Synthesis.ResultsHeading"], [t["Synthesis.ResultsText", periodText], .. resultParagraphs], tables, charts));
        sections.Add(new(t["Synthesis.ProposalsHeading"], [missing.Count + late.Count > 0 ? t["Synthesis.ProposalLate"] : t["Synthesis.ProposalAllOnTime"], t["Synthesis.ProposalNext"]], [], []));
        return new(OutcomeKind.Ok, Document(tree, e.Unit, def.Form.ReceivingUnitId, t["Synthesis.FormTitle", titleName, periodText], sections));
    }

    /// <summary>The programme as a whole for a period: plans and their targets, key indicators, and reporting by form.</summary>
    public async Task<Outcome<SynthesisDocument>> ProgrammeAsync(AccessScope scope, string period, string? unit, IReadOnlyList<FormDefinition> forms, CancellationToken ct = default)
    {
        if (!Period.TryParse(period, out var p, out var error)) return Outcome<SynthesisDocument>.Invalid("period", t["Report.BadPeriod", period, error ?? ""]);
        var snapshot = await store.GetAsync(ct);
        var tree = snapshot.Tree;
        scope = scope.On(tree);
        var root = unit is { Length: > 0 } ? tree.Find(unit) : scope.Roots.FirstOrDefault();
        if (root is null || !scope.Covers(root)) return new(OutcomeKind.NotFound);
        var language = Culture;
        var asOf = p.End;
        var periodText = ReportFormat.Period(p);
        var sections = new List<SynthesisSection>();

        var planList = (await plans.ListAsync(scope, asOf, ct)).Where(x => x.StartsOn <= asOf && x.EndsOn >= p.Start).ToList();
        var planRows = planList.Select(x => (IReadOnlyList<object?>)[x.DocumentNumber, x.Title.Pick(language), (double)x.Summary.Total,
            (double)x.Summary.Achieved, x.Summary.Percent]).ToList();
        var planParagraphs = planList.Select(x => t["Synthesis.PlanText", x.DocumentNumber, x.Title.Pick(language), x.Summary.Achieved, x.Summary.Total,
            Display.Percent(x.Summary.Percent)].Value).ToList();
        var planTables = new List<SynthesisTable>
        {
            new(t["Synthesis.PlansTable"], [new(t["Synthesis.Number"]), new(t["Synthesis.Plan"]), new(t["Synthesis.Targets"], ColumnFormat.Integer),
                new(t["Synthesis.Achieved"], ColumnFormat.Integer), new(t["Synthesis.Percent"], ColumnFormat.Percent)], planRows),
        };
        var planCharts = new List<SynthesisChart>();
        if (planList.FirstOrDefault() is { } main && await plans.GetAsync(scope, main.Id, asOf, ct) is { } detail && detail.ByPillar.Count > 0)
        {
            planTables.Add(new SynthesisTable(t["Synthesis.PillarTable", main.DocumentNumber], [new(t["Synthesis.Pillar"]), new(t["Synthesis.Targets"], ColumnFormat.Integer),
                new(t["Synthesis.Achieved"], ColumnFormat.Integer), new(t["Synthesis.Percent"], ColumnFormat.Percent)],
                detail.ByPillar.Select(r => (IReadOnlyList<object?>)[r.Name, (double)r.Total, (double)r.Achieved, r.Percent]).ToList()));
            planCharts.Add(new SynthesisChart(t["Synthesis.PillarChart", main.DocumentNumber], detail.ByPillar.Select(r => r.Name).ToList(),
                detail.ByPillar.Select(r => Math.Round(r.Percent, 1)).ToList(), "%", ChartKind.HorizontalBar));
        }
        sections.Add(new(t["Synthesis.PlansHeading"], planParagraphs.Count > 0 ? planParagraphs : [t["Synthesis.NoPlans"]], planTables, planCharts));

        var range = PeriodRange.Of(p);
        var indicatorRows = new List<IReadOnlyList<object?>>();
        foreach (var indicator in snapshot.Catalog.Indicators.OrderBy(i => i.SortOrder).ThenBy(i => i.Code))
        {
            if (snapshot.Catalog.Formulas[indicator.Id] is not { } formula) continue;
            if (snapshot.Values.Read(r => formula.Evaluate(r, root.Id, range)).Value is not { } value) continue;
            indicatorRows.Add([indicator.Name.Pick(language), Math.Round(value, indicator.Decimals), indicator.Unit.Pick(language)]);
        }
        sections.Add(new(t["Synthesis.IndicatorsHeading"], [t["Synthesis.IndicatorsText", root.Name, periodText]],
            [new SynthesisTable(t["Synthesis.IndicatorsTable"], [new(t["Synthesis.Indicator"]), new(t["Synthesis.Value"], ColumnFormat.Decimal), new(t["Synthesis.UnitOfMeasure"])], indicatorRows)], []));

        var rateRows = new List<IReadOnlyList<object?>>();
        foreach (var def in forms.Where(f => f.Form.IsActive))
        {
            var owed = def.Periods.PeriodsIn(range);
            if (owed.Count == 0) continue;
            var found = await rates.ExpectAsync(scope, def.Form.Code, root.Code, $"{owed[0].Id}..{owed[^1].Id}", ct);
            if (found.Value is not { } e) continue;
            var c = ReportingRates.Count(e.Reports);
            rateRows.Add(Row(def.Form.Name.Pick(language), c));
        }
        sections.Add(new(t["Synthesis.ReportingHeading"], [t["Synthesis.ProgrammeRatesText", periodText]],
            [new SynthesisTable(t["Synthesis.FormsTable"], [new(t["Synthesis.Form"]), new(t["Synthesis.Expected"], ColumnFormat.Integer), new(t["Synthesis.Submitted"], ColumnFormat.Integer),
                new(t["Synthesis.OnTime"], ColumnFormat.Integer), new(t["Synthesis.Completeness"], ColumnFormat.Percent), new(t["Synthesis.Timeliness"], ColumnFormat.Percent)], rateRows)], []));
        sections.Add(new(t["Synthesis.ProposalsHeading"], [t["Synthesis.ProposalNext"]], [], []));
        return new(OutcomeKind.Ok, Document(tree, root, null, t["Synthesis.ProgrammeTitle", periodText], sections));
    }

    /// <summary>The values each counted unit entered itself for the form's elements in the period (not its subtree's).</summary>
    private async Task<(Dictionary<(string Element, int Unit), double> Values, Dictionary<string, AggregationType> Aggregation)> OwnValuesAsync(
        FormDefinition def, HashSet<int> units, string period, CancellationToken ct)
    {
        var codes = def.Sections.SelectMany(s => s.Fields).Select(f => f.Element).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var elements = await db.DataElements.AsNoTracking().Where(x => codes.Contains(x.Code))
            .Select(x => new { x.Id, x.Code, x.Aggregation }).ToListAsync(ct);
        var aggregation = elements.ToDictionary(x => x.Code, x => x.Aggregation);
        if (units.Count == 0) return ([], aggregation);
        var codeOf = elements.ToDictionary(x => x.Id, x => x.Code);
        var ids = codeOf.Keys.ToList();
        var rows = await db.DataValues.AsNoTracking().Where(v => v.Period == period && ids.Contains(v.DataElementId))
            .Select(v => new { v.DataElementId, v.OrgUnitId, v.Value }).ToListAsync(ct);
        return (rows.Where(r => units.Contains(r.OrgUnitId)).ToDictionary(r => (codeOf[r.DataElementId], r.OrgUnitId), r => r.Value), aggregation);
    }

    /// <summary>The total row of a field over the rows shown: the sum, or for an averaged, smallest or largest figure that.</summary>
    private static double? Total(AggregationType aggregation, IEnumerable<double?> values)
    {
        var shown = values.OfType<double>().ToList();
        if (shown.Count == 0) return null;
        return aggregation switch
        {
            AggregationType.Average => shown.Average(),
            AggregationType.Min => shown.Min(),
            AggregationType.Max => shown.Max(),
            _ => shown.Sum(),
        };
    }

    public static DownloadFile Word(SynthesisDocument doc, string name) => new(name + ".docx", WordReport.ToBytes(doc));

    public static DownloadFile Excel(SynthesisDocument doc, string name) => new(name + ".xlsx", ExcelReport.ToBytes(doc));

    /// <summary>The reader's language when the product speaks it, else Vietnamese.</summary>
    private static string Culture => Localization.Find(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName).TwoLetterISOLanguageName;

    private SynthesisDocument Document(OrgTree tree, OrgNode unit, int? receivingId, string title, IReadOnlyList<SynthesisSection> sections)
    {
        var root = tree.Ancestors(unit.Id).FirstOrDefault() ?? unit;
        var issuing = receivingId is { } r && tree.Find(r) is { } receiving ? receiving : unit;
        var place = root.Name.Replace("Tỉnh ", "", StringComparison.Ordinal).Replace("Thành phố ", "", StringComparison.Ordinal);
        var parent = issuing.Id == root.Id ? "" : t["Synthesis.ParentCommittee", root.Name.ToUpper(CultureInfo.GetCultureInfo("vi-VN"))].Value;
        var abbreviation = issuing.Code.Contains('-') ? issuing.Code[(issuing.Code.IndexOf('-') + 1)..] : "UBND";
        return new SynthesisDocument(parent, issuing.Name.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), $"      /BC-{abbreviation}", place, VietnamTime.Today(clock),
            t["Synthesis.Kind"], title, sections, t["Synthesis.Recipients"].Value.Split('|'),
            (config["Reporting:SignerRole"] is { Length: > 0 } role ? role : t["Synthesis.SignerRole"].Value).Replace("\\n", "\n"),
            config["Reporting:SignerName"] ?? "", Culture);
    }

    private static int KindGroup(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Province => 0, OrgUnitKind.Department => 1, OrgUnitKind.Commune => 2, OrgUnitKind.Ward => 3, OrgUnitKind.SpecialZone => 4,
        OrgUnitKind.Village or OrgUnitKind.ResidentialGroup => 5, _ => 6,
    };

    private static IReadOnlyList<object?> Row(string name, RateCounts c) =>
        [name, (double)c.Expected, (double)c.Submitted, (double)c.OnTime, c.Completeness * 100, c.Timeliness * 100];

    private static string Header(FieldDto f, string language) => f.Name.Pick(language) + (f.Unit.Pick(language) is { Length: > 0 } u ? $" ({u})" : "");
}
