using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Explorer;

/// <summary>An explorer view an account pinned to its home page: a title and the view's query string.</summary>
public sealed class PinnedView
{
    public const int MaxPerAccount = 12;
    public const int MaxTitle = 120;
    public const int MaxQuery = 2000;

    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Title { get; set; }
    /// <summary>The view's query string without "?", as <see cref="ExplorerQuery.ToQueryString"/> writes it.</summary>
    public required string Query { get; set; }
    public int SortOrder { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class ExplorerModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<PinnedView>(e =>
        {
            e.ToTable("pinned_views");
            e.HasIndex(p => new { p.UserId, p.SortOrder });
            e.Property(p => p.UserId).HasMaxLength(450);
            e.Property(p => p.Title).HasMaxLength(PinnedView.MaxTitle);
            e.Property(p => p.Query).HasMaxLength(PinnedView.MaxQuery);
        });
    }
}
