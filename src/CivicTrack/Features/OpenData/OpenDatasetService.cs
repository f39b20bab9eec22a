using System.Text.RegularExpressions;
using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Reporting;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.OpenData;

/// <summary>A dataset as the management API shows it.</summary>
public sealed record OpenDatasetDto(int Id, string Slug, LocalText Title, LocalText Description, string Licence, OpenDataFrequency Frequency,
    IReadOnlyList<string> Keywords, OpenDatasetKind Kind, IReadOnlyList<string> Items, string Unit, IReadOnlyList<string> UnitKinds, bool IncludeTotal,
    OpenDataPeriodType PeriodType, string? PeriodFrom, string? PeriodTo, bool Published, DateTime? IssuedAt, DateTime CreatedAt, DateTime ModifiedAt);

/// <summary>A dataset to create, or the changes to one (a field left out keeps its value).</summary>
public sealed record OpenDatasetInput(string? Slug, LocalText? Title, LocalText? Description = null, string? Licence = null,
    OpenDataFrequency? Frequency = null, IReadOnlyList<string>? Keywords = null, OpenDatasetKind? Kind = null, IReadOnlyList<string>? Items = null,
    string? Unit = null, IReadOnlyList<string>? UnitKinds = null, bool? IncludeTotal = null, OpenDataPeriodType? PeriodType = null,
    string? PeriodFrom = null, string? PeriodTo = null, bool? Published = null);

