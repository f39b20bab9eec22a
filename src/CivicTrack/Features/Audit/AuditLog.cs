using System.Text.Json;
using System.Text.Json.Serialization;
using CivicTrack.Data;
using CivicTrack.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Audit;

/// <summary>Writes the append-only audit log. Changes add their entry to the same context, so the entry and
/// the change commit together; events without a change (sign-in, refusals) are written on their own.</summary>
public sealed class AuditLog(IDbContextFactory<AppDb> dbFactory, TimeProvider clock)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds an entry to <paramref name="db"/>; it is saved with the caller's SaveChanges.</summary>
    public void Add(AppDb db, AccessScope? actor, string action, string entityType, string? entityId, int? unitId, object? before = null, object? after = null) =>
        Add(db, actor?.UserId, actor?.UserName, action, entityType, entityId, unitId, before, after);

    public void Add(AppDb db, string? actorId, string? actorName, string action, string entityType, string? entityId, int? unitId, object? before = null, object? after = null) =>
        db.Audit.Add(Entry(actorId, actorName, action, entityType, entityId, unitId, before, after));

    public async Task WriteAsync(string? actorId, string? actorName, string action, string entityType, string? entityId, int? unitId = null,
        object? before = null, object? after = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Audit.Add(Entry(actorId, actorName, action, entityType, entityId, unitId, before, after));
        await db.SaveChangesAsync(ct);
    }

    public Task WriteAsync(AccessScope actor, string action, string entityType, string? entityId, int? unitId = null,
        object? before = null, object? after = null, CancellationToken ct = default) =>
        WriteAsync(actor.UserId, actor.UserName, action, entityType, entityId, unitId, before, after, ct);

    /// <summary>An entry for the caller to store (with <see cref="Data.RowInserts"/> when many are stored together).</summary>
    public AuditEntry Entry(AccessScope? actor, string action, string entityType, string? entityId, int? unitId, object? before = null, object? after = null) =>
        Entry(actor?.UserId, actor?.UserName, action, entityType, entityId, unitId, before, after);

    private AuditEntry Entry(string? actorId, string? actorName, string action, string entityType, string? entityId, int? unitId, object? before, object? after) => new()
    {
        At = clock.GetUtcNow().UtcDateTime,
        ActorId = actorId,
        ActorName = actorName,
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        UnitId = unitId,
        Before = before is null ? null : before as string ?? JsonSerializer.Serialize(before, JsonOptions),
        After = after is null ? null : after as string ?? JsonSerializer.Serialize(after, JsonOptions),
    };
}
