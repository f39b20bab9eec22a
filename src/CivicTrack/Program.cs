using CivicTrack;
using CivicTrack.Components;
using CivicTrack.Data;
using CivicTrack.Demo;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Community.Teams;
using CivicTrack.Features.Community.Activities;
using CivicTrack.Features.Community.Households;
using CivicTrack.Features.CompositeIndex;
using CivicTrack.Features.Dossiers;
using CivicTrack.Features.Explorer;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Federation;
using CivicTrack.Features.Interop;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.OpenData;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Reporting;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Shared.Instances;
using CivicTrack.Features.Uploads;
using MudBlazor.Services;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
// Serve exactly the published set of static files in development too: the runtime fallback would be an
// endpoint outside the access rules.
builder.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";

builder.Services.AddAppDb(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
// Pages carry Vietnamese and Bengali letters as they are, not as &#x...; entities (a third of the size on a slow line).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddAppLocalization(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddApiProblems();
builder.Services.AddUploads(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.AddOpenApi(o => { AccessOpenApi.Configure(o); CivicTrack.Features.Shared.LocalTextOpenApi.Configure(o); });
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddTransient<MudBlazor.MudLocalizer, CivicTrack.Components.AppMudLocalizer>();
builder.Services.AddAccounts(builder.Configuration);
builder.Services.AddForwardedHeaders(builder.Configuration);
builder.Services.AddAudit();
builder.Services.AddOrganisation();
builder.Services.AddIndicators(builder.Configuration);
builder.Services.AddPlans(builder.Configuration);
builder.Services.AddReporting(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddDossiers(builder.Configuration);
builder.Services.AddTeams(builder.Configuration);
builder.Services.AddActivities(builder.Configuration);
builder.Services.AddHouseholds();
builder.Services.AddInterop(builder.Configuration);
builder.Services.AddCompositeIndex();
builder.Services.AddOpenData(builder.Configuration);
builder.Services.AddExplorer();
builder.Services.AddFederation(builder.Configuration);
builder.Services.AddInstances(builder.Configuration);

var app = builder.Build();

if (app.Configuration.GetValue("ForwardedHeaders:Enabled", false)) app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseSecurityHeaders();
app.UseSameOriginWrites();
// A page address that leads nowhere shows the not-found page in the app's layout (still 404); the API keeps its
// problem+json answers (UseApiProblems), and other requests the plain status text.
static bool PageRequest(HttpContext c) =>
    !c.Request.Path.StartsWithSegments("/api") && (HttpMethods.IsGet(c.Request.Method) || HttpMethods.IsHead(c.Request.Method));
app.UseWhen(PageRequest, pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseWhen(c => !PageRequest(c), other => other.UseStatusCodePages());
// Routing after the status-code pages, so that a re-executed request finds the not-found page's endpoint.
app.UseRouting();
app.UseAppLocalization();
app.UseApiProblems();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().RequireAccess(Access.Public);
app.MapOpenApi().RequireAccess(Access.Public);
app.MapScalarApiReference("/api-docs", o => o.WithTitle("CivicTrack API")).RequireAccess(Access.Public);
app.MapCulture();
app.MapAccounts();
app.MapAudit();
app.MapOrganisation();
app.MapIndicators();
app.MapPlans();
app.MapTasks();
app.MapReporting();
app.MapNotifications();
app.MapDossiers();
app.MapTeams();
app.MapActivities();
app.MapHouseholds();
app.MapInterop();
app.MapCompositeIndex();
app.MapOpenData();
app.MapExplorer();
app.MapFederation();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequirePageAccess();

await app.PrepareDatabaseAsync();
if (CreateAdminCommand.IsRequested(args)) return await CreateAdminCommand.RunAsync(app, args);
var demoPassword = await app.LoadDemoAsync();
if (ImportDossiersCommand.IsRequested(args)) return await ImportDossiersCommand.RunAsync(app, args);
await app.Services.GetRequiredService<DossierFeed>().FlushIfPendingAsync(await app.Services.GetRequiredService<AccessScopes>().SystemAsync());
await app.Services.GetRequiredService<HouseholdFeed>().RollForwardAsync();
app.Lifetime.ApplicationStarted.Register(() => app.PrintWelcome(demoPassword));

await app.RunAsync();
return 0;

public partial class Program;