/// <summary>Managing the published datasets: every write checks the whole definition first and stores nothing when a
/// field is wrong; the dataset's unit must lie within the account's units.</summary>
public sealed partial class OpenDatasetService(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store, OrgDirectory directory, FormService forms,
    AuditLog audit, TimeProvider clock, OpenDataCatalog catalog, IStringLocalizer<OpenDataResource> t, IStringLocalizer<SharedResource> shared)
{
    public const int MaxItems = 50, MaxKeywords = 20, MaxPeriods = 120;
    /// <summary>Slugs that would collide with the portal's own addresses.</summary>
    private static readonly HashSet<string> Reserved = ["manage", "new", "api", "data", "catalog"];

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    public async Task<IReadOnlyList<OpenDatasetDto>> ListAsync(AccessScope scope, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.OpenDatasets.AsNoTracking().OrderBy(d => d.Slug).ToListAsync(ct);
        return rows.Where(d => Within(scope, tree, d)).Select(ToDto).ToList();
    }

    public async Task<Outcome<OpenDatasetDto>> GetAsync(AccessScope scope, string slug, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.OpenDatasets.AsNoTracking().SingleOrDefaultAsync(d => d.Slug == slug, ct);
        return row is null || !Within(scope, tree, row) ? Outcome<OpenDatasetDto>.NotFound() : Outcome<OpenDatasetDto>.Ok(ToDto(row));
    }

    public async Task<Outcome<OpenDatasetDto>> SaveAsync(AccessScope scope, string? slug, OpenDatasetInput input, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        OpenDataset? row = null;
        if (slug is not null)
        {
            row = await db.OpenDatasets.SingleOrDefaultAsync(d => d.Slug == slug, ct);
            if (row is null || !Within(scope, tree, row)) return Outcome<OpenDatasetDto>.NotFound();
        }
        var before = row is null ? null : ToDto(row);
        var now = clock.GetUtcNow().UtcDateTime;
        var draft = row is null
            ? new OpenDataset { Slug = "", Title = LocalText.Empty, UnitCode = "", CreatedAt = now }
            : Copy(row);
        var problems = await ApplyAsync(scope, tree, draft, input, isNew: row is null, ct);
        if (problems.Count > 0) return Outcome<OpenDatasetDto>.Invalid(problems.ByField());
        if (draft.Slug != row?.Slug && await db.OpenDatasets.AnyAsync(d => d.Slug == draft.Slug, ct))
            return Outcome<OpenDatasetDto>.Invalid("slug", t["Manage.SlugTaken", draft.Slug]);
        if (draft.Published && draft.IssuedAt is null) draft.IssuedAt = now;
        draft.ModifiedAt = now;
        if (row is null) db.OpenDatasets.Add(row = draft);
        else Assign(row, draft);
        var unitId = tree.Find(row.UnitCode)?.Id;
        audit.Add(db, scope, before is null ? AuditActions.Create : AuditActions.Update, "OpenDataset", row.Slug, unitId, before, ToDto(row));
        await db.SaveChangesAsync(ct);
        catalog.Changed();
        return before is null ? Outcome<OpenDatasetDto>.Created(ToDto(row)) : Outcome<OpenDatasetDto>.Ok(ToDto(row));
    }

    public async Task<Outcome<bool>> DeleteAsync(AccessScope scope, string slug, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.OpenDatasets.SingleOrDefaultAsync(d => d.Slug == slug, ct);
        if (row is null || !Within(scope, tree, row)) return Outcome<bool>.NotFound();
        db.OpenDatasets.Remove(row);
        audit.Add(db, scope, AuditActions.Delete, "OpenDataset", row.Slug, tree.Find(row.UnitCode)?.Id, ToDto(row), null);
        await db.SaveChangesAsync(ct);
        catalog.Changed();
        return Outcome<bool>.Ok(true);
    }

    /// <summary>A dataset whose unit has gone from the tree stays manageable by accounts that reach everything.</summary>
    private static bool Within(AccessScope scope, OrgTree tree, OpenDataset d) =>
        tree.Find(d.UnitCode) is { } unit ? scope.On(tree).Covers(unit) : scope.Unrestricted;

    private async Task<FieldProblems> ApplyAsync(AccessScope scope, OrgTree tree, OpenDataset d, OpenDatasetInput input, bool isNew, CancellationToken ct)
    {
        var problems = new FieldProblems();
        if (input.Slug is not null || isNew)
        {
            var s = (input.Slug ?? "").Trim();
            if (s.Length == 0) problems.Add("slug", t["Manage.Required"]);
            else if (s.Length > 100 || !SlugPattern().IsMatch(s)) problems.Add("slug", t["Manage.BadSlug"]);
            else if (Reserved.Contains(s)) problems.Add("slug", t["Manage.ReservedSlug", s]);
            else d.Slug = s;
        }
        if (LocalNames.Problem(input.Title, "title", 200, required: isNew, shared) is { } titleProblem) problems.Add(titleProblem.Field, titleProblem.Message);
        else d.Title = LocalNames.Update(d.Title, input.Title);
        if (LocalNames.Problem(input.Description, "description", 4000, required: false, shared, multiline: true) is { } descriptionProblem)
            problems.Add(descriptionProblem.Field, descriptionProblem.Message);
        else d.Description = LocalNames.Update(d.Description, input.Description);
        if (input.Licence is { } licence)
        {
            if (!OpenDataLicences.Known.ContainsKey(licence.Trim())) problems.Add("licence", t["Manage.BadLicence", string.Join(", ", OpenDataLicences.Known.Keys)]);
            else d.Licence = licence.Trim();
        }
        if (input.Frequency is { } frequency)
        {
            if (!Enum.IsDefined(frequency)) problems.Add("frequency", t["Manage.BadValue"]);
            else d.Frequency = frequency;
        }
        if (input.Keywords is { } keywords)
        {
            var clean = keywords.Select(k => (k ?? "").Trim().ToLowerInvariant()).Where(k => k.Length > 0).Distinct().ToList();
            if (clean.Count > MaxKeywords) problems.Add("keywords", t["Manage.TooMany", MaxKeywords]);
            else if (clean.FirstOrDefault(k => k.Length > 50 || k.Contains(',') || k.Any(char.IsControl)) is { } bad) problems.Add("keywords", t["Manage.BadKeyword", bad]);
            else d.Keywords = string.Join(",", clean);
        }
        if (input.Kind is { } kind)
        {
            if (!Enum.IsDefined(kind)) problems.Add("kind", t["Manage.BadValue"]);
            else d.Kind = kind;
        }
        else if (isNew) problems.Add("kind", t["Manage.Required"]);
        if (input.Unit is not null || isNew)
        {
            var code = (input.Unit ?? "").Trim();
            if (code.Length == 0) problems.Add("unit", t["Manage.Required"]);
            else if (tree.Find(code) is not { } unit || !scope.On(tree).Covers(unit)) problems.Add("unit", t["Manage.UnknownUnit", code]);
            else d.UnitCode = unit.Code;
        }
        if (input.UnitKinds is { } kinds)
        {
            var parsed = new List<string>();
            foreach (var k in kinds.Select(k => (k ?? "").Trim()).Where(k => k.Length > 0).Distinct())
                if (Enum.TryParse<OrgUnitKind>(k, ignoreCase: true, out var unitKind) && !int.TryParse(k, out _)) parsed.Add(unitKind.ToString());
                else problems.Add("unitKinds", t["Manage.BadUnitKind", k]);
            d.UnitKinds = string.Join(",", parsed);
        }
        if (input.IncludeTotal is { } total) d.IncludeTotal = total;
        if (input.PeriodType is { } periodType)
        {
            if (!Enum.IsDefined(periodType)) problems.Add("periodType", t["Manage.BadValue"]);
            else d.PeriodType = periodType;
        }
        if (input.PeriodFrom is not null) d.PeriodFrom = input.PeriodFrom.Trim() is { Length: > 0 } f ? f : null;
        if (input.PeriodTo is not null) d.PeriodTo = input.PeriodTo.Trim() is { Length: > 0 } to ? to : null;
        if (input.Published is { } published) d.Published = published;
        if (input.Items is { } items) d.Items = string.Join(",", items.Select(i => (i ?? "").Trim()).Where(i => i.Length > 0).Distinct());
        if (isNew && d.Items.Length == 0 && input.Kind is { } k2) d.Items = string.Join(",", OpenDataQuery.DefaultItems(k2));

        // The periods, against the type.
        var type = OpenDataQuery.Type(d.PeriodType);
        Period? from = null, last = null;
        if (d.PeriodFrom is { } fromId)
        {
            if (!Period.TryParse(fromId, out var p) || p.Type != type) problems.Add("periodFrom", t["Manage.BadPeriod", fromId, d.PeriodType.ToString()]);
            else from = p;
        }
        if (d.PeriodTo is { } toId)
        {
            if (!Period.TryParse(toId, out var p) || p.Type != type) problems.Add("periodTo", t["Manage.BadPeriod", toId, d.PeriodType.ToString()]);
            else if (from is null && d.PeriodFrom is null) problems.Add("periodFrom", t["Manage.FromNeeded"]);
            else last = p;
        }
        if (from is { } a && last is { } b)
        {
            if (b.Start < a.Start) problems.Add("periodTo", t["Manage.EndsBeforeStart"]);
            else if (new PeriodRange(a.Start, b.End).Periods(type).Count() > MaxPeriods) problems.Add("periodTo", t["Manage.TooManyPeriods", MaxPeriods]);
        }

        // The items, against the kind.
        if (!problems.ByField().ContainsKey("kind"))
        {
            var codes = d.Items.Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (codes.Length == 0) problems.Add("items", t["Manage.Required"]);
            else if (codes.Length > MaxItems) problems.Add("items", t["Manage.TooMany", MaxItems]);
            else if (d.Kind == OpenDatasetKind.ReportingRates)
            {
                if (codes.Length != 1) problems.Add("items", t["Manage.OneForm"]);
                else if (await forms.FindAsync(codes[0], ct) is null) problems.Add("items", t["Manage.UnknownForm", codes[0]]);
            }
            else
            {
                var cat = (await store.DefinitionsAsync(ct)).Catalog;
                foreach (var code in codes)
                {
                    if (!cat.IndicatorsByCode.ContainsKey(code) && !cat.ElementsByCode.ContainsKey(code)) problems.Add("items", t["Manage.UnknownItem", code]);
                    else if (!OpenDataQuery.Fits(d.Kind, code)) problems.Add("items", t["Manage.ItemNotOfKind", code]);
                }
            }
        }
        return problems;
    }

    private static OpenDataset Copy(OpenDataset r) => new()
    {
        Id = r.Id, Slug = r.Slug, Title = r.Title, Description = r.Description, Licence = r.Licence, Frequency = r.Frequency, Keywords = r.Keywords,
        Kind = r.Kind, Items = r.Items, UnitCode = r.UnitCode, UnitKinds = r.UnitKinds, IncludeTotal = r.IncludeTotal, PeriodType = r.PeriodType,
        PeriodFrom = r.PeriodFrom, PeriodTo = r.PeriodTo, Published = r.Published, IssuedAt = r.IssuedAt, CreatedAt = r.CreatedAt, ModifiedAt = r.ModifiedAt,
    };

    private static void Assign(OpenDataset row, OpenDataset d)
    {
        row.Slug = d.Slug; row.Title = d.Title; row.Description = d.Description; row.Licence = d.Licence; row.Frequency = d.Frequency;
        row.Keywords = d.Keywords; row.Kind = d.Kind; row.Items = d.Items; row.UnitCode = d.UnitCode; row.UnitKinds = d.UnitKinds;
        row.IncludeTotal = d.IncludeTotal; row.PeriodType = d.PeriodType; row.PeriodFrom = d.PeriodFrom; row.PeriodTo = d.PeriodTo;
        row.Published = d.Published; row.IssuedAt = d.IssuedAt; row.ModifiedAt = d.ModifiedAt;
    }

    public static OpenDatasetDto ToDto(OpenDataset d) => new(d.Id, d.Slug, d.Title, d.Description, d.Licence, d.Frequency,
        OpenDataQuery.List(d.Keywords), d.Kind, OpenDataQuery.List(d.Items), d.UnitCode, OpenDataQuery.List(d.UnitKinds), d.IncludeTotal, d.PeriodType,
        d.PeriodFrom, d.PeriodTo, d.Published, d.IssuedAt, d.CreatedAt, d.ModifiedAt);
}
