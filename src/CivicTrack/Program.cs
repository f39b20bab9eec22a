using CivicTrack;
using CivicTrack.Components;
using CivicTrack.Data;
using CivicTrack.Demo;
using CivicTrack.Features.Organisation;
using MudBlazor.Services;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddAppDb(builder.Configuration);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAppLocalization();
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.Services.AddOpenApi();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddOrganisation();

var app = builder.Build();

if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePages();
app.UseAppLocalization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi();
app.MapScalarApiReference("/api-docs", o => o.WithTitle("CivicTrack API"));
app.MapCulture();
app.MapOrganisation();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.PrepareDatabaseAsync();
await app.LoadDemoAsync();
app.Lifetime.ApplicationStarted.Register(() => app.PrintWelcome());

app.Run();

public partial class Program;
