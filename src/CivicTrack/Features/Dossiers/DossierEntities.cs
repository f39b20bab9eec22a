using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Dossiers;

/// <summary>The latest record of one administrative-procedure dossier, keyed by its code (docs/dossiers.md).</summary>
public sealed class Dossier
{
    public required string Code { get; set; }
    public required string ProcedureCode { get; set; }
    public string ProcedureName { get; set; } = "";
    public string Sector { get; set; } = "";
    public byte? ServiceLevel { get; set; }
    public byte Channel { get; set; }
    public required string ReceivingUnitCode { get; set; }
    public int HandlingUnitId { get; set; }
    public DateOnly? ReceivedOn { get; set; }
    public DateOnly? DueOn { get; set; }
    public DateOnly? FinishedOn { get; set; }
    public DateOnly? ReturnedOn { get; set; }
    public byte Status { get; set; }
    public bool Digitized { get; set; }
    public bool PaidOnline { get; set; }
    public bool VneidVerified { get; set; }
    /// <summary>The import that last added or changed it.</summary>
    public long ImportId { get; set; }
}

public enum DossierImportSource { Upload, Api, Command, Demo }
public enum DossierImportState { Running, Done, Refused }

/// <summary>One import of a dossier file: who, from where, and what it did. One still Running after a restart was cut
/// off; its committed batches are in, and importing the same file again completes it.</summary>
public sealed class DossierImport
{
    public long Id { get; set; }
    public DossierImportSource Source { get; set; }
    public DossierImportState State { get; set; }
    public string FileName { get; set; } = "";
    public string? UserId { get; set; }
    public string? By { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public long Rows { get; set; }
    public long Added { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Refused { get; set; }
}

/// <summary>A refused row of an import: line, column, the reason's kind and the value as written.</summary>
public sealed class DossierImportProblem
{
    public long Id { get; set; }
    public long ImportId { get; set; }
    public long Line { get; set; }
    public string Column { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>A handling unit and month whose counts changed and are not yet written as data values: written in each
/// batch's transaction, removed in the transaction that writes the values, so a cut-off import leaves them to the
/// next start.</summary>
public sealed class DossierPendingMonth
{
    public int OrgUnitId { get; set; }
    /// <summary>The month as <c>year × 12 + month − 1</c>.</summary>
    public int Month { get; set; }
}

public static class DossierModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Dossier>(e =>
        {
            e.ToTable("dossiers");
            e.HasKey(d => d.Code);
            e.Property(d => d.Code).HasMaxLength(100);
            e.Property(d => d.ProcedureCode).HasMaxLength(100);
            e.Property(d => d.ProcedureName).HasMaxLength(1000);
            e.Property(d => d.Sector).HasMaxLength(300);
            e.Property(d => d.ReceivingUnitCode).HasMaxLength(50);
            e.HasIndex(d => new { d.HandlingUnitId, d.ReceivedOn });
            e.HasIndex(d => new { d.HandlingUnitId, d.FinishedOn });
            e.HasOne<Organisation.OrgUnit>().WithMany().HasForeignKey(d => d.HandlingUnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<DossierImport>(e =>
        {
            e.ToTable("dossier_imports");
            e.Property(i => i.Source).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.FileName).HasMaxLength(260);
            e.Property(i => i.UserId).HasMaxLength(450);
            e.Property(i => i.By).HasMaxLength(256);
            e.HasIndex(i => i.StartedAt);
        });
        b.Entity<DossierImportProblem>(e =>
        {
            e.ToTable("dossier_import_problems");
            e.HasIndex(p => new { p.ImportId, p.Line });
            e.Property(p => p.Column).HasMaxLength(60);
            e.Property(p => p.Kind).HasMaxLength(40);
            e.Property(p => p.Value).HasMaxLength(120);
            e.HasOne<DossierImport>().WithMany().HasForeignKey(p => p.ImportId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DossierPendingMonth>(e =>
        {
            e.ToTable("dossier_pending_months");
            e.HasKey(p => new { p.OrgUnitId, p.Month });
        });
    }
}
