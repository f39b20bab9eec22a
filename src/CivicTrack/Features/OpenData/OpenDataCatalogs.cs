using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CivicTrack.Engine.Organisation;

namespace CivicTrack.Features.OpenData;

/// <summary>A published dataset with what the catalogues say about it.</summary>
public sealed record OpenEntry(OpenDataset Dataset, OpenTable Table);

/// <summary>Who publishes, where, and how to reach them: shared by every catalogue format.</summary>
public sealed record OpenPublisher(string Name, string Slug, string Email, string BaseUrl, string Language);

/// <summary>The machine catalogues: the CKAN Action API subset, DCAT-AP in JSON-LD and DCAT-US (Project Open Data v1.1).</summary>
public static class OpenDataCatalogs
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly (string Format, string MediaType)[] Formats =
        [("CSV", "text/csv"), ("JSON", "application/json"), ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")];

    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The province's name: <c>OpenData:Publisher</c>, else the first province in the tree, else the first top unit.</summary>
    public static string PublisherName(IConfiguration config, OrgTree tree) =>
        config["OpenData:Publisher"] is { Length: > 0 } name ? name
        : (tree.Roots.FirstOrDefault(u => u.Kind == OrgUnitKind.Province) ?? tree.Roots.FirstOrDefault())?.Name ?? "CivicTrack";

    public static string DatasetUrl(OpenPublisher p, OpenDataset d) => $"{p.BaseUrl}/open/{d.Slug}";
    public static string FileUrl(OpenPublisher p, OpenDataset d, string format) => $"{p.BaseUrl}/open/{d.Slug}.{format.ToLowerInvariant()}";
    private static string Issued(OpenDataset d) => Iso(d.IssuedAt ?? d.CreatedAt);

    public static string Periodicity(OpenDataFrequency f) => f switch
    {
        OpenDataFrequency.Daily => "R/P1D",
        OpenDataFrequency.Weekly => "R/P1W",
        OpenDataFrequency.Monthly => "R/P1M",
        OpenDataFrequency.Quarterly => "R/P3M",
        OpenDataFrequency.Yearly => "R/P1Y",
        _ => "irregular",
    };

    private static string EuFrequency(OpenDataFrequency f) => "http://publications.europa.eu/resource/authority/frequency/" + f switch
    {
        OpenDataFrequency.Daily => "DAILY",
        OpenDataFrequency.Weekly => "WEEKLY",
        OpenDataFrequency.Monthly => "MONTHLY",
        OpenDataFrequency.Quarterly => "QUARTERLY",
        OpenDataFrequency.Yearly => "ANNUAL",
        _ => "IRREG",
    };

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    // ----- CKAN -----

    public static byte[] Ckan(string help, JsonNode? result) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["help"] = help, ["success"] = true, ["result"] = result }, Options);

    public static byte[] CkanError(string help, string type, string message, string? field = null)
    {
        var error = new JsonObject { ["__type"] = type };
        if (field is null) error["message"] = message;
        else error[field] = new JsonArray(message);
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["help"] = help, ["success"] = false, ["error"] = error }, Options);
    }

    public static JsonObject CkanPackage(OpenPublisher p, OpenEntry e)
    {
        var d = e.Dataset;
        var (licenceTitle, licenceUrl) = OpenDataLicences.Known.GetValueOrDefault(d.Licence, (d.Licence, ""));
        var id = $"{p.Slug}-{d.Id}";
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = d.Slug,
            ["title"] = d.Title.Pick(p.Language),
            ["notes"] = d.Description.Pick(p.Language),
            ["url"] = DatasetUrl(p, d),
            ["type"] = "dataset",
            ["state"] = "active",
            ["private"] = false,
            ["isopen"] = true,
            ["license_id"] = d.Licence,
            ["license_title"] = licenceTitle,
            ["license_url"] = licenceUrl,
            ["metadata_created"] = Iso(d.CreatedAt),
            ["metadata_modified"] = Iso(e.Table.Modified),
            ["author"] = p.Name,
            ["maintainer"] = p.Name,
            ["maintainer_email"] = p.Email,
            ["organization"] = new JsonObject { ["name"] = p.Slug, ["title"] = p.Name, ["type"] = "organization", ["is_organization"] = true },
            ["tags"] = Array(OpenDataQuery.List(d.Keywords).Select(k => (JsonNode)new JsonObject { ["name"] = k, ["display_name"] = k })),
            ["num_tags"] = OpenDataQuery.List(d.Keywords).Count,
            ["extras"] = Array(new (string, string)[]
            {
                ("kind", d.Kind.ToString()), ("frequency", Periodicity(d.Frequency)), ("issued", Issued(d)),
                ("periods", e.Table.Periods.Count == 0 ? "" : $"{e.Table.Periods[0]}..{e.Table.Periods[^1]}"),
                ("suppress_below", e.Table.Threshold.ToString(CultureInfo.InvariantCulture)),
            }.Select(x => (JsonNode)new JsonObject { ["key"] = x.Item1, ["value"] = x.Item2 })),
            ["num_resources"] = Formats.Length,
            ["resources"] = Array(Formats.Select((f, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"{id}-{f.Format.ToLowerInvariant()}",
                ["package_id"] = id,
                ["name"] = $"{d.Title.Pick(p.Language)} ({f.Format})",
                ["format"] = f.Format,
                ["mimetype"] = f.MediaType,
                ["url"] = FileUrl(p, d, f.Format),
                ["position"] = i,
                ["state"] = "active",
                ["created"] = Iso(d.CreatedAt),
                ["last_modified"] = Iso(e.Table.Modified),
            })),
        };
    }

    /// <summary>CKAN's search: every word of <paramref name="q"/> must be found in the title, the description, a keyword
    /// or the slug (accents and case folded); <c>*:*</c> or nothing finds everything.</summary>
    public static bool Matches(OpenDataset d, string? q)
    {
        var words = Engine.Text.VietnameseText.Fold(q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w != "*:*").ToList();
        if (words.Count == 0) return true;
        var hay = Engine.Text.VietnameseText.Fold(string.Join(' ', d.Title.Texts.Values.Concat(d.Description.Texts.Values).Append(d.Keywords.Replace(',', ' ')).Append(d.Slug.Replace('-', ' '))));
        return words.All(w => hay.Contains(w, StringComparison.Ordinal));
    }

    // ----- DCAT-AP (JSON-LD) -----

    public static byte[] DcatAp(OpenPublisher p, string title, string description, IReadOnlyList<OpenEntry> entries)
    {
        var publisher = new JsonObject { ["@type"] = "foaf:Organization", ["foaf:name"] = p.Name };
        var catalog = new JsonObject
        {
            ["@context"] = new JsonObject
            {
                ["dcat"] = "http://www.w3.org/ns/dcat#",
                ["dct"] = "http://purl.org/dc/terms/",
                ["foaf"] = "http://xmlns.com/foaf/0.1/",
                ["vcard"] = "http://www.w3.org/2006/vcard/ns#",
                ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
            },
            ["@id"] = $"{p.BaseUrl}/catalog.jsonld",
            ["@type"] = "dcat:Catalog",
            ["dct:title"] = title,
            ["dct:description"] = description,
            ["dct:language"] = p.Language,
            ["dct:publisher"] = publisher.DeepClone(),
            ["foaf:homepage"] = new JsonObject { ["@id"] = $"{p.BaseUrl}/open" },
            ["dcat:dataset"] = Array(entries.Select(e =>
            {
                var d = e.Dataset;
                var licence = OpenDataLicences.Known.GetValueOrDefault(d.Licence, (d.Licence, d.Licence)).Item2;
                return (JsonNode)new JsonObject
                {
                    ["@id"] = DatasetUrl(p, d),
                    ["@type"] = "dcat:Dataset",
                    ["dct:identifier"] = d.Slug,
                    ["dct:title"] = d.Title.Pick(p.Language),
                    ["dct:description"] = d.Description.Pick(p.Language),
                    ["dcat:keyword"] = Array(OpenDataQuery.List(d.Keywords).Select(k => (JsonNode)JsonValue.Create(k)!)),
                    ["dct:issued"] = new JsonObject { ["@value"] = Issued(d), ["@type"] = "xsd:dateTime" },
                    ["dct:modified"] = new JsonObject { ["@value"] = Iso(e.Table.Modified), ["@type"] = "xsd:dateTime" },
                    ["dct:license"] = new JsonObject { ["@id"] = licence },
                    ["dct:publisher"] = publisher.DeepClone(),
                    ["dcat:contactPoint"] = new JsonObject { ["@type"] = "vcard:Organization", ["vcard:fn"] = p.Name, ["vcard:hasEmail"] = new JsonObject { ["@id"] = "mailto:" + p.Email } },
                    ["dct:accrualPeriodicity"] = new JsonObject { ["@id"] = EuFrequency(d.Frequency) },
                    ["dcat:landingPage"] = new JsonObject { ["@id"] = DatasetUrl(p, d) },
                    ["dcat:distribution"] = Array(Formats.Select(f => (JsonNode)new JsonObject
                    {
                        ["@id"] = FileUrl(p, d, f.Format),
                        ["@type"] = "dcat:Distribution",
                        ["dct:title"] = $"{d.Title.Pick(p.Language)} ({f.Format})",
                        ["dcat:accessURL"] = new JsonObject { ["@id"] = DatasetUrl(p, d) },
                        ["dcat:downloadURL"] = new JsonObject { ["@id"] = FileUrl(p, d, f.Format) },
                        ["dcat:mediaType"] = f.MediaType,
                        ["dct:format"] = f.Format,
                        ["dct:license"] = new JsonObject { ["@id"] = licence },
                        ["dct:modified"] = new JsonObject { ["@value"] = Iso(e.Table.Modified), ["@type"] = "xsd:dateTime" },
                    })),
                };
            })),
        };
        return JsonSerializer.SerializeToUtf8Bytes(catalog, Options);
    }

    // ----- DCAT-US (Project Open Data v1.1) -----

    public static byte[] DataJson(OpenPublisher p, IReadOnlyList<OpenEntry> entries)
    {
        var catalog = new JsonObject
        {
            ["@context"] = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
            ["@id"] = $"{p.BaseUrl}/data.json",
            ["@type"] = "dcat:Catalog",
            ["conformsTo"] = "https://project-open-data.cio.gov/v1.1/schema",
            ["describedBy"] = "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
            ["dataset"] = Array(entries.Select(e =>
            {
                var d = e.Dataset;
                var keywords = OpenDataQuery.List(d.Keywords);
                var periodicity = Periodicity(d.Frequency);
                var dataset = new JsonObject
                {
                    ["@type"] = "dcat:Dataset",
                    ["title"] = d.Title.Pick(p.Language),
                    ["description"] = d.Description.Pick(p.Language) is { Length: > 0 } text ? text : d.Title.Pick(p.Language),
                    ["keyword"] = Array((keywords.Count > 0 ? keywords : [d.Kind.ToString().ToLowerInvariant()]).Select(k => (JsonNode)JsonValue.Create(k)!)),
                    ["modified"] = Iso(e.Table.Modified),
                    ["issued"] = Issued(d)[..10],
                    ["publisher"] = new JsonObject { ["@type"] = "org:Organization", ["name"] = p.Name },
                    ["contactPoint"] = new JsonObject { ["@type"] = "vcard:Contact", ["fn"] = p.Name, ["hasEmail"] = "mailto:" + p.Email },
                    ["identifier"] = DatasetUrl(p, d),
                    ["accessLevel"] = "public",
                    ["license"] = OpenDataLicences.Known.GetValueOrDefault(d.Licence, (d.Licence, d.Licence)).Item2,
                    ["landingPage"] = DatasetUrl(p, d),
                    ["language"] = new JsonArray(p.Language),
                    ["distribution"] = Array(Formats.Select(f => (JsonNode)new JsonObject
                    {
                        ["@type"] = "dcat:Distribution",
                        ["downloadURL"] = FileUrl(p, d, f.Format),
                        ["mediaType"] = f.MediaType,
                        ["format"] = f.Format,
                        ["title"] = $"{d.Title.Pick(p.Language)} ({f.Format})",
                    })),
                };
                if (periodicity != "irregular") dataset["accrualPeriodicity"] = periodicity;
                else dataset["accrualPeriodicity"] = "irregular";
                if (e.Table.Periods.Count > 0) dataset["temporal"] = $"{Start(e.Table.Periods[0])}/{End(e.Table.Periods[^1])}";
                return (JsonNode)dataset;
            })),
        };
        return JsonSerializer.SerializeToUtf8Bytes(catalog, Options);
    }

    private static string Start(string period) => Engine.Periods.Period.TryParse(period, out var p) ? p.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : period;
    private static string End(string period) => Engine.Periods.Period.TryParse(period, out var p) ? p.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : period;
}
