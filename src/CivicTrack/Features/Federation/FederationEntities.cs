using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Federation;

public enum FederationBatchState { Pending, Sent, Failed }

/// <summary>On a province instance: a batch for the national instance, made from what changed since the last acknowledged batch.
/// Its id and content are fixed when it is made, so a retry after an outage or a restart sends the very same batch.</summary>
public sealed class FederationOutgoing
{
    public Guid Id { get; set; }
    public DateTime CreatedAt { get; set; }
    public FederationBatchState State { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentAt { get; set; }
    public int Units { get; set; }
    public int Values { get; set; }
    /// <summary>A digest of the units the batch carries (null: it carries none).</summary>
    public string? UnitsDigest { get; set; }
    /// <summary>A digest of what the batch carries (units, values, totals), so a refused batch is not made again unchanged.</summary>
    public string? ContentDigest { get; set; }
    /// <summary>The batch as sent: the JSON body of <c>POST /api/federation/batches</c>.</summary>
    public required string Body { get; set; }
    /// <summary>The national instance's answer in short, or why the batch was not delivered.</summary>
    public string? Result { get; set; }
}

/// <summary>On a province instance: the value the national instance acknowledged last for an element, unit and period.</summary>
public sealed class FederationAcknowledged
{
    public int DataElementId { get; set; }
    public int OrgUnitId { get; set; }
    public required string Period { get; set; }
    public double Value { get; set; }
}

/// <summary>On the national instance: a batch received from a province, kept so the same batch again changes nothing.</summary>
public sealed class FederationIncoming
{
    public Guid Id { get; set; }
    public int ProvinceId { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int Units { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Deleted { get; set; }
    public int Unchanged { get; set; }
}

/// <summary>On the national instance: a province's own total of an element for a period, as the province computed it when it made a
/// batch; the reconciliation sets it against the national figure for that province.</summary>
public sealed class FederationTotal
{
    public int ProvinceId { get; set; }
    public int DataElementId { get; set; }
    public required string Period { get; set; }
    /// <summary>Null when the province holds no value for it.</summary>
    public double? Value { get; set; }
    public Guid BatchId { get; set; }
    public DateTime ReceivedAt { get; set; }
}

public static class FederationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<FederationOutgoing>(e =>
        {
            e.ToTable("federation_outgoing");
            e.HasKey(x => x.Id);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.UnitsDigest).HasMaxLength(64);
            e.Property(x => x.ContentDigest).HasMaxLength(64);
            e.Property(x => x.Result).HasMaxLength(1000);
            e.HasIndex(x => new { x.State, x.CreatedAt });
        });
        b.Entity<FederationAcknowledged>(e =>
        {
            e.ToTable("federation_acknowledged");
            e.HasKey(x => new { x.DataElementId, x.OrgUnitId, x.Period });
            e.Property(x => x.Period).HasMaxLength(16);
        });
        b.Entity<FederationIncoming>(e =>
        {
            e.ToTable("federation_incoming");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ProvinceId, x.ReceivedAt });
        });
        b.Entity<FederationTotal>(e =>
        {
            e.ToTable("federation_totals");
            e.HasKey(x => new { x.ProvinceId, x.DataElementId, x.Period });
            e.Property(x => x.Period).HasMaxLength(16);
        });
    }
}
