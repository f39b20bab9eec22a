using System.Text.RegularExpressions;
using CivicTrack.Data;
using CivicTrack.Engine.Csv;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Reporting;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Interop;

/// <summary>How a payload names data elements, units and data sets: DHIS2's <c>UID</c> (through the mapping table),
/// <c>CODE</c> (CivicTrack's codes) or <c>NAME</c>. Not given: a UID in the mapping table, else a code.</summary>
public enum Dhis2IdScheme { Auto, Uid, Code, Name }

/// <summary>What one mapping import did.</summary>
public sealed record Dhis2MappingResult(int Added, int Updated, int Unchanged);

/// <summary>One row of the mapping table as the API lists it.</summary>
public sealed record Dhis2MappingDto(string Kind, string Uid, string Code);

/// <summary>The objects a payload's identifiers resolve against, read once per request.</summary>
public sealed class Dhis2Lookup
{
    private readonly Dictionary<(Dhis2ObjectKind, string), string> _codeByUid;
    private readonly Dictionary<(Dhis2ObjectKind, string), string> _uidByCode;
    private readonly IndicatorCatalog _catalog;
    private readonly OrgTree _tree;
    private readonly IReadOnlyList<FormDefinition> _forms;
    private readonly Lazy<Dictionary<string, string?>> _elementByName, _unitByName, _formByName;

    public const string DefaultComboUid = "HllvX50cXC0";
    public const string DefaultComboCode = "default";

    public Dhis2Lookup(IEnumerable<Dhis2Id> ids, IndicatorCatalog catalog, OrgTree tree, IReadOnlyList<FormDefinition> forms)
    {
        var rows = ids.ToList();
        _codeByUid = rows.ToDictionary(r => (r.Kind, r.Uid), r => r.Code);
        _uidByCode = rows.ToDictionary(r => (r.Kind, r.Code), r => r.Uid);
        (_catalog, _tree, _forms) = (catalog, tree, forms);
        _elementByName = new(() => ByName(catalog.Elements.Select(e => (e.Code, e.Name))));
        _unitByName = new(() => ByName(tree.All.Select(u => (u.Code, LocalText.Of(u.Name)))));
        _formByName = new(() => ByName(forms.Select(f => (f.Form.Code, f.Form.Name))));
    }

    public IndicatorCatalog Catalog => _catalog;
    public OrgTree Tree => _tree;

    /// <summary>Names in any language, compared without case; a name two objects share resolves to none.</summary>
    private static Dictionary<string, string?> ByName(IEnumerable<(string Code, LocalText Name)> objects)
    {
        var map = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, name) in objects)
            foreach (var text in name.Texts.Values.Distinct(StringComparer.OrdinalIgnoreCase))
                map[text.Trim()] = map.TryGetValue(text.Trim(), out var other) && other != code ? null : code;
        return map;
    }

    private string? Code(Dhis2ObjectKind kind, string id, Dhis2IdScheme scheme, Func<string, bool> exists, Lazy<Dictionary<string, string?>> names)
    {
        id = id.Trim();
        return scheme switch
        {
            Dhis2IdScheme.Uid => _codeByUid.GetValueOrDefault((kind, id)),
            Dhis2IdScheme.Code => exists(id) ? id : null,
            Dhis2IdScheme.Name => names.Value.GetValueOrDefault(id),
            _ => _codeByUid.GetValueOrDefault((kind, id)) ?? (exists(id) ? id : null),
        };
    }

    public DataElement? Element(string? id, Dhis2IdScheme scheme) =>
        string.IsNullOrWhiteSpace(id) ? null
        : Code(Dhis2ObjectKind.DataElement, id, scheme, c => _catalog.ElementsByCode.ContainsKey(c), _elementByName) is { } code
            ? _catalog.ElementsByCode.GetValueOrDefault(code) : null;

    public OrgNode? Unit(string? id, Dhis2IdScheme scheme) =>
        string.IsNullOrWhiteSpace(id) ? null
        : Code(Dhis2ObjectKind.OrgUnit, id, scheme, c => _tree.Find(c) is not null, _unitByName) is { } code ? _tree.Find(code) : null;

    public FormDefinition? Form(string? id, Dhis2IdScheme scheme) =>
        string.IsNullOrWhiteSpace(id) ? null
        : Code(Dhis2ObjectKind.DataSet, id, scheme, c => _forms.Any(f => f.Form.Code == c), _formByName) is { } code
            ? _forms.FirstOrDefault(f => f.Form.Code == code) : null;

    /// <summary>The identifier an object is written with under <paramref name="scheme"/>; null when it has no UID and UIDs were asked for.</summary>
    public string? Id(Dhis2ObjectKind kind, string code, LocalText name, Dhis2IdScheme scheme) => scheme switch
    {
        Dhis2IdScheme.Uid => _uidByCode.GetValueOrDefault((kind, code)),
        Dhis2IdScheme.Code => code,
        Dhis2IdScheme.Name => name.Pick(LocalText.Fallback),
        _ => _uidByCode.GetValueOrDefault((kind, code)) ?? code,
    };

    /// <summary>The default category (or attribute) option combo: absent, DHIS2's default UID, or the code/name <c>default</c>.</summary>
    public static bool IsDefaultCombo(string? id) =>
        string.IsNullOrWhiteSpace(id) || id.Trim() == DefaultComboUid || string.Equals(id.Trim(), DefaultComboCode, StringComparison.OrdinalIgnoreCase);

    public static string DefaultCombo(Dhis2IdScheme scheme) => scheme is Dhis2IdScheme.Code or Dhis2IdScheme.Name ? DefaultComboCode : DefaultComboUid;
}

