using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Expressions;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Shared;
using CivicTrack.Engine.Text;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Indicators;

public sealed record PillarDto(int Id, string Code, LocalText Name, int SortOrder);
/// <param name="Name">The name by language (<c>{"vi": "...", "en": "..."}</c>), or a plain string for Vietnamese; on
/// change, the languages given replace the stored ones.</param>
public sealed record PillarInput(string? Code, LocalText? Name, int? SortOrder);

/// <param name="MinValue">The smallest value accepted (the element's own bound, else its value type's default).</param>
public sealed record DataElementDto(int Id, string Code, LocalText Name, Engine.Analytics.ValueType ValueType,
    AggregationType Aggregation, LocalText Unit, string? Pillar, double MinValue, double MaxValue);
/// <param name="MinValue">The smallest value accepted; leave out to keep the current bound (or the value type's default).</param>
public sealed record DataElementInput(string? Code, LocalText? Name, Engine.Analytics.ValueType? ValueType,
    AggregationType? Aggregation, LocalText? Unit, string? Pillar, double? MinValue = null, double? MaxValue = null);

public sealed record IndicatorDto(int Id, string Code, LocalText Name, string? Pillar, string Numerator, string? Denominator,
    double Factor, IndicatorDirection Direction, int Decimals, LocalText Unit);
public sealed record IndicatorInput(string? Code, LocalText? Name, string? Pillar, string? Numerator, string? Denominator,
    double? Factor, IndicatorDirection? Direction, int? Decimals, LocalText? Unit);

/// <summary>A problem with one expression: which side, where, what, and the offending text or code.</summary>
public sealed record ExpressionProblem(string Field, int Position, ExpressionErrorKind Kind, string? Token, string Message);
public sealed record ExpressionValidation(bool Valid, IReadOnlyList<ExpressionProblem> Problems, IReadOnlyList<string> References);

