using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CivicTrack.Features.Federation;

/// <summary>A unit as a province sends it: official codes are unique nationwide, so the national tree is the union of the provinces'.</summary>
public sealed record FederationUnit(string? Code, string? Name, string? Kind, string? Parent, DateOnly? OpenedOn = null, DateOnly? ClosedOn = null,
    string? MergedInto = null, DateOnly? MergedOn = null);

/// <summary>A value of a data element at a unit for a period; no value means the province no longer holds one.</summary>
public sealed record FederationValue(string? Element, string? Unit, string? Period, double? Value);

/// <summary>The province's own total of an element for a period (its aggregate at the province), for the reconciliation.</summary>
public sealed record FederationTotalDto(string? Element, string? Period, double? Value);

/// <summary>The body of <c>POST /api/federation/batches</c>: an id made by the province, the province, the units it covers (when they
/// changed since the last acknowledged batch), the values that changed and the province's totals for what they touch.</summary>
public sealed record FederationBatchDto(Guid? Id, string? Province, DateTime? MadeAt, IReadOnlyList<FederationUnit?>? Units,
    IReadOnlyList<FederationValue?>? Values, IReadOnlyList<FederationTotalDto?>? Totals);

/// <summary>The national instance's answer: stored, or unchanged when the batch had been received before.</summary>
public sealed record FederationReceipt(Guid Id, string Province, string Status, int Units, int Added, int Updated, int Deleted, int Unchanged);

public static class FederationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>A short stable digest of a JSON-serialisable value.</summary>
    public static string Digest<T>(T value) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, Options)));

    public static string Digest(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
