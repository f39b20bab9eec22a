using System.Globalization;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Plans;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Shared;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace CivicTrack.Features.Plans;

public sealed record TargetImportResult(bool Applied, int Added, int Updated, int Unchanged, IReadOnlyList<TargetImportError> Errors);
/// <summary>A refused cell of a target annex: its row, column name, cell reference ("E7") and why.</summary>
public sealed record TargetImportError(int Row, string Column, string Cell, string Message);
/// <summary>A target named by its id, plan and code: what a deletion answers.</summary>
public sealed record TargetRef(int Id, int PlanId, string Code);

public sealed partial class PlanService
{
    /// <summary>The annex's columns: the name in Vietnamese ("name") and in each other language ("name_en", "name_bn").</summary>
    public static string[] AnnexColumns =>
        ["code", "name", .. Localization.Languages.Where(l => l != LocalText.Fallback).Select(NameColumn), "indicator", "pillar", "scope_unit", "scope_kind",
            "comparison", "value", "baseline", "deadline", "done_on"];

    /// <summary>The annex column of a target's name in a language: "name" for Vietnamese, "name_en" for English.</summary>
    private static string NameColumn(string language) => language == LocalText.Fallback ? "name" : $"name_{language}";

    public async Task<Outcome<PlanDto>> CreatePlanAsync(AccessScope scope, PlanInput input, CancellationToken ct = default)
    {
        var snapshot = await store.DefinitionsAsync(ct);
        scope = scope.On(snapshot.Tree);
        var (problems, issuer, campaignScope) = CheckPlan(scope, snapshot.Tree, input);
        if (problems.Count > 0) return Outcome<PlanDto>.Invalid(problems.ByField());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var plan = new Plan
        {
            DocumentNumber = input.DocumentNumber!.Trim(), Title = input.Title!, Kind = input.Kind ?? PlanKind.Plan,
            IssuedOn = input.IssuedOn!.Value, IssuingUnitId = issuer!.Id, StartsOn = input.StartsOn!.Value, EndsOn = input.EndsOn!.Value,
            ScopeUnitId = campaignScope?.Id, CreatedAt = now, UpdatedAt = now,
        };
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(scope, AuditActions.Create, "Plan", plan.Id.ToString(), issuer.Id, null, new { plan.DocumentNumber, Title = plan.Title.Texts }, ct);
        return new(OutcomeKind.Created, ToDto(plan, snapshot.Tree, []));
    }

