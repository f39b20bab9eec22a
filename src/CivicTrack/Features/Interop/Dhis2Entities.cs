using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Interop;

/// <summary>What a DHIS2 identifier names: a data element, an organisation unit or a data set (a report form here).</summary>
public enum Dhis2ObjectKind { DataElement, OrgUnit, DataSet }

/// <summary>A DHIS2 UID and the CivicTrack code it stands for, so payloads written with DHIS2's UIDs can be read and
/// figures can be written back with them.</summary>
public sealed class Dhis2Id
{
    public int Id { get; set; }
    public Dhis2ObjectKind Kind { get; set; }
    /// <summary>DHIS2's eleven-character identifier, e.g. <c>fbfJHSPpUQD</c>.</summary>
    public required string Uid { get; set; }
    /// <summary>The data element, unit or report form code here.</summary>
    public required string Code { get; set; }
}

public enum Dhis2PushState { Pending, Sent, Failed }

/// <summary>An approved report waiting to be sent to the configured DHIS2 server (written in the approval's transaction), or
/// what became of it: sent (with DHIS2's counts), or given up after <see cref="Dhis2Outbox.MaxAttempts"/> tries or a refusal.</summary>
public sealed class Dhis2Push
{
    public long Id { get; set; }
    public required string FormCode { get; set; }
    public int OrgUnitId { get; set; }
    public required string Period { get; set; }
    public DateTime CreatedAt { get; set; }
    public Dhis2PushState State { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>DHIS2's answer in short ("SUCCESS imported 12, updated 0, ignored 0") or why it failed.</summary>
    public string? Result { get; set; }
}

public static class InteropModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Dhis2Push>(e =>
        {
            e.ToTable("dhis2_pushes");
            e.HasKey(x => x.Id);
            e.Property(x => x.FormCode).HasMaxLength(64);
            e.Property(x => x.Period).HasMaxLength(16);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Result).HasMaxLength(1000);
            e.HasIndex(x => new { x.State, x.Id });
        });
        Ids(b);
    }

    private static void Ids(ModelBuilder b) => b.Entity<Dhis2Id>(e =>
    {
        e.ToTable("dhis2_ids");
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Uid).HasMaxLength(11);
        e.Property(x => x.Code).HasMaxLength(64);
        e.HasIndex(x => new { x.Kind, x.Uid }).IsUnique();
        e.HasIndex(x => new { x.Kind, x.Code }).IsUnique();
    });
}
