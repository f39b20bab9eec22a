using CivicTrack.Engine.Text;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.OpenData;

/// <summary>What a published dataset holds, and so where its figures come from.</summary>
public enum OpenDatasetKind
{
    /// <summary>Indicators or data elements × units × periods, from the analytics store.</summary>
    Indicators,
    /// <summary>Public-service dossier metrics (the dossier indicators and elements the dossier feed writes).</summary>
    Dossiers,
    /// <summary>Completeness and timeliness of a report form, from the reporting rates.</summary>
    ReportingRates,
    /// <summary>Household coverage of the community digital teams (<c>IND_HHS_*_PCT</c>, <c>HHS_*</c>).</summary>
    Households,
}

/// <summary>How often a dataset is brought up to date (DCAT's accrual periodicity).</summary>
public enum OpenDataFrequency { Daily, Weekly, Monthly, Quarterly, Yearly, Irregular }

/// <summary>The period type of a dataset's columns.</summary>
public enum OpenDataPeriodType { Month, Quarter, Year }

/// <summary>A dataset the province publishes on the open-data portal: its description (several languages), its licence
/// and frequency, and its query. The figures are never stored here: they are computed from the live values on request.</summary>
public sealed class OpenDataset
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required LocalText Title { get; set; }
    public LocalText Description { get; set; } = LocalText.Empty;
    public string Licence { get; set; } = OpenDataLicences.Default;
    public OpenDataFrequency Frequency { get; set; } = OpenDataFrequency.Monthly;
    /// <summary>Keywords, comma-separated, lower case.</summary>
    public string Keywords { get; set; } = "";
    public OpenDatasetKind Kind { get; set; }
    /// <summary>Indicator and data element codes (comma-separated); for reporting rates, the report form's code.</summary>
    public string Items { get; set; } = "";
    /// <summary>The unit the dataset is about.</summary>
    public required string UnitCode { get; set; }
    /// <summary>Which units under it make the rows: unit kinds (comma-separated, e.g. <c>Commune,Ward</c>) anywhere in its
    /// subtree; empty means its children.</summary>
    public string UnitKinds { get; set; } = "";
    /// <summary>Whether the unit itself is a row (the total).</summary>
    public bool IncludeTotal { get; set; } = true;
    public OpenDataPeriodType PeriodType { get; set; } = OpenDataPeriodType.Month;
    /// <summary>The first period; empty means the current period only.</summary>
    public string? PeriodFrom { get; set; }
    /// <summary>The last period; empty means up to the current period (the dataset grows as time passes).</summary>
    public string? PeriodTo { get; set; }
    public bool Published { get; set; }
    /// <summary>When first published (DCAT issued).</summary>
    public DateTime? IssuedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When the definition last changed; the dataset's <c>modified</c> is the later of this and its values' last change.</summary>
    public DateTime ModifiedAt { get; set; }
}

public static class OpenDataLicences
{
    public const string Default = "CC-BY-4.0";

    /// <summary>The licences a dataset may carry: id → (title, URL).</summary>
    public static readonly IReadOnlyDictionary<string, (string Title, string Url)> Known = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["CC-BY-4.0"] = ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
        ["CC0-1.0"] = ("Creative Commons CCZero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        ["CC-BY-SA-4.0"] = ("Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
        ["ODC-BY-1.0"] = ("Open Data Commons Attribution License 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    };
}

public static class OpenDataModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<OpenDataset>(e =>
        {
            e.ToTable("open_datasets");
            e.HasIndex(d => d.Slug).IsUnique();
            e.Property(d => d.Slug).HasMaxLength(100);
            e.Property(d => d.Licence).HasMaxLength(40);
            e.Property(d => d.Frequency).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.PeriodType).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.Keywords).HasMaxLength(1000);
            e.Property(d => d.Items).HasMaxLength(2000);
            e.Property(d => d.UnitCode).HasMaxLength(50);
            e.Property(d => d.UnitKinds).HasMaxLength(200);
            e.Property(d => d.PeriodFrom).HasMaxLength(20);
            e.Property(d => d.PeriodTo).HasMaxLength(20);
        });
    }
}
