using CivicTrack.Data;
using CivicTrack.Features.Accounts;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Explorer;

public sealed record PinnedViewDto(int Id, string Title, string Query, int SortOrder, DateTime CreatedAt);

/// <param name="Query">The view's query string, with or without the leading "?" (what the explorer's address carries).</param>
public sealed record PinInput(string? Title, string? Query);

/// <summary>Each account's pinned explorer views. Every read and write is bounded by the account: the ownership check is
/// inside the WHERE, so another account's pin is "not found".</summary>
public sealed class PinnedViews(IDbContextFactory<AppDb> dbFactory, ExplorerService explorer, TimeProvider clock, IStringLocalizer<ExplorerResource> x)
{
    public async Task<IReadOnlyList<PinnedViewDto>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PinnedViews.AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.SortOrder).ThenBy(p => p.Id)
            .Select(p => new PinnedViewDto(p.Id, p.Title, p.Query, p.SortOrder, p.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>Pins a view after checking that it is one the explorer answers for this account; the stored query is the
    /// explorer's normalised one.</summary>
    public async Task<(PinnedViewDto? Pin, ExplorerProblem? Problem)> CreateAsync(AccessScope scope, PinInput input, CancellationToken ct = default)
    {
        var title = (input.Title ?? "").Trim();
        if (title.Length == 0) return (null, new("title", x["Pin.NoTitle"]));
        if (title.Length > PinnedView.MaxTitle || title.Any(char.IsControl)) return (null, new("title", x["Pin.BadTitle", PinnedView.MaxTitle]));
        var text = (input.Query ?? "").Trim().TrimStart('?');
        if (text.Length == 0) return (null, new("query", x["Problem.NoItems"]));
        if (text.Length > PinnedView.MaxQuery) return (null, new("query", x["Problem.TooLong", "query", PinnedView.MaxQuery]));
        var (result, problem) = await explorer.QueryAsync(scope, ExplorerQuery.FromQueryString(text), "vi", ct);
        if (problem is not null) return (null, new("query", $"{problem.Field}: {problem.Message}"));
        if (result!.Query.Length > PinnedView.MaxQuery) return (null, new("query", x["Problem.TooLong", "query", PinnedView.MaxQuery]));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var userId = scope.UserId!;
        var count = await db.PinnedViews.CountAsync(p => p.UserId == userId, ct);
        if (count >= PinnedView.MaxPerAccount) return (null, new("pins", x["Pin.TooMany", PinnedView.MaxPerAccount]));
        var order = count == 0 ? 0 : await db.PinnedViews.Where(p => p.UserId == userId).MaxAsync(p => p.SortOrder, ct) + 1;
        var pin = new PinnedView { UserId = userId, Title = title, Query = result.Query, SortOrder = order, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.PinnedViews.Add(pin);
        await db.SaveChangesAsync(ct);
        return (new PinnedViewDto(pin.Id, pin.Title, pin.Query, pin.SortOrder, pin.CreatedAt), null);
    }

    public async Task<bool> DeleteAsync(string userId, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PinnedViews.Where(p => p.Id == id && p.UserId == userId).ExecuteDeleteAsync(ct) > 0;
    }
}