    /// <summary>Replaces a plan's document details. The caller must reach both the plan's issuing unit and the new one.</summary>
    public async Task<Outcome<PlanDto>> UpdatePlanAsync(AccessScope scope, int id, PlanInput input, CancellationToken ct = default)
    {
        var snapshot = await store.DefinitionsAsync(ct);
        scope = scope.On(snapshot.Tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return Outcome<PlanDto>.NotFound();
        if (!scope.Covers(plan.IssuingUnitId))
        {
            await audit.WriteAsync(scope, AuditActions.AccessDenied, "Plan", id.ToString(), plan.IssuingUnitId, ct: ct);
            return Outcome<PlanDto>.NotFound();
        }
        var (problems, issuer, campaignScope) = CheckPlan(scope, snapshot.Tree, input);
        if (problems.Count > 0) return Outcome<PlanDto>.Invalid(problems.ByField());
        var before = PlanAudit(plan, snapshot.Tree);
        (plan.DocumentNumber, plan.Title, plan.Kind, plan.IssuedOn, plan.IssuingUnitId) =
            (input.DocumentNumber!.Trim(), input.Title!, input.Kind ?? plan.Kind, input.IssuedOn!.Value, issuer!.Id);
        (plan.StartsOn, plan.EndsOn, plan.UpdatedAt) = (input.StartsOn!.Value, input.EndsOn!.Value, clock.GetUtcNow().UtcDateTime);
        plan.ScopeUnitId = campaignScope?.Id;
        audit.Add(db, scope, AuditActions.Update, "Plan", plan.Id.ToString(), plan.IssuingUnitId, before, PlanAudit(plan, snapshot.Tree));
        await db.SaveChangesAsync(ct);
        return Outcome<PlanDto>.Ok(ToDto(plan, snapshot.Tree, []));
    }

    /// <summary>Removes one target from a plan. Data values stay: they belong to the units and data elements, and other
    /// targets and indicators read them; the audit entry keeps the target as it was.</summary>
    public async Task<Outcome<TargetRef>> DeleteTargetAsync(AccessScope scope, int planId, int targetId, CancellationToken ct = default)
    {
        var snapshot = await store.DefinitionsAsync(ct);
        scope = scope.On(snapshot.Tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.Plans.Include(p => p.Targets).SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan?.Targets.FirstOrDefault(x => x.Id == targetId) is not { } target) return Outcome<TargetRef>.NotFound();
        if (!scope.Covers(plan.IssuingUnitId) || !scope.Covers(target.ScopeUnitId))
        {
            await audit.WriteAsync(scope, AuditActions.AccessDenied, "Plan", plan.Id.ToString(), plan.IssuingUnitId, ct: ct);
            return Outcome<TargetRef>.NotFound();
        }
        plan.Targets.Remove(target);
        db.Targets.Remove(target);
        plan.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(db, scope, AuditActions.Delete, "Plan", plan.Id.ToString(), plan.IssuingUnitId, AnnexRow(target, snapshot), new { deletedTarget = target.Code });
        await db.SaveChangesAsync(ct);
        return Outcome<TargetRef>.Ok(new TargetRef(target.Id, plan.Id, target.Code));
    }

    /// <summary>What a plan document must say, field by field; the issuing unit must be within the caller's reach.</summary>
    private (FieldProblems Problems, OrgNode? Issuer, OrgNode? CampaignScope) CheckPlan(AccessScope scope, OrgTree tree, PlanInput input)
    {
        var problems = new FieldProblems();
        if (string.IsNullOrWhiteSpace(input.DocumentNumber)) problems.Add("documentNumber", t["Ind.Required"]);
        else if (input.DocumentNumber.Trim().Length > 100) problems.Add("documentNumber", t["Input.TooLong", 100]);
        else if (ControlCharacters.InName(input.DocumentNumber)) problems.Add("documentNumber", t["Input.ControlCharacters"]);
        if (LocalNames.Problem(input.Title, "title", 500, required: true, t) is { } titleProblem) problems.Add(titleProblem.Field, titleProblem.Message);
        if (input.Kind is { } kind && !Enum.IsDefined(kind)) problems.Add("kind", t["Plans.BadKind", kind.ToString()]);
        var issuer = input.IssuingUnit is { Length: > 0 } c ? tree.Find(c.Trim()) : null;
        if (issuer is null || !scope.Covers(issuer)) problems.Add("issuingUnit", t["Data.UnknownUnit", input.IssuingUnit ?? ""]);
        if (input.IssuedOn is null) problems.Add("issuedOn", t["Ind.Required"]);
        if (input.StartsOn is null) problems.Add("startsOn", t["Ind.Required"]);
        if (input.EndsOn is null) problems.Add("endsOn", t["Ind.Required"]);
        else if (input.StartsOn is { } s && input.EndsOn < s) problems.Add("endsOn", t["Tasks.DueBeforeStart"]);
        // A campaign covers a unit's subtree (the issuing unit's unless another is named); other kinds have no scope of their own.
        OrgNode? campaignScope = null;
        if (input.ScopeUnit is { Length: > 0 } sc)
        {
            campaignScope = tree.Find(sc.Trim());
            if ((input.Kind ?? PlanKind.Plan) != PlanKind.Campaign) problems.Add("scopeUnit", t["Plans.ScopeOnlyCampaign"]);
            else if (campaignScope is null || !scope.Covers(campaignScope)) problems.Add("scopeUnit", t["Data.UnknownUnit", sc]);
        }
        return (problems, issuer, campaignScope);
    }

    private static object PlanAudit(Plan p, OrgTree tree) => new
    {
        p.DocumentNumber, Title = p.Title.Texts, Kind = p.Kind.ToString(), p.IssuedOn, IssuingUnit = tree.Find(p.IssuingUnitId)?.Code, p.StartsOn, p.EndsOn,
        ScopeUnit = p.ScopeUnitId is { } su ? tree.Find(su)?.Code : null,
    };

    /// <summary>Adds or replaces one target (by its code within the plan).</summary>
    public async Task<Outcome<TargetDto>> SaveTargetAsync(AccessScope scope, int planId, TargetInput input, DateOnly asOf, CancellationToken ct = default)
    {
        var result = await ApplyTargetsAsync(scope, planId, [(2, input)], ct);
        if (result is null) return new(OutcomeKind.NotFound);
        if (!result.Applied)
            return new(OutcomeKind.Invalid, null, result.Errors.GroupBy(e => Camel(e.Column)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        var targets = await TargetsAsync(scope, planId, asOf, ct);
        return new(OutcomeKind.Ok, targets!.Single(x => x.Code == input.Code!.Trim()));
    }

    /// <summary>An empty annex with the expected columns, an example row and the indicator codes on a second sheet.</summary>
    public async Task<byte[]?> TemplateAsync(AccessScope scope, int planId, CancellationToken ct = default)
    {
        var snapshot = await store.DefinitionsAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.Plans.AsNoTracking().Include(p => p.Targets).SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null || !scope.On(snapshot.Tree).Covers(plan.IssuingUnitId)) return null;
        var rows = plan.Targets.OrderBy(x => x.SortOrder).Select(x => AnnexRow(x, snapshot)).ToList();
        if (rows.Count == 0)
            rows.Add(AnnexColumns.ToDictionary(c => c, c => (object?)(c switch
            {
                "code" => "1", "name" => "Tỷ lệ hộ gia đình có tài khoản VNeID", "indicator" => snapshot.Catalog.Indicators.FirstOrDefault()?.Code ?? "",
                "scope_unit" => snapshot.Tree.Get(plan.IssuingUnitId).Code, "comparison" => ">=", "value" => 70, "baseline" => 50,
                "deadline" => plan.EndsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), _ => null,
            })));
        var indicatorColumns = Localization.Languages.Select(NameColumn).Prepend("code").Append("unit").ToList();
        var indicators = snapshot.Catalog.Indicators.Select(i => (IReadOnlyList<object?>)
            [i.Code, .. Localization.Languages.Select(l => (object?)i.Name.In(l)), i.Unit.Pick(LocalText.Fallback)]).ToList();
        // No title line: the import reads the first row as the header, in this order.
        var annex = new Sheet("targets", [.. AnnexColumns.Select(c => new SheetColumn(c, c is "value" or "baseline" ? SheetFormat.Decimal : SheetFormat.Text))],
            [.. rows.Select(r => (IReadOnlyList<object?>)[.. AnnexColumns.Select(c => r.GetValueOrDefault(c))])]);
        var catalog = new Sheet("indicators", [.. indicatorColumns.Select(c => new SheetColumn(c))], indicators);
        ct.ThrowIfCancellationRequested();
        return Workbook.ToBytes([annex, catalog], plan.DocumentNumber);
    }

    /// <summary>Reads an annex (first sheet, header row) and applies it whole or not at all.</summary>
    public async Task<TargetImportResult?> ImportTargetsAsync(AccessScope scope, int planId, Stream xlsx, CancellationToken ct = default)
    {
        List<(int Row, TargetInput Input)> items = [];
        var errors = new List<TargetImportError>();
        using var ms = new MemoryStream();
        await xlsx.CopyToAsync(ms, ct);
        // Checked whole before MiniExcel reads it: a bomb, a DTD or broken XML is refused with its reason.
        if (workbooks.Check(ms, ct) is { } refusal)
            return new TargetImportResult(false, 0, 0, 0, [new TargetImportError(refusal.Reason.Row, "", refusal.Reason.Cell ?? "", refusal.Message)]);
        try
        {
            ms.Position = 0;
            var rows = ms.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            var header = rows.FirstOrDefault()?.Keys.ToList() ?? [];
            foreach (var missing in new[] { "code", "name", "scope_unit", "comparison", "deadline" }.Where(c => !header.Contains(c)))
                errors.Add(new TargetImportError(1, missing, "", t["Plans.MissingColumn", missing]));
            var rowNumber = 1;
            foreach (var row in rows)
            {
                rowNumber++;
                if (row.Values.All(v => v is null || v.ToString() is { Length: 0 })) continue;
                string? S(string col) => row.TryGetValue(col, out var v) && v is not null && v.ToString() is { Length: > 0 } s ? s.Trim() : null;
                string Cell(string col) => $"{ColumnLetter(header.IndexOf(col))}{rowNumber}";
                double? N(string col)
                {
                    var s = S(col);
                    if (s is null) return null;
                    if (row[col] is double d) return d;
                    if (double.TryParse(s.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) return x;
                    errors.Add(new TargetImportError(rowNumber, col, Cell(col), t["Plans.NotANumber", s]));
                    return null;
                }
                DateOnly? D(string col)
                {
                    if (!row.TryGetValue(col, out var v) || v is null || v.ToString() is not { Length: > 0 } s) return null;
                    if (v is DateTime dt) return DateOnly.FromDateTime(dt);
                    if (v is double oa) return DateOnly.FromDateTime(DateTime.FromOADate(oa));
                    if (DateOnly.TryParseExact(s.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
                    errors.Add(new TargetImportError(rowNumber, col, Cell(col), t["Plans.BadDate", s]));
                    return null;
                }
                TargetComparison? comparison = S("comparison") switch
                {
                    null => null,
                    ">=" or "≥" or "AtLeast" => TargetComparison.AtLeast,
                    "<=" or "≤" or "AtMost" => TargetComparison.AtMost,
                    "=" or "Equal" => TargetComparison.Equal,
                    "done" or "Done" or "hoàn thành" => TargetComparison.Done,
                    var other => Bad(rowNumber, "comparison", Cell("comparison"), t["Plans.BadComparison", other!]),
                };
                OrgUnitKind? kind = null;
                if (S("scope_kind") is { } k)
                {
                    if (OrgImportPlanner.TryParseKind(k, out var parsed)) kind = parsed;
                    else errors.Add(new TargetImportError(rowNumber, "scope_kind", Cell("scope_kind"), t["Plans.BadKind", k]));
                }
                items.Add((rowNumber, new TargetInput(S("code"), new LocalText(Localization.Languages.Select(l => new KeyValuePair<string, string?>(l, S(NameColumn(l))))), S("indicator"), S("pillar"), S("scope_unit"), kind, comparison,
                    N("value"), N("baseline"), D("deadline"), D("done_on"))));
            }
            TargetComparison? Bad(int r, string col, string cell, string message)
            {
                errors.Add(new TargetImportError(r, col, cell, message));
                return null;
            }
            if (items.Count == 0 && errors.Count == 0) errors.Add(new TargetImportError(2, "code", "A2", t["Plans.EmptyAnnex"]));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the library trips on in a workbook that passed the checks is the file's fault, not the server's.
            errors.Add(new TargetImportError(0, "", "", t["Plans.NotXlsx"]));
        }
        if (errors.Any(e => e.Row <= 1)) return new TargetImportResult(false, 0, 0, 0, errors);
        return await ApplyTargetsAsync(scope, planId, items, ct, errors);
    }

    /// <summary>Checks every row, then writes them all in one transaction.</summary>
    private async Task<TargetImportResult?> ApplyTargetsAsync(AccessScope scope, int planId, IReadOnlyList<(int Row, TargetInput Input)> items, CancellationToken ct,
        IReadOnlyList<TargetImportError>? readErrors = null)
    {
        var snapshot = await store.DefinitionsAsync(ct);
        scope = scope.On(snapshot.Tree);
        var catalog = snapshot.Catalog;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.Plans.Include(p => p.Targets).SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null || !scope.Covers(plan.IssuingUnitId)) return null;
        // Cells already refused while reading keep their place; the checks below add what else is wrong.
        var errors = new List<TargetImportError>(readErrors ?? []);
        var refusedCells = errors.Select(e => (e.Row, e.Column)).ToHashSet();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var planned = new List<(int Row, Target Values)>();
        foreach (var (row, input) in items)
        {
            void Error(string col, string message)
            {
                if (refusedCells.Add((row, col))) errors.Add(new TargetImportError(row, col, $"{ColumnLetter(Array.IndexOf(AnnexColumns, col))}{row}", message));
            }
            foreach (var (col, text) in new[] { ("code", input.Code), ("indicator", input.Indicator), ("pillar", input.Pillar), ("scope_unit", input.ScopeUnit) })
                if (ControlCharacters.Find(text) is var at and >= 0) Error(col, t["Text.ControlCharacter", at + 1]);
            var code = input.Code?.Trim();
            if (string.IsNullOrEmpty(code) || code.Length > 20) Error("code", t["Ind.Required"]);
            else if (!codes.Add(code)) Error("code", t["Plans.DuplicateCode", code]);
            if (LocalNames.Problem(input.Name, "name", 500, required: true, t) is { } nameProblem)
                Error(NameColumn(nameProblem.Field.Contains('.') ? nameProblem.Field[(nameProblem.Field.IndexOf('.') + 1)..] : LocalText.Fallback), nameProblem.Message);
            Indicator? indicator = null;
            if (input.Indicator is { Length: > 0 } ic && !catalog.IndicatorsByCode.TryGetValue(ic, out indicator)) Error("indicator", t["Analytics.UnknownItem", ic]);
            Pillar? pillar = null;
            if (input.Pillar is { Length: > 0 } pc && (pillar = catalog.Pillars.FirstOrDefault(p => p.Code == pc)) is null) Error("pillar", t["Ind.UnknownPillar", pc]);
            var unit = input.ScopeUnit is { Length: > 0 } uc ? snapshot.Tree.Find(uc) : null;
            if (unit is null || !scope.Covers(unit)) Error("scope_unit", t["Data.UnknownUnit", input.ScopeUnit ?? ""]);
            if (input.Comparison is null) Error("comparison", t["Ind.Required"]);
            else if (input.Comparison != TargetComparison.Done && indicator is null && input.Indicator is not { Length: > 0 }) Error("indicator", t["Plans.IndicatorRequired"]);
            if (input.Comparison != TargetComparison.Done && input.Comparison is not null && input.Value is null) Error("value", t["Ind.Required"]);
            if (input.Deadline is null) Error("deadline", t["Ind.Required"]);
            foreach (var (col, number) in new[] { ("value", input.Value), ("baseline", input.Baseline) })
                if (number is { } n && !(double.IsFinite(n) && Math.Abs(n) <= ValueBounds.Limit))
                    Error(col, t["Plans.NumberOutOfRange", n.ToString(CultureInfo.InvariantCulture), Components.Display.Number(ValueBounds.Limit)]);
            if (errors.Count > 0) continue;
            planned.Add((row, new Target
            {
                Code = code!, Name = input.Name!, IndicatorId = input.Comparison == TargetComparison.Done ? indicator?.Id : indicator!.Id,
                PillarId = pillar?.Id ?? indicator?.PillarId, ScopeUnitId = unit!.Id, ScopeKind = input.ScopeKind, Comparison = input.Comparison!.Value,
                Value = input.Comparison == TargetComparison.Done ? 1 : input.Value!.Value, Baseline = input.Baseline, Deadline = input.Deadline!.Value, DoneOn = input.DoneOn,
            }));
        }
        if (errors.Count > 0) return new TargetImportResult(false, 0, 0, 0, errors.OrderBy(e => e.Row).ThenBy(e => Array.IndexOf(AnnexColumns, e.Column)).ToList());
        int added = 0, updated = 0, unchanged = 0;
        var nextOrder = plan.Targets.Count == 0 ? 0 : plan.Targets.Max(x => x.SortOrder) + 1;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (_, v) in planned)
        {
            var existing = plan.Targets.FirstOrDefault(x => x.Code == v.Code);
            if (existing is null)
            {
                v.SortOrder = nextOrder++;
                plan.Targets.Add(v);
                added++;
                continue;
            }
            var same = existing.Name.Equals(v.Name) && existing.IndicatorId == v.IndicatorId && existing.PillarId == v.PillarId
                && existing.ScopeUnitId == v.ScopeUnitId && existing.ScopeKind == v.ScopeKind && existing.Comparison == v.Comparison
                && existing.Value.Equals(v.Value) && Nullable.Equals(existing.Baseline, v.Baseline) && existing.Deadline == v.Deadline && existing.DoneOn == v.DoneOn;
            if (same) { unchanged++; continue; }
            (existing.Name, existing.IndicatorId, existing.PillarId, existing.ScopeUnitId, existing.ScopeKind) =
                (v.Name, v.IndicatorId, v.PillarId, v.ScopeUnitId, v.ScopeKind);
            (existing.Comparison, existing.Value, existing.Baseline, existing.Deadline, existing.DoneOn) = (v.Comparison, v.Value, v.Baseline, v.Deadline, v.DoneOn);
            updated++;
        }
        if (added + updated > 0)
        {
            plan.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            audit.Add(db, scope, items.Count == 1 ? AuditActions.Update : AuditActions.Import, "Plan", plan.Id.ToString(), plan.IssuingUnitId, null,
                new { targets = planned.Select(p => p.Values.Code), added, updated });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new TargetImportResult(true, added, updated, unchanged, []);
    }

    private static Dictionary<string, object?> AnnexRow(Target x, AnalyticsStore.Definitions s) => new Dictionary<string, object?> { ["code"] = x.Code }
        .Concat(Localization.Languages.Select(l => new KeyValuePair<string, object?>(NameColumn(l), x.Name.In(l))))
        .Concat(new Dictionary<string, object?>
    {
        ["indicator"] = x.IndicatorId is { } i && s.Catalog.IndicatorsById.TryGetValue(i, out var ind) ? ind.Code : null,
        ["pillar"] = x.PillarId is { } p && s.Catalog.PillarsById.TryGetValue(p, out var pl) ? pl.Code : null,
        ["scope_unit"] = s.Tree.Find(x.ScopeUnitId)?.Code, ["scope_kind"] = x.ScopeKind?.ToString(),
        ["comparison"] = x.Comparison switch { TargetComparison.AtLeast => ">=", TargetComparison.AtMost => "<=", TargetComparison.Equal => "=", _ => "done" },
        ["value"] = x.Value, ["baseline"] = x.Baseline, ["deadline"] = x.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["done_on"] = x.DoneOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    }).ToDictionary(kv => kv.Key, kv => kv.Value);

    private static string Camel(string column)
    {
        var parts = column.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static string ColumnLetter(int index)
    {
        if (index < 0) return "";
        var s = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) s = (char)('A' + (i - 1) % 26) + s;
        return s;
    }
}
