using CivicTrack.Data;
using CivicTrack.Engine.CompositeIndex;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.CompositeIndex;

/// <summary>A component as written and read by the API; direction defaults to the indicator's, normalisation to min-max.</summary>
public sealed record IndexComponentInput(string? Indicator, double? Weight, Direction? Direction, Normalisation? Normalisation, double? Target);

/// <summary>A pillar as written by the API; a library pillar's code lends its name when none is given.</summary>
public sealed record IndexPillarInput(string? Code, LocalText? Name, double? Points, IReadOnlyList<IndexComponentInput>? Components);

/// <summary>An index definition as written by the API (POST and PUT take the whole definition).</summary>
public sealed record IndexDefinitionInput(LocalText? Name, IndexUnitSet? Units, PeriodType? PeriodType, Aggregation? Aggregation, MissingRule? Missing,
    IReadOnlyList<IndexPillarInput>? Pillars);

public sealed record IndexComponentDto(string Indicator, string Name, string Unit, double Weight, Direction Direction, Normalisation Normalisation, double? Target);
public sealed record IndexPillarDto(string Code, LocalText Name, double Points, IReadOnlyList<IndexComponentDto> Components);
public sealed record IndexDefinitionDto(int Id, LocalText Name, IndexUnitSet Units, PeriodType PeriodType, Aggregation Aggregation, MissingRule Missing,
    double TotalPoints, IReadOnlyList<IndexPillarDto> Pillars, DateTime UpdatedAt, string? UpdatedBy);

