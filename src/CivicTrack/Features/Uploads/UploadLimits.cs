using CivicTrack.Engine.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CivicTrack.Features.Uploads;

/// <summary>The size of a request and of what an uploaded workbook may hold, from the <c>Uploads</c> section
/// (<c>Uploads__MaxRequestMegabytes</c>, <c>Uploads__Workbook__MaxInflatedMegabytes</c>...). The server's request limit,
/// the form reader's limit and every import's file limit are this one number, so they cannot disagree.</summary>
public sealed class UploadLimits
{
    public int MaxRequestMegabytes { get; set; } = 50;
    public WorkbookLimits Workbook { get; set; } = new();

    public long MaxRequestBytes => MaxRequestMegabytes * 1024L * 1024;

    public sealed class WorkbookLimits
    {
        private static readonly XlsxLimits Defaults = new();
        public int MaxInflatedMegabytes { get; set; } = (int)(Defaults.MaxInflatedBytes / 1024 / 1024);
        public int MaxEntries { get; set; } = Defaults.MaxEntries;
        public double MaxCompressionRatio { get; set; } = Defaults.MaxCompressionRatio;
        public int MaxRows { get; set; } = Defaults.MaxRows;
        public int MaxColumns { get; set; } = Defaults.MaxColumns;
        public long MaxCells { get; set; } = Defaults.MaxCells;
        public int MaxCellCharacters { get; set; } = Defaults.MaxCellCharacters;

        public XlsxLimits ToXlsxLimits() => new()
        {
            MaxInflatedBytes = MaxInflatedMegabytes * 1024L * 1024, MaxEntries = MaxEntries, MaxCompressionRatio = MaxCompressionRatio,
            MaxRows = MaxRows, MaxColumns = MaxColumns, MaxCells = MaxCells, MaxCellCharacters = MaxCellCharacters,
        };
    }
}

public static class UploadsServices
{
    public static IServiceCollection AddUploads(this IServiceCollection services, IConfiguration config)
    {
        var limits = config.GetSection("Uploads").Get<UploadLimits>() ?? new UploadLimits();
        services.AddSingleton(limits);
        services.AddSingleton<WorkbookCheck>();
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = limits.MaxRequestBytes);
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = limits.MaxRequestBytes);
        return services;
    }
}
