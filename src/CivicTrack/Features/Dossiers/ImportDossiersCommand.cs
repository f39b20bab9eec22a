using System.Diagnostics;
using CivicTrack.Features.Accounts;
using Spectre.Console;

namespace CivicTrack.Features.Dossiers;

/// <summary><c>import-dossiers FILE</c>: imports a dossier file (CSV, or XLSX by its extension) as the system, with a
/// progress bar (rows per second, time left) and a summary; exit code 0 when the file was read (refused rows are
/// listed, not fatal), 1 when the file was refused whole, 2 on wrong use.</summary>
public static class ImportDossiersCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "import-dossiers";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var path = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (path is null || !File.Exists(path))
        {
            Console.Error.WriteLine(path is null ? "Usage: import-dossiers FILE.csv|FILE.xlsx" : $"No file at {path}.");
            return 2;
        }
        var importer = app.Services.GetRequiredService<DossierImporter>();
        var scope = await app.Services.GetRequiredService<AccessScopes>().SystemAsync();
        var watch = Stopwatch.StartNew();
        string? converted = null;
        var csv = path;
        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            await using (var check = File.OpenRead(path))
                if (app.Services.GetRequiredService<Uploads.WorkbookCheck>().Check(check) is { } refusal)
                {
                    Console.Error.WriteLine(refusal.Message);
                    return 1;
                }
            csv = converted = await DossierFiles.XlsxToCsvAsync(path, CancellationToken.None);
        }
        DossierImportResult result;
        try
        {
            var console = AnsiConsole.Console;
            if (console.Profile.Capabilities.Interactive)
                result = await console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RowsPerSecondColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask(Path.GetFileName(path), maxValue: Math.Max(1, new FileInfo(csv).Length));
                        var progress = new Progress<DossierImportProgress>(p =>
                        {
                            task.Value = p.Bytes;
                            task.Description = $"{Path.GetFileName(path)}: {p.Rows:N0}";
                            RowsPerSecondColumn.Rows = p.Rows;
                        });
                        var r = await importer.ImportFileAsync(scope, csv, path, DossierImportSource.Command, progress);
                        task.Value = task.MaxValue;
                        return r;
                    });
            else
            {
                var last = Stopwatch.StartNew();
                var progress = new Progress<DossierImportProgress>(p =>
                {
                    if (last.ElapsedMilliseconds < 2000) return;
                    last.Restart();
                    var rate = p.Rows / Math.Max(0.001, watch.Elapsed.TotalSeconds);
                    var left = p.TotalBytes > 0 && p.Bytes > 0 ? TimeSpan.FromSeconds(watch.Elapsed.TotalSeconds * (p.TotalBytes - p.Bytes) / p.Bytes) : TimeSpan.Zero;
                    Console.WriteLine($"{p.Rows:N0} rows, {rate:N0} rows/s, {100.0 * p.Bytes / Math.Max(1, p.TotalBytes):N0}%, about {left:mm\\:ss} left");
                });
                result = await importer.ImportFileAsync(scope, csv, path, DossierImportSource.Command, progress);
            }
        }
        finally { DossierFiles.Delete(converted); }
        var seconds = watch.Elapsed.TotalSeconds;
        if (result.State == DossierImportState.Refused)
        {
            Console.Error.WriteLine($"The file was refused (import {result.ImportId}):");
            foreach (var p in result.Problems) Console.Error.WriteLine($"  line {p.Line}{(p.Column.Length > 0 ? $", {p.Column}" : "")}: {p.Reason} {p.Value}".TrimEnd());
            return 1;
        }
        Console.WriteLine($"Import {result.ImportId}: {result.Rows:N0} rows in {seconds:N1} s ({result.Rows / Math.Max(0.001, seconds):N0} rows/s): " +
            $"{result.Added:N0} added, {result.Updated:N0} updated, {result.Unchanged:N0} unchanged, {result.Refused:N0} refused.");
        foreach (var p in result.Problems.Take(20))
            Console.WriteLine($"  line {p.Line}{(p.Column.Length > 0 ? $", {p.Column}" : "")}: {p.Reason} {p.Value}".TrimEnd());
        if (result.Refused > 0)
            Console.WriteLine($"  Every refused row: GET /api/dossiers/imports/{result.ImportId}/problems");
        return 0;
    }

    /// <summary>Rows read per second since the bar started.</summary>
    private sealed class RowsPerSecondColumn : ProgressColumn
    {
        public static long Rows;
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text($"{Rows / Math.Max(0.001, task.ElapsedTime?.TotalSeconds ?? 0):N0} rows/s");
    }
}
