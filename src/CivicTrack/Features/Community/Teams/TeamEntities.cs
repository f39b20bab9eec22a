using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Community.Teams;

/// <summary>Where a team works: a village or residential group, or a whole commune or ward.</summary>
public enum TeamLevel { Village, Commune }

/// <summary>A member's place in the team.</summary>
public enum TeamRole { Leader, Deputy, Member }

/// <summary>A community digital technology team (Tổ công nghệ số cộng đồng): at most one per unit.</summary>
public sealed class CommunityTeam
{
    public int Id { get; set; }
    public int OrgUnitId { get; set; }
    /// <summary>Derived from the unit's kind when the team is saved.</summary>
    public TeamLevel Level { get; set; }
    public string? DecisionNumber { get; set; }
    public DateOnly? DecisionDate { get; set; }
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<CommunityTeamMember> Members { get; set; } = [];
}

/// <summary>A team member. The phone number is personal data: shown only within the team's commune, masked elsewhere.</summary>
public sealed class CommunityTeamMember
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public string FullName { get; set; } = "";
    public TeamRole Role { get; set; } = TeamRole.Member;
    public bool YouthUnion { get; set; }
    /// <summary>Normalised: digits only, or +84 followed by digits.</summary>
    public string? Phone { get; set; }
    public bool Active { get; set; } = true;
}

public static class TeamModel
{
    public const int MaxName = 100, MaxDecision = 50;

    public static void Configure(ModelBuilder b)
    {
        b.Entity<CommunityTeam>(e =>
        {
            e.ToTable("community_teams");
            e.HasIndex(t => t.OrgUnitId).IsUnique();
            e.Property(t => t.Level).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.DecisionNumber).HasMaxLength(MaxDecision);
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(t => t.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CommunityTeamMember>(e =>
        {
            e.ToTable("community_team_members");
            e.HasIndex(m => m.TeamId);
            e.Property(m => m.FullName).HasMaxLength(MaxName);
            e.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Phone).HasMaxLength(20);
        });
    }
}
