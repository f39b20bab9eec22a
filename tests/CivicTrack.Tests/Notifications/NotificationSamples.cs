using System.Globalization;
using CivicTrack.Features.Notifications;
using CivicTrack.Tests.Accounts;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Notifications;

/// <summary>What the authorization matrix needs to call the inbox endpoints: a notification of the caller's own.</summary>
public static class NotificationSamples
{
    /// <summary>The id of a fresh notification for the caller; any id for the anonymous case.</summary>
    public static async Task<string> OwnNotificationIdAsync(MatrixWorld world, MatrixCaller? caller)
    {
        if (caller is null) return "1";
        var key = $"matrix/{world.Next()}/{Guid.NewGuid():N}";
        await NotificationTestKit.NotifyAsync(world.App, NotificationTestKit.Returned(caller.Id, key: key) with { Email = false }, nudge: false);
        var row = Assert.Single(await NotificationTestKit.NotificationsAsync(world.App, q => q.Where(n => n.Key == $"{key}:{caller.Id}")));
        return row.Id.ToString(CultureInfo.InvariantCulture);
    }
}