/// <summary>Index definitions: list, read, and the checked create, update and delete (programme managers and administrators).</summary>
public sealed class IndexService(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store, AuditLog audit, TimeProvider clock, IStringLocalizer<IndexResource> t,
    IStringLocalizer<SharedResource> shared)
{
    public const int MaxPillars = 20, MaxComponents = 50, MaxCodeLength = 50, MaxNameLength = 200;
    public const double MaxPoints = 10_000, MaxWeight = 1_000, MaxTarget = 1e12;

    /// <summary>Period types an index may be computed for.</summary>
    public static readonly PeriodType[] PeriodTypes = [PeriodType.Year, PeriodType.SixMonth, PeriodType.Quarter, PeriodType.Month];

    public async Task<IReadOnlyList<IndexDefinitionDto>> ListAsync(string language, CancellationToken ct)
    {
        var catalog = (await store.DefinitionsAsync(ct)).Catalog;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.IndexDefinitions.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        return [.. rows.Select(d => ToDto(d, catalog, language))];
    }

    public async Task<IndexDefinitionDto?> GetAsync(int id, string language, CancellationToken ct) =>
        await FindAsync(id, ct) is { } d ? ToDto(d, (await store.DefinitionsAsync(ct)).Catalog, language) : null;

    /// <summary>The stored definition itself (for the ranking and the edit page).</summary>
    public async Task<IndexDefinition?> FindAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.IndexDefinitions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
    }

    public async Task<Outcome<IndexDefinitionDto>> SaveAsync(AccessScope scope, int? id, IndexDefinitionInput input, string language, CancellationToken ct)
    {
        var catalog = (await store.DefinitionsAsync(ct)).Catalog;
        var (pillars, problems) = Check(input, catalog);
        if (problems.Count > 0) return Outcome<IndexDefinitionDto>.Invalid(problems.ByField());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The row and its audit entry commit together; the entry needs the new row's id.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        IndexDefinition? row = null;
        if (id is { } existing && (row = await db.IndexDefinitions.SingleOrDefaultAsync(d => d.Id == existing, ct)) is null)
            return Outcome<IndexDefinitionDto>.NotFound();
        var before = row is null ? null : ToDto(row, catalog, "vi");
        row ??= db.IndexDefinitions.Add(new IndexDefinition { Name = LocalText.Empty }).Entity;
        row.Name = input.Name!;
        row.Units = input.Units ?? IndexUnitSet.Communes;
        row.PeriodType = input.PeriodType ?? PeriodType.Year;
        row.Aggregation = input.Aggregation ?? Aggregation.Linear;
        row.Missing = input.Missing ?? MissingRule.Skip;
        row.Pillars = pillars;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedBy = scope.UserName;
        await db.SaveChangesAsync(ct);
        var after = ToDto(row, catalog, "vi");
        audit.Add(db, scope, before is null ? AuditActions.Create : AuditActions.Update, "IndexDefinition", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null, before, after);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(before is null ? OutcomeKind.Created : OutcomeKind.Ok, ToDto(row, catalog, language));
    }

    public async Task<Outcome<bool>> DeleteAsync(AccessScope scope, int id, CancellationToken ct)
    {
        var catalog = (await store.DefinitionsAsync(ct)).Catalog;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.IndexDefinitions.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (row is null) return Outcome<bool>.NotFound();
        db.IndexDefinitions.Remove(row);
        audit.Add(db, scope, AuditActions.Delete, "IndexDefinition", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, ToDto(row, catalog, "vi"));
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Every problem of a definition, by field as the JSON names it (<c>pillars[1].components[0].weight</c>), and the
    /// structure to store when there is none.</summary>
    public (List<IndexPillarDef> Pillars, FieldProblems Problems) Check(IndexDefinitionInput input, IndicatorCatalog catalog)
    {
        var problems = new FieldProblems();
        if (LocalNames.Problem(input.Name, "name", MaxNameLength, required: true, shared) is { } nameProblem) problems.Add(nameProblem.Field, nameProblem.Message);
        if (input.PeriodType is { } type && !PeriodTypes.Contains(type))
            problems.Add("periodType", t["Index.BadPeriodType", string.Join(", ", PeriodTypes)]);
        var result = new List<IndexPillarDef>();
        if (input.Pillars is not { Count: > 0 } pillars)
        {
            problems.Add("pillars", t["Index.NoPillars"]);
            return (result, problems);
        }
        if (pillars.Count > MaxPillars) problems.Add("pillars", t["Index.TooManyPillars", MaxPillars]);
        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var components = 0;
        for (var p = 0; p < pillars.Count && p < MaxPillars; p++)
        {
            var at = $"pillars[{p}]";
            var pillar = pillars[p];
            if (pillar is null) { problems.Add(at, t["Index.Required"]); continue; }
            var code = pillar.Code?.Trim() ?? "";
            if (code.Length == 0) problems.Add($"{at}.code", t["Index.Required"]);
            else if (code.Length > MaxCodeLength || ControlCharacters.InName(code)) problems.Add($"{at}.code", t["Index.BadCode", MaxCodeLength]);
            else if (!codes.Add(code)) problems.Add($"{at}.code", t["Index.DuplicatePillar", code]);
            var library = catalog.Pillars.FirstOrDefault(x => string.Equals(x.Code, code, StringComparison.OrdinalIgnoreCase));
            if (LocalNames.Problem(pillar.Name, $"{at}.name", MaxNameLength, required: library is null, shared) is { } pn) problems.Add(pn.Field, pn.Message);
            if (pillar.Points is not { } points) problems.Add($"{at}.points", t["Index.Required"]);
            else if (!double.IsFinite(points) || points <= 0 || points > MaxPoints) problems.Add($"{at}.points", t["Index.BadPoints", MaxPoints]);
            var def = new IndexPillarDef { Code = code, Name = pillar.Name is { IsEmpty: false } n ? n : library?.Name ?? LocalText.Empty, Points = pillar.Points ?? 0 };
            var list = pillar.Components ?? [];
            if (list.Count > MaxComponents) problems.Add($"{at}.components", t["Index.TooManyComponents", MaxComponents]);
            for (var c = 0; c < list.Count && c < MaxComponents; c++)
            {
                var cat = $"{at}.components[{c}]";
                var component = list[c];
                if (component is null) { problems.Add(cat, t["Index.Required"]); continue; }
                var indicatorCode = component.Indicator?.Trim() ?? "";
                Indicator? indicator = null;
                if (indicatorCode.Length == 0) problems.Add($"{cat}.indicator", t["Index.Required"]);
                else if (!catalog.IndicatorsByCode.TryGetValue(indicatorCode, out indicator))
                    problems.Add($"{cat}.indicator", t["Index.UnknownIndicator", indicatorCode.Length > 60 ? indicatorCode[..60] : indicatorCode]);
                if (component.Weight is { } w && (!double.IsFinite(w) || w <= 0 || w > MaxWeight)) problems.Add($"{cat}.weight", t["Index.BadWeight", MaxWeight]);
                var normalisation = component.Normalisation ?? Normalisation.MinMax;
                if (!Enum.IsDefined(normalisation)) problems.Add($"{cat}.normalisation", t["Index.BadNormalisation"]);
                if (component.Direction is { } d && !Enum.IsDefined(d)) problems.Add($"{cat}.direction", t["Index.BadDirection"]);
                if (normalisation == Normalisation.DistanceToTarget)
                {
                    if (component.Target is not { } target) problems.Add($"{cat}.target", t["Index.TargetRequired"]);
                    else if (!double.IsFinite(target) || target <= 0 || target > MaxTarget) problems.Add($"{cat}.target", t["Index.BadTarget"]);
                }
                else if (component.Target is { } other && (!double.IsFinite(other) || other <= 0 || other > MaxTarget)) problems.Add($"{cat}.target", t["Index.BadTarget"]);
                def.Components.Add(new IndexComponentDef
                {
                    Indicator = indicator?.Code ?? indicatorCode,
                    Weight = component.Weight ?? 1,
                    Direction = component.Direction ?? (indicator?.Direction == IndicatorDirection.LowerIsBetter ? Direction.LowerIsBetter : Direction.HigherIsBetter),
                    Normalisation = normalisation,
                    Target = component.Target,
                });
                components++;
            }
            result.Add(def);
        }
        if (components == 0 && !problems.ByField().Keys.Any(k => k.StartsWith("pillars", StringComparison.Ordinal)))
            problems.Add("pillars", t["Index.NoComponents"]);
        if (input.Units is { } units && !Enum.IsDefined(units)) problems.Add("units", t["Index.BadUnits"]);
        if (input.Aggregation is { } a && !Enum.IsDefined(a)) problems.Add("aggregation", t["Index.BadAggregation"]);
        if (input.Missing is { } m && !Enum.IsDefined(m)) problems.Add("missing", t["Index.BadMissing"]);
        return (result, problems);
    }

    /// <summary>The engine's view of a definition.</summary>
    public static IndexSpec Spec(IndexDefinition d) => new(
        [.. d.Pillars.Select(p => new IndexPillar(p.Code, p.Points,
            [.. p.Components.Select(c => new IndexComponent(c.Indicator, c.Weight, c.Direction, c.Normalisation, c.Target))]))],
        d.Aggregation, d.Missing);

    public static IndexDefinitionDto ToDto(IndexDefinition d, IndicatorCatalog catalog, string language) => new(d.Id, d.Name, d.Units, d.PeriodType, d.Aggregation, d.Missing,
        d.Pillars.Sum(p => p.Points),
        [.. d.Pillars.Select(p => new IndexPillarDto(p.Code, p.Name, p.Points, [.. p.Components.Select(c =>
        {
            var indicator = catalog.IndicatorsByCode.GetValueOrDefault(c.Indicator);
            return new IndexComponentDto(c.Indicator, indicator?.Name.Pick(language) ?? c.Indicator, indicator?.Unit.Pick(language) ?? "", c.Weight, c.Direction, c.Normalisation, c.Target);
        })]))],
        d.UpdatedAt, d.UpdatedBy);
}
