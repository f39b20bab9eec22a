using System.Collections.Concurrent;

namespace CivicTrack.Features.Accounts;

/// <summary>A counter that moves whenever an account, its roles, units or tokens change in this process
/// (see <c>AppDb.SaveChanges</c>): what was cached about accounts before the move is stale after it.</summary>
public static class AccountChanges
{
    private static long _generation;

    public static long Generation => Interlocked.Read(ref _generation);

    public static void Bump() => Interlocked.Increment(ref _generation);
}

/// <summary>A small cache of facts about accounts, each valid until the next account change or its age runs out.</summary>
/// <remarks>Bearer requests and scope checks would otherwise read the token, the account, its roles and its units
/// on every request; these change rarely, and every change drops what was cached.</remarks>
public sealed class AccountCache<T>(TimeSpan maxAge, TimeProvider clock, int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, (T Value, long Generation, DateTimeOffset At)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, out T value)
    {
        if (_entries.TryGetValue(key, out var e) && e.Generation == AccountChanges.Generation && clock.GetUtcNow() - e.At < maxAge)
        {
            value = e.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Stores a value read after <paramref name="generation"/> was taken, so a change in between makes it stale.</summary>
    public void Set(string key, T value, long generation)
    {
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[key] = (value, generation, clock.GetUtcNow());
    }
}