/// <summary>Pillars, data elements and indicators: the shared vocabulary every unit reports in.</summary>
public sealed class IndicatorService(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store, AuditLog audit,
    Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedResource> t)
{
    public async Task<IReadOnlyList<PillarDto>> PillarsAsync(CancellationToken ct) =>
        (await store.DefinitionsAsync(ct)).Catalog.Pillars.Select(ToDto).ToList();

    public async Task<IReadOnlyList<DataElementDto>> ElementsAsync(CancellationToken ct)
    {
        var c = (await store.DefinitionsAsync(ct)).Catalog;
        return c.Elements.Select(e => ToDto(e, c)).ToList();
    }

    public async Task<IReadOnlyList<IndicatorDto>> IndicatorsAsync(CancellationToken ct)
    {
        var c = (await store.DefinitionsAsync(ct)).Catalog;
        return c.Indicators.Select(i => ToDto(i, c)).ToList();
    }

    /// <summary>Checks an indicator's numerator and denominator against the known data elements.</summary>
    public async Task<ExpressionValidation> ValidateAsync(string? numerator, string? denominator, CancellationToken ct)
    {
        var c = (await store.DefinitionsAsync(ct)).Catalog;
        var problems = new List<ExpressionProblem>();
        var references = new List<string>();
        foreach (var (field, text, required) in new[] { ("numerator", numerator, true), ("denominator", denominator, false) })
        {
            if (!required && string.IsNullOrWhiteSpace(text)) continue;
            foreach (var e in ExpressionCheck.Check(text, c.ElementsByCode.ContainsKey))
                problems.Add(new ExpressionProblem(field, e.Position, e.Kind, e.Token, Describe(field, e)));
            if (Expression.Parse(text).Expression is { } parsed) references.AddRange(parsed.References);
        }
        return new ExpressionValidation(problems.Count == 0, problems, references.Distinct().ToList());
    }

    public string Describe(string field, ExpressionError e) =>
        t["Expr.Problem", t["Expr.Field." + field], e.Position + 1, t["Expr.Kind." + e.Kind], e.Token ?? ""];

    public async Task<Outcome<PillarDto>> SavePillarAsync(AccessScope scope, string? code, PillarInput input, CancellationToken ct)
    {
        var newCode = (code ?? input.Code)?.Trim();
        if (string.IsNullOrEmpty(newCode)) return Outcome<PillarDto>.Invalid("code", t["Ind.Required"]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Pillars.SingleOrDefaultAsync(p => p.Code == newCode, ct);
        if (code is null && row is not null) return new(OutcomeKind.Conflict);
        if (code is not null && row is null) return new(OutcomeKind.NotFound);
        var before = row is null ? null : ToDto(row);
        if (NamesProblem<PillarDto>(input.Name, null, isNew: row is null, 200) is { } namesProblem) return namesProblem;
        row ??= db.Pillars.Add(new Pillar { Code = newCode, Name = LocalText.Empty }).Entity;
        row.Name = LocalNames.Update(row.Name, input.Name);
        if (input.SortOrder is { } order) row.SortOrder = order;
        audit.Add(db, scope, before is null ? AuditActions.Create : AuditActions.Update, "Pillar", newCode, null, before, ToDto(row));
        await db.SaveChangesAsync(ct);
        await store.RefreshCatalogAsync(ct);
        return new(before is null ? OutcomeKind.Created : OutcomeKind.Ok, ToDto(row));
    }

    public async Task<Outcome<DataElementDto>> SaveElementAsync(AccessScope scope, string? code, DataElementInput input, CancellationToken ct)
    {
        var newCode = (code ?? input.Code)?.Trim();
        if (string.IsNullOrEmpty(newCode) || !IsCode(newCode)) return Outcome<DataElementDto>.Invalid("code", t["Ind.BadCode"]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.DataElements.Include(e => e.Pillar).SingleOrDefaultAsync(e => e.Code == newCode, ct);
        if (code is null && row is not null) return new(OutcomeKind.Conflict);
        if (code is not null && row is null) return new(OutcomeKind.NotFound);
        if (NamesProblem<DataElementDto>(input.Name, input.Unit, isNew: row is null, 300) is { } namesProblem) return namesProblem;
        var (pillar, pillarFound) = await PillarAsync(db, input.Pillar, ct);
        if (!pillarFound) return Outcome<DataElementDto>.Invalid("pillar", t["Ind.UnknownPillar", input.Pillar!]);
        var catalog = (await store.DefinitionsAsync(ct)).Catalog;
        var before = row is null ? null : ToDto(row, catalog);
        row ??= db.DataElements.Add(new DataElement { Code = newCode, Name = LocalText.Empty }).Entity;
        row.Name = LocalNames.Update(row.Name, input.Name);
        if (input.ValueType is { } vt) row.ValueType = vt;
        if (input.Aggregation is { } agg) row.Aggregation = agg;
        row.Unit = LocalNames.Update(row.Unit, input.Unit);
        if (pillar is not null) row.PillarId = pillar.Id;
        if (input.MinValue is { } min) row.MinValue = min;
        if (input.MaxValue is { } max) row.MaxValue = max;
        if (CheckRange(row) is { } rangeProblem) return rangeProblem;
        audit.Add(db, scope, before is null ? AuditActions.Create : AuditActions.Update, "DataElement", newCode, null, before,
            new { row.Code, Name = row.Name.Texts, row.ValueType, row.Aggregation, row.MinValue, row.MaxValue });
        await db.SaveChangesAsync(ct);
        await store.RefreshCatalogAsync(ct);
        return new(before is null ? OutcomeKind.Created : OutcomeKind.Ok, ToDto(row, (await store.DefinitionsAsync(ct)).Catalog));
    }

    public async Task<Outcome<IndicatorDto>> SaveIndicatorAsync(AccessScope scope, string? code, IndicatorInput input, CancellationToken ct)
    {
        var newCode = (code ?? input.Code)?.Trim();
        if (string.IsNullOrEmpty(newCode) || !IsCode(newCode)) return Outcome<IndicatorDto>.Invalid("code", t["Ind.BadCode"]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Indicators.SingleOrDefaultAsync(i => i.Code == newCode, ct);
        if (code is null && row is not null) return new(OutcomeKind.Conflict);
        if (code is not null && row is null) return new(OutcomeKind.NotFound);
        if (NamesProblem<IndicatorDto>(input.Name, input.Unit, isNew: row is null, 300) is { } namesProblem) return namesProblem;
        var numerator = input.Numerator ?? row?.Numerator;
        var denominator = input.Denominator is null ? row?.Denominator : string.IsNullOrWhiteSpace(input.Denominator) ? null : input.Denominator;
        var check = await ValidateAsync(numerator, denominator, ct);
        if (!check.Valid)
            return new(OutcomeKind.Invalid, default, check.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        var (pillar, pillarFound) = await PillarAsync(db, input.Pillar, ct);
        if (!pillarFound) return Outcome<IndicatorDto>.Invalid("pillar", t["Ind.UnknownPillar", input.Pillar!]);
        if (input.Decimals is < 0 or > 6) return Outcome<IndicatorDto>.Invalid("decimals", t["Ind.BadDecimals"]);
        if (input.Factor is { } f && (f == 0 || double.IsNaN(f) || double.IsInfinity(f))) return Outcome<IndicatorDto>.Invalid("factor", t["Ind.BadFactor"]);
        var catalog = (await store.DefinitionsAsync(ct)).Catalog;
        var before = row is null ? null : ToDto(row, catalog);
        row ??= db.Indicators.Add(new Indicator { Code = newCode, Name = LocalText.Empty, Numerator = "" }).Entity;
        row.Name = LocalNames.Update(row.Name, input.Name);
        row.Numerator = numerator!.Trim();
        row.Denominator = denominator?.Trim();
        if (input.Factor is { } factor) row.Factor = factor;
        if (input.Direction is { } d) row.Direction = d;
        if (input.Decimals is { } dec) row.Decimals = dec;
        row.Unit = LocalNames.Update(row.Unit, input.Unit);
        if (pillar is not null) row.PillarId = pillar.Id;
        audit.Add(db, scope, before is null ? AuditActions.Create : AuditActions.Update, "Indicator", newCode, null, before, new { row.Code, Name = row.Name.Texts, row.Numerator, row.Denominator, row.Factor });
        await db.SaveChangesAsync(ct);
        await store.RefreshCatalogAsync(ct);
        return new(before is null ? OutcomeKind.Created : OutcomeKind.Ok, ToDto(row, (await store.DefinitionsAsync(ct)).Catalog));
    }

    /// <summary>Adds the default library's missing pillars, elements and indicators.</summary>
    public async Task<IndicatorLibrary.LoadResult> LoadLibraryAsync(AccessScope scope, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var result = await IndicatorLibrary.LoadAsync(db, ct);
        await audit.WriteAsync(scope, AuditActions.Import, "IndicatorLibrary", null, null, null, result);
        await store.RefreshCatalogAsync(ct);
        return result;
    }

    /// <summary>A new row needs a Vietnamese name; every name and unit given is checked by <see cref="LocalNames"/>.</summary>
    private Outcome<T>? NamesProblem<T>(LocalText? name, LocalText? unit, bool isNew, int maxLength) =>
        LocalNames.Problem(name, "name", maxLength, required: isNew, t) is { } p ? Outcome<T>.Invalid(p.Field, p.Message)
        : LocalNames.Problem(unit, "unit", 50, required: false, t) is { } u ? Outcome<T>.Invalid(u.Field, u.Message)
        : null;

    /// <summary>The pillar named by code; found is false only when a code was given and no pillar has it.</summary>
    private static async Task<(Pillar? Pillar, bool Found)> PillarAsync(AppDb db, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return (null, true);
        var pillar = await db.Pillars.SingleOrDefaultAsync(p => p.Code == code, ct);
        return (pillar, pillar is not null);
    }

    /// <summary>Own bounds must be finite, within the value type's hard limits, and in order.</summary>
    private Outcome<DataElementDto>? CheckRange(DataElement e)
    {
        var hard = ValueBounds.Hard(e.ValueType);
        foreach (var (field, bound) in new[] { ("minValue", e.MinValue), ("maxValue", e.MaxValue) })
            if (bound is { } b && (!double.IsFinite(b) || !hard.Contains(b) || ValueBounds.IsWhole(e.ValueType) && b != Math.Floor(b)))
                return Outcome<DataElementDto>.Invalid(field, t["Ind.BadBound", Components.Display.Number(b), Components.Display.Number(hard.Min), Components.Display.Number(hard.Max)]);
        var range = e.Range;
        return range.Min > range.Max ? Outcome<DataElementDto>.Invalid("minValue", t["Ind.BoundsOrder", Components.Display.Number(range.Min), Components.Display.Number(range.Max)]) : null;
    }

    internal static bool IsCode(string code) => code.Length <= 50 && code.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '-');

    private static PillarDto ToDto(Pillar p) => new(p.Id, p.Code, p.Name, p.SortOrder);

    private static DataElementDto ToDto(DataElement e, IndicatorCatalog c) =>
        new(e.Id, e.Code, e.Name, e.ValueType, e.Aggregation, e.Unit, e.PillarId is { } p && c.PillarsById.TryGetValue(p, out var pl) ? pl.Code : null,
            e.Range.Min, e.Range.Max);

    private static IndicatorDto ToDto(Indicator i, IndicatorCatalog c) =>
        new(i.Id, i.Code, i.Name, i.PillarId is { } p && c.PillarsById.TryGetValue(p, out var pl) ? pl.Code : null,
            i.Numerator, i.Denominator, i.Factor, i.Direction, i.Decimals, i.Unit);
}
