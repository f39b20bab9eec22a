using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using System.Xml.Linq;

namespace CivicTrack.Features.Interop;

/// <summary>A DHIS2 data value set as DHIS2 writes it in JSON (<c>/api/dataValueSets</c>).</summary>
public sealed class Dhis2DataValueSet
{
    [JsonPropertyOrder(0)] public string? DataSet { get; set; }
    [JsonPropertyOrder(1)] public string? CompleteDate { get; set; }
    [JsonPropertyOrder(2)] public string? Period { get; set; }
    [JsonPropertyOrder(3)] public string? OrgUnit { get; set; }
    [JsonPropertyOrder(4)] public string? AttributeOptionCombo { get; set; }
    [JsonPropertyOrder(5)] public List<Dhis2DataValue?>? DataValues { get; set; }
}

/// <summary>One value of a data value set. <see cref="Value"/> is a string in DHIS2's own files; a JSON number is taken too.</summary>
public sealed class Dhis2DataValue
{
    public string? DataElement { get; set; }
    public string? Period { get; set; }
    public string? OrgUnit { get; set; }
    public string? CategoryOptionCombo { get; set; }
    public string? AttributeOptionCombo { get; set; }
    public JsonElement? Value { get; set; }
    public string? StoredBy { get; set; }
    public string? Created { get; set; }
    public string? LastUpdated { get; set; }
    public string? Comment { get; set; }
    public bool? Followup { get; set; }
    public bool? Deleted { get; set; }
}

/// <summary>A value as read from either format, before its identifiers are resolved. <see cref="Index"/> is its position in
/// the payload (DHIS2's conflict <c>indexes</c>); <see cref="Disaggregation"/> names a category the value is split by.</summary>
public sealed record IncomingValue(int Index, string? DataElement, string? Period, bool AdxPeriod, string? OrgUnit, string? CategoryOptionCombo,
    string? AttributeOptionCombo, string? Value, string? Comment, bool Deleted, string? Disaggregation = null);

/// <summary>The values of a payload, the data set it names, and why it could not be read at all.</summary>
public sealed record IncomingSet(string? DataSet, IReadOnlyList<IncomingValue> Values, string? Problem = null);

/// <summary>Reads DHIS2's JSON and ADX payloads into <see cref="IncomingValue"/>s.</summary>
public static class Dhis2Payload
{
    public const string AdxNamespace = "urn:ihe:qrph:adx:2015";
    public const string AdxContentType = "application/adx+xml";
    public const int MaxValues = 100_000;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IncomingSet ReadJson(Stream body)
    {
        Dhis2DataValueSet? set;
        try { set = JsonSerializer.Deserialize<Dhis2DataValueSet>(body, JsonOptions); }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return new(null, [], $"JSON: {e.Message}"); }
        if (set is null) return new(null, [], "JSON: null");
        if (!Clean(set.DataSet, set.CompleteDate, set.Period, set.OrgUnit, set.AttributeOptionCombo)) return new(null, [], Unpaired);
        var values = set.DataValues ?? [];
        if (values.Count > MaxValues) return new(set.DataSet, [], $"dataValues: > {MaxValues}");
        var list = new List<IncomingValue>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v) { list.Add(new(i, null, null, false, null, null, null, null, null, false)); continue; }
            string? value;
            try
            {
                value = v.Value is not { } element ? null : element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => element.GetRawText(),
                };
            }
            catch (InvalidOperationException)
            {
                return new(set.DataSet, [], $"dataValues[{i}].value: {Unpaired}");
            }
            if (!Clean(v.DataElement, v.Period, v.OrgUnit, v.CategoryOptionCombo, v.AttributeOptionCombo, value, v.Comment, v.StoredBy))
                return new(set.DataSet, [], $"dataValues[{i}]: {Unpaired}");
            list.Add(new(i, v.DataElement, v.Period ?? set.Period, false, v.OrgUnit ?? set.OrgUnit, v.CategoryOptionCombo,
                v.AttributeOptionCombo ?? set.AttributeOptionCombo, value, v.Comment, v.Deleted == true));
        }
        return new(set.DataSet, list);
    }

    /// <summary>Reads ADX: <c>group</c>s (orgUnit, period, dataSet; any other attribute disaggregates the group) of
    /// <c>dataValue</c>s (dataElement, value; any other attribute disaggregates the value) with an optional
    /// <c>annotation</c> as the comment. No DTD, no external entities; the body is bounded before it is read.</summary>
    public static IncomingSet ReadAdx(Stream body)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(body, settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return new(null, [], string.Create(CultureInfo.InvariantCulture, $"ADX: {e.Message}"));
        }
        XNamespace ns = AdxNamespace;
        if (doc.Root is not { } root || root.Name != ns + "adx") return new(null, [], $"ADX: the root must be <adx xmlns=\"{AdxNamespace}\">");
        var list = new List<IncomingValue>();
        string? dataSet = null;
        foreach (var group in root.Elements(ns + "group"))
        {
            dataSet ??= (string?)group.Attribute("dataSet");
            var groupSplit = OtherAttributes(group, "orgUnit", "period", "dataSet", "completeDate");
            foreach (var v in group.Elements(ns + "dataValue"))
            {
                if (list.Count >= MaxValues) return new(dataSet, [], $"dataValue: > {MaxValues}");
                var split = OtherAttributes(v, "dataElement", "value");
                list.Add(new(list.Count, (string?)v.Attribute("dataElement"), (string?)group.Attribute("period"), true, (string?)group.Attribute("orgUnit"),
                    split is null ? null : $"({split})", groupSplit is null ? null : $"({groupSplit})", (string?)v.Attribute("value"),
                    (string?)v.Element(ns + "annotation"), false, split));
            }
        }
        return new(dataSet, list);
    }

    private const string Unpaired = "a text holds a lone UTF-16 surrogate (\\uD800–\\uDFFF escaped without its pair)";

    /// <summary>No text holds a lone surrogate, which could be neither stored nor written back as JSON.</summary>
    private static bool Clean(params string?[] texts) => !texts.Any(Engine.Text.ControlCharacters.LoneSurrogate);

    /// <summary>Attributes beyond the known ones: categories the value (or group) is split by.</summary>
    private static string? OtherAttributes(XElement element, params string[] known)
    {
        var others = element.Attributes().Where(a => !a.IsNamespaceDeclaration && !known.Contains(a.Name.LocalName))
            .Select(a => $"{a.Name.LocalName}={a.Value}").ToList();
        return others.Count == 0 ? null : string.Join(", ", others);
    }
}
