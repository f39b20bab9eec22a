using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Community.Households;

/// <summary>One visit of a community digital technology team member to a household: which services they helped with
/// and how each went. The id is made on the phone, so an entry sent twice (or edited offline and sent again) is the
/// same entry; <see cref="ClientEditedAt"/> orders the edits.</summary>
public sealed class HouseholdSupportEntry
{
    public Guid Id { get; set; }
    public int VillageId { get; set; }
    /// <summary>The team's own pseudonymous code for the household (<c>NB-017</c>), never a citizen's ID or phone number.</summary>
    public required string Household { get; set; }
    public DateOnly Date { get; set; }
    public string? ByUserId { get; set; }
    public string? ByName { get; set; }
    public string? Note { get; set; }
    /// <summary>When the phone last edited the entry (UTC): a later edit replaces an earlier one, never the reverse.</summary>
    public DateTime ClientEditedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<HouseholdSupportService> Services { get; set; } = [];
}

/// <summary>One service helped with during a visit, and its outcome.</summary>
public sealed class HouseholdSupportService
{
    public Guid EntryId { get; set; }
    /// <summary>One of <see cref="HouseholdServices.All"/>.</summary>
    public required string Service { get; set; }
    /// <summary>One of <see cref="HouseholdServices.Outcomes"/>.</summary>
    public required string Outcome { get; set; }
}

/// <summary>The services a team helps households with, and the outcomes of a try.</summary>
public static class HouseholdServices
{
    public const string Done = "done";

    public static readonly string[] All = ["VNEID", "EWALLET", "CASHLESS", "ONLINE_SERVICE", "DIGITAL_SIGNATURE", "ECOMMERCE", "EHEALTH", "SOCIAL_INSURANCE"];
    public static readonly string[] Outcomes = [Done, "partly", "declined", "not_eligible"];

    /// <summary>The data element counting the households reached for a service (cumulative distinct, aggregated as Last).</summary>
    public static string Element(string service) => "HHS_" + service;
    /// <summary>The data element counting the entries recorded in a month (Sum).</summary>
    public const string SessionsElement = "HHS_SESSIONS";
}

public static class HouseholdModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<HouseholdSupportEntry>(e =>
        {
            e.ToTable("household_support_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Household).HasMaxLength(20);
            e.Property(x => x.ByUserId).HasMaxLength(450);
            e.Property(x => x.ByName).HasMaxLength(256);
            e.Property(x => x.Note).HasMaxLength(500);
            e.HasIndex(x => new { x.VillageId, x.Date });
            e.HasIndex(x => new { x.VillageId, x.Household });
            e.HasOne<Organisation.OrgUnit>().WithMany().HasForeignKey(x => x.VillageId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Services).WithOne().HasForeignKey(s => s.EntryId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<HouseholdSupportService>(e =>
        {
            e.ToTable("household_support_services");
            e.HasKey(x => new { x.EntryId, x.Service });
            e.Property(x => x.Service).HasMaxLength(30);
            e.Property(x => x.Outcome).HasMaxLength(20);
        });
    }
}
