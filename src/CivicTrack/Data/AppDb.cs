using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Reporting;
using CivicTrack.Features.Organisation;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Data;

/// <summary>The application's database. Provider-specific subclasses carry their own migrations.</summary>
public abstract class AppDb(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<OrgGroup> OrgGroups => Set<OrgGroup>();
    public DbSet<OrgGroupMember> OrgGroupMembers => Set<OrgGroupMember>();
    public DbSet<AppMeta> Meta => Set<AppMeta>();
    public DbSet<UserUnit> UserUnits => Set<UserUnit>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<Pillar> Pillars => Set<Pillar>();
    public DbSet<DataElement> DataElements => Set<DataElement>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<DataValue> DataValues => Set<DataValue>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<PlanTask> Tasks => Set<PlanTask>();
    public DbSet<TaskCoordinator> TaskCoordinators => Set<TaskCoordinator>();
    public DbSet<TaskUpdate> TaskUpdates => Set<TaskUpdate>();
    public DbSet<TaskEvidence> TaskEvidence => Set<TaskEvidence>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ReportForm> ReportForms => Set<ReportForm>();
    public DbSet<ReportSection> ReportSections => Set<ReportSection>();
    public DbSet<ReportField> ReportFields => Set<ReportField>();
    public DbSet<ReportRule> ReportRules => Set<ReportRule>();
    public DbSet<ReportAssignment> ReportAssignments => Set<ReportAssignment>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SubmissionEvent> SubmissionEvents => Set<SubmissionEvent>();
    public DbSet<Features.Dossiers.Dossier> Dossiers => Set<Features.Dossiers.Dossier>();
    public DbSet<Features.Dossiers.DossierImport> DossierImports => Set<Features.Dossiers.DossierImport>();
    public DbSet<Features.Dossiers.DossierImportProblem> DossierImportProblems => Set<Features.Dossiers.DossierImportProblem>();
    public DbSet<Features.Dossiers.DossierPendingMonth> DossierPendingMonths => Set<Features.Dossiers.DossierPendingMonth>();
    public DbSet<Features.Community.Teams.CommunityTeam> CommunityTeams => Set<Features.Community.Teams.CommunityTeam>();
    public DbSet<Features.Community.Teams.CommunityTeamMember> CommunityTeamMembers => Set<Features.Community.Teams.CommunityTeamMember>();
    public DbSet<Features.Community.Activities.Activity> Activities => Set<Features.Community.Activities.Activity>();
    public DbSet<Features.Community.Activities.ActivityEvidence> ActivityEvidence => Set<Features.Community.Activities.ActivityEvidence>();
    public DbSet<Features.Community.Households.HouseholdSupportEntry> HouseholdSupportEntries => Set<Features.Community.Households.HouseholdSupportEntry>();
    public DbSet<Features.Community.Households.HouseholdSupportService> HouseholdSupportServices => Set<Features.Community.Households.HouseholdSupportService>();
    public DbSet<Features.Interop.Dhis2Id> Dhis2Ids => Set<Features.Interop.Dhis2Id>();
    public DbSet<Features.Interop.Dhis2Push> Dhis2Pushes => Set<Features.Interop.Dhis2Push>();
    public DbSet<Features.CompositeIndex.IndexDefinition> IndexDefinitions => Set<Features.CompositeIndex.IndexDefinition>();
    public DbSet<Features.OpenData.OpenDataset> OpenDatasets => Set<Features.OpenData.OpenDataset>();
    public DbSet<Features.Explorer.PinnedView> PinnedViews => Set<Features.Explorer.PinnedView>();
    public DbSet<Features.Federation.FederationOutgoing> FederationOutgoing => Set<Features.Federation.FederationOutgoing>();
    public DbSet<Features.Federation.FederationAcknowledged> FederationAcknowledged => Set<Features.Federation.FederationAcknowledged>();
    public DbSet<Features.Federation.FederationIncoming> FederationIncoming => Set<Features.Federation.FederationIncoming>();
    public DbSet<Features.Federation.FederationTotal> FederationTotals => Set<Features.Federation.FederationTotal>();

    /// <summary>The audit log is append-only: no code path may change or remove an entry.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAudit();
        var accounts = TouchesAccounts();
        try { return base.SaveChanges(acceptAllChangesOnSuccess); }
        finally { if (accounts) AccountChanges.Bump(); }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Changes are detected once here rather than by each look at the entries and again by the save.
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        if (detect) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            GuardAudit();
            var accounts = TouchesAccounts();
            try { return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken); }
            finally { if (accounts) AccountChanges.Bump(); }
        }
        finally { ChangeTracker.AutoDetectChangesEnabled = detect; }
    }

    /// <summary>Accounts, their roles, units and tokens: what cached sign-ins and scopes are built from.</summary>
    private bool TouchesAccounts() => ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && e.Entity is AppUser or UserUnit or ApiToken or Microsoft.AspNetCore.Identity.IdentityUserRole<string>);

    private void GuardAudit()
    {
        foreach (var entry in ChangeTracker.Entries<AuditEntry>())
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("The audit log is append-only; entries cannot be changed or deleted.");
    }

    /// <summary>Every name in several languages is one JSON column (<c>{"vi": "...", "en": "..."}</c>).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<CivicTrack.Engine.Text.LocalText>().HaveConversion<LocalTextConverter, LocalTextComparer>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.HasMany(u => u.Units).WithOne().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<UserUnit>(e =>
        {
            e.ToTable("user_units");
            e.HasKey(x => new { x.UserId, x.OrgUnitId });
            e.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasIndex(t => t.UserId);
            e.Property(t => t.Hash).HasMaxLength(64);
            e.Property(t => t.Prefix).HasMaxLength(20);
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.Scopes).HasMaxLength(200);
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(20);
            e.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.ActorId, a.At });
            e.HasIndex(a => new { a.UnitId, a.At });
            e.HasIndex(a => new { a.EntityType, a.EntityId });
            e.Property(a => a.Action).HasMaxLength(40);
            e.Property(a => a.EntityType).HasMaxLength(60);
            e.Property(a => a.EntityId).HasMaxLength(200);
            e.Property(a => a.ActorId).HasMaxLength(450);
            e.Property(a => a.ActorName).HasMaxLength(256);
        });
        b.Entity<OrgUnit>(e =>
        {
            e.ToTable("org_units");
            e.HasIndex(u => u.Code).IsUnique();
            e.HasIndex(u => u.ParentId);
            e.HasIndex(u => u.NameFolded);
            e.Property(u => u.Code).HasMaxLength(50);
            e.Property(u => u.Name).HasMaxLength(200);
            e.Property(u => u.NameFolded).HasMaxLength(200);
            e.Property(u => u.Kind).HasConversion<string>().HasMaxLength(20);
            e.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(u => u.MergedInto).WithMany().HasForeignKey(u => u.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<OrgGroup>(e =>
        {
            e.ToTable("org_groups");
            e.HasIndex(g => g.Code).IsUnique();
            e.Property(g => g.Code).HasMaxLength(50);
        });
        b.Entity<OrgGroupMember>(e =>
        {
            e.ToTable("org_group_members");
            e.HasKey(m => new { m.OrgUnitId, m.GroupId });
            e.HasOne(m => m.OrgUnit).WithMany(u => u.Groups).HasForeignKey(m => m.OrgUnitId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(m => m.Group).WithMany(g => g.Members).HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        });
        IndicatorModel.Configure(b);
        PlanModel.Configure(b);
        ReportModel.Configure(b);
        NotificationModel.Configure(b);
        Features.Dossiers.DossierModel.Configure(b);
        Features.Community.Teams.TeamModel.Configure(b);
        Features.Community.Activities.ActivityModel.Configure(b);
        Features.Community.Households.HouseholdModel.Configure(b);
        Features.Interop.InteropModel.Configure(b);
        Features.CompositeIndex.IndexModel.Configure(b);
        Features.OpenData.OpenDataModel.Configure(b);
        Features.Explorer.ExplorerModel.Configure(b);
        Features.Federation.FederationModel.Configure(b);
        b.Entity<AppMeta>(e =>
        {
            e.ToTable("app_meta");
            e.HasKey(m => m.Key);
            e.Property(m => m.Key).HasMaxLength(100);
        });
    }
}

/// <summary>Small facts about the instance itself, such as when the demo province was loaded.</summary>
public sealed class AppMeta
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

public sealed class SqliteAppDb(DbContextOptions options) : AppDb(options);

public sealed class PostgresAppDb(DbContextOptions options) : AppDb(options);
