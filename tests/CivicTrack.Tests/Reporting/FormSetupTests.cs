using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Reporting;
using CivicTrack.Features.Shared;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Reporting;

/// <summary>What the form set-up pages ask of <see cref="FormService"/>: the live rule check, finding data elements by
/// code or name, extending and closing a form (audited with the definition before and after), and the role a save needs.</summary>
public sealed class FormSetupTests(SqliteDemoApp shared) : IClassFixture<SqliteDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(FormService Forms, AccessScope Manager, IServiceScope Scope)> ServicesAsync(string role = Roles.ProgrammeManager)
    {
        var scope = shared.App.Services.CreateScope();
        var tree = (await scope.ServiceProvider.GetRequiredService<AccessScopes>().SystemAsync(Ct)).Tree;
        var account = AccessScope.For("form-setup-test", "manager@demo.local", [role], [tree.Roots.First().Id], tree);
        return (scope.ServiceProvider.GetRequiredService<FormService>(), account, scope);
    }

    private static ReportFormInput Monthly(string code, string? first, string? last, string? only = null) => new(code, LocalText.Of("Báo cáo thử", "Test report"), null,
        PeriodType.Month, only, first, last, "day:25", null, 0, null,
        [new SectionInput(LocalText.Of("Hồ sơ", "Dossiers"), [new FieldInput("DOSSIERS_RECEIVED", true, 0), new FieldInput("DOSSIERS_ONLINE", true, 0)])],
        [new RuleInput("#{DOSSIERS_ONLINE} <= #{DOSSIERS_RECEIVED}", LocalText.Of("Trực tuyến không được lớn hơn tiếp nhận.", "Online must not be greater than received."))],
        new AssignmentInput([OrgUnitKind.Commune], null, null));

    private static string NewCode() => "FS-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task The_live_rule_check_accepts_a_comparison_of_the_forms_elements_and_names_every_other_problem()
    {
        var (forms, _, scope) = await ServicesAsync();
        using var _ = scope;
        HashSet<string> codes = ["DOSSIERS_RECEIVED", "DOSSIERS_ONLINE"];

        Assert.Empty(forms.RuleProblems("#{DOSSIERS_ONLINE} <= #{DOSSIERS_RECEIVED}", codes.Contains));
        var unknown = Assert.Single(forms.RuleProblems("#{DOSSIERS_ONLINE} <= #{HOUSEHOLDS}", codes.Contains));
        Assert.Contains("HOUSEHOLDS", unknown, StringComparison.Ordinal);
        Assert.Single(forms.RuleProblems("#{DOSSIERS_ONLINE} + #{DOSSIERS_RECEIVED}", codes.Contains));
        var broken = forms.RuleProblems("#{DOSSIERS_ONLINE} <= ", codes.Contains);
        Assert.NotEmpty(broken);
    }

    [Fact]
    public async Task Data_elements_are_found_by_code_and_by_name_without_diacritics_in_the_readers_language()
    {
        var (forms, _, scope) = await ServicesAsync();
        using var _ = scope;
        var byCode = await forms.FindElementsAsync("dossiers_onl", ct: Ct);
        Assert.Equal("DOSSIERS_ONLINE", byCode[0].Code);

        var all = await forms.FindElementsAsync(null, int.MaxValue, Ct);
        var element = all.First(e => e.Code == "DOSSIERS_ONLINE");
        var vietnamese = element.Name.In("vi")!;
        var folded = VietnameseText.Fold(vietnamese);
        Assert.NotEqual(vietnamese.ToLowerInvariant(), folded); // the name has diacritics to ignore
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");
            Assert.Contains(await forms.FindElementsAsync(folded, ct: Ct), e => e.Code == "DOSSIERS_ONLINE");
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-GB");
            Assert.Contains(await forms.FindElementsAsync(element.Name.In("en")!.ToUpperInvariant(), ct: Ct), e => e.Code == "DOSSIERS_ONLINE");
        }
        finally { System.Globalization.CultureInfo.CurrentUICulture = previous; }
        Assert.Empty(await forms.FindElementsAsync("no element is called this", ct: Ct));
    }

    [Fact]
    public async Task Extending_moves_the_last_period_a_year_on_and_closing_ends_the_form_each_audited_with_before_and_after()
    {
        var (forms, manager, scope) = await ServicesAsync();
        using var _ = scope;
        var code = NewCode();
        Assert.Equal(OutcomeKind.Created, (await forms.CreateAsync(manager, Monthly(code, "2025-01", "2025-12"), Ct)).Kind);

        var extended = await forms.ExtendAsync(manager, code, 1, Ct);
        Assert.True(extended.Succeeded);
        Assert.Equal("2026-12", extended.Value!.LastPeriod);
        Assert.Equal("2025-01", extended.Value.FirstPeriod);
        Assert.Equal(2, extended.Value.Sections[0].Fields.Count);
        Assert.Single(extended.Value.Rules);
        Assert.Equal([OrgUnitKind.Commune], extended.Value.Assign.Kinds);
        Assert.True((await forms.FindAsync(code, Ct))!.Owes(Period.Parse("2026-06")));

        var closed = await forms.CloseAsync(manager, code, "2026-03", Ct);
        Assert.Equal("2026-03", closed.Value!.LastPeriod);
        Assert.False((await forms.FindAsync(code, Ct))!.Owes(Period.Parse("2026-04")));

        var early = await forms.CloseAsync(manager, code, "2024-12", Ct);
        Assert.Equal(OutcomeKind.Invalid, early.Kind);
        Assert.Contains("closePeriod", early.Problems.Keys);
        Assert.Contains("closePeriod", (await forms.CloseAsync(manager, code, "2026Q1", Ct)).Problems.Keys);
        Assert.Equal("2026-03", (await forms.GetAsync(code, Ct))!.LastPeriod);

        await using var db = await shared.App.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        var entries = await db.Audit.AsNoTracking().Where(a => a.EntityType == "ReportForm" && a.EntityId == code).OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal([AuditActions.Create, AuditActions.Update, AuditActions.Update], entries.Select(e => e.Action));
        Assert.Equal("manager@demo.local", entries[1].ActorName);
        Assert.Contains("2025-12", entries[1].Before, StringComparison.Ordinal);
        Assert.Contains("2026-12", entries[1].After, StringComparison.Ordinal);
        Assert.Contains("2026-03", entries[2].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_without_a_last_period_or_run_once_cannot_be_extended_and_says_why()
    {
        var (forms, manager, scope) = await ServicesAsync();
        using var _ = scope;
        var open = NewCode();
        await forms.CreateAsync(manager, Monthly(open, "2025-01", null), Ct);
        Assert.Contains("lastPeriod", (await forms.ExtendAsync(manager, open, 1, Ct)).Problems.Keys);
        var once = NewCode();
        Assert.True((await forms.CreateAsync(manager, Monthly(once, null, null, only: "2025-10"), Ct)).Succeeded);
        Assert.Contains("lastPeriod", (await forms.ExtendAsync(manager, once, 1, Ct)).Problems.Keys);
        Assert.Equal(OutcomeKind.NotFound, (await forms.ExtendAsync(manager, "NO-SUCH-FORM", 1, Ct)).Kind);
    }

    [Fact]
    public async Task Only_the_roles_the_api_admits_may_save_a_form_through_the_service()
    {
        var (forms, reporter, scope) = await ServicesAsync(Roles.Reporter);
        using var _ = scope;
        var code = NewCode();
        Assert.Equal(OutcomeKind.NotFound, (await forms.CreateAsync(reporter, Monthly(code, "2025-01", "2025-12"), Ct)).Kind);
        Assert.Null(await forms.GetAsync(code, Ct));
    }

    [Fact]
    public async Task A_stored_form_turned_back_into_input_saves_unchanged()
    {
        var (forms, manager, scope) = await ServicesAsync();
        using var _ = scope;
        var code = NewCode();
        var created = (await forms.CreateAsync(manager, Monthly(code, "2025-01", "2025-12") with { LockAfterDays = 5, ApprovalLevels = 2 }, Ct)).Value!;
        var again = (await forms.UpdateAsync(manager, code, FormService.InputOf(created), Ct)).Value!;
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(created with { AssignedUnits = 0 }), System.Text.Json.JsonSerializer.Serialize(again with { AssignedUnits = 0 }));
    }
}