/// <summary>The mapping table of DHIS2 UIDs to CivicTrack codes: read for each request, imported as CSV
/// (<c>kind,uid,code</c>; kind <c>dataElement</c>, <c>orgUnit</c> or <c>dataSet</c>).</summary>
public sealed partial class Dhis2Ids(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store, FormService forms, AuditLog audit,
    IStringLocalizer<InteropResource> t)
{
    public const int MaxRows = 200_000;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{10}$")]
    public static partial Regex UidPattern();

    public async Task<Dhis2Lookup> LookupAsync(CancellationToken ct)
    {
        var snapshot = await store.DefinitionsAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await db.Dhis2Ids.AsNoTracking().ToListAsync(ct);
        return new Dhis2Lookup(ids, snapshot.Catalog, snapshot.Tree, await forms.DefinitionsAsync(ct));
    }

    public async Task<IReadOnlyList<Dhis2MappingDto>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Dhis2Ids.AsNoTracking().ToListAsync(ct))
            .OrderBy(x => x.Kind).ThenBy(x => x.Code, StringComparer.Ordinal)
            .Select(x => new Dhis2MappingDto(KindName(x.Kind), x.Uid, x.Code)).ToList();
    }

    public static string KindName(Dhis2ObjectKind kind) => kind switch
    {
        Dhis2ObjectKind.DataElement => "dataElement",
        Dhis2ObjectKind.OrgUnit => "orgUnit",
        _ => "dataSet",
    };

    private static Dhis2ObjectKind? KindOf(string text) => text.Trim().ToLowerInvariant() switch
    {
        "dataelement" or "data_element" => Dhis2ObjectKind.DataElement,
        "orgunit" or "organisationunit" or "org_unit" => Dhis2ObjectKind.OrgUnit,
        "dataset" or "data_set" => Dhis2ObjectKind.DataSet,
        _ => null,
    };

    public static byte[] ToCsv(IEnumerable<Dhis2MappingDto> rows)
    {
        var csv = new CsvWriter("kind", "uid", "code");
        foreach (var r in rows) csv.Row(r.Kind, r.Uid, r.Code);
        return csv.ToBytes();
    }

    /// <summary>Checks every row first (kind, UID shape, the code exists, no UID or code twice in a kind, no UID already
    /// given to another object), then adds or changes them in one transaction. Rows not in the file stay.</summary>
    public async Task<Outcome<Dhis2MappingResult>> ImportCsvAsync(AccessScope scope, byte[] bytes, CancellationToken ct)
    {
        if (!CsvReader.TryDecodeUtf8(bytes, out var text, out var badLine))
            return Outcome<Dhis2MappingResult>.Invalid("file", t["Mapping.NotUtf8", badLine]);
        var records = CsvReader.Parse(text);
        if (records.Count == 0) return Outcome<Dhis2MappingResult>.Invalid("file", t["Mapping.Empty"]);
        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int kindAt = Array.IndexOf(header, "kind"), uidAt = Array.IndexOf(header, "uid"), codeAt = Array.IndexOf(header, "code");
        if (kindAt < 0 || uidAt < 0 || codeAt < 0) return Outcome<Dhis2MappingResult>.Invalid("file", t["Mapping.Header"]);
        if (records.Count - 1 > MaxRows) return Outcome<Dhis2MappingResult>.Invalid("file", t["Mapping.TooMany", MaxRows]);
        var lookup = await LookupAsync(ct);
        var problems = new List<string>();
        var rows = new List<Dhis2Id>();
        var uids = new HashSet<(Dhis2ObjectKind, string)>();
        var codes = new HashSet<(Dhis2ObjectKind, string)>();
        foreach (var r in records.Skip(1))
        {
            if (problems.Count >= 200) break;
            string Cell(int i) => i < r.Fields.Length ? r.Fields[i].Trim() : "";
            var (kindText, uid, code) = (Cell(kindAt), Cell(uidAt), Cell(codeAt));
            if (kindText.Length == 0 && uid.Length == 0 && code.Length == 0) continue;
            if (KindOf(kindText) is not { } kind) { problems.Add(t["Mapping.Row", r.Line, "kind", t["Mapping.BadKind", kindText]]); continue; }
            if (!UidPattern().IsMatch(uid)) { problems.Add(t["Mapping.Row", r.Line, "uid", t["Mapping.BadUid", uid]]); continue; }
            var exists = kind switch
            {
                Dhis2ObjectKind.DataElement => lookup.Element(code, Dhis2IdScheme.Code) is not null,
                Dhis2ObjectKind.OrgUnit => lookup.Unit(code, Dhis2IdScheme.Code) is not null,
                _ => lookup.Form(code, Dhis2IdScheme.Code) is not null,
            };
            if (!exists) { problems.Add(t["Mapping.Row", r.Line, "code", t["Mapping.UnknownCode", KindName(kind), code]]); continue; }
            if (!uids.Add((kind, uid))) { problems.Add(t["Mapping.Row", r.Line, "uid", t["Mapping.TwiceUid", uid]]); continue; }
            if (!codes.Add((kind, code))) { problems.Add(t["Mapping.Row", r.Line, "code", t["Mapping.TwiceCode", code]]); continue; }
            rows.Add(new Dhis2Id { Kind = kind, Uid = uid, Code = code });
        }
        if (problems.Count > 0) return Refused(problems);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var stored = await db.Dhis2Ids.ToListAsync(ct);
        var byCode = stored.ToDictionary(x => (x.Kind, x.Code));
        var byUid = stored.ToDictionary(x => (x.Kind, x.Uid));
        int added = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            byCode.TryGetValue((row.Kind, row.Code), out var existing);
            // A UID may pass from one object to another only when the file maps that other object anew as well.
            if (byUid.TryGetValue((row.Kind, row.Uid), out var holder) && holder.Code != row.Code && !codes.Contains((holder.Kind, holder.Code)))
                problems.Add(t["Mapping.UidTaken", row.Uid, holder.Code]);
            if (existing is null) added++;
            else if (existing.Uid == row.Uid) { unchanged++; continue; }
            else
            {
                // Removed and added rather than changed, so UIDs can swap between two objects without breaking the unique index.
                db.Dhis2Ids.Remove(existing);
                updated++;
            }
            db.Dhis2Ids.Add(row);
        }
        if (problems.Count > 0) return Refused(problems);
        if (added + updated > 0)
        {
            audit.Add(db, scope, AuditActions.Import, "Dhis2Ids", null, null, null, new { added, updated, unchanged });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Outcome<Dhis2MappingResult>.Ok(new(added, updated, unchanged));
    }

    private static Outcome<Dhis2MappingResult> Refused(List<string> problems) =>
        Outcome<Dhis2MappingResult>.Invalid(new Dictionary<string, string[]> { ["rows"] = [.. problems] });
}
