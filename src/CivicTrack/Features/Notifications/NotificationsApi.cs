using System.Globalization;
using CivicTrack.Features.Accounts;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Notifications;

/// <summary>The caller's own inbox as JSON.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAccess(Access.SignedIn);
        api.MapGet("/", async (bool? unread, int? take, AccessScope scope, Inbox inbox, CancellationToken ct) =>
                TypedResults.Ok(await inbox.ListAsync(scope.UserId!, unread == true, take ?? Inbox.DefaultTake, CultureInfo.CurrentUICulture, ct)))
            .WithName("ListNotifications")
            .WithSummary("The caller's notifications, newest first, in the request's language (unread=true for unread only; take up to 200, default 50)");
        api.MapGet("/unread-count", async (AccessScope scope, Inbox inbox, CancellationToken ct) =>
                TypedResults.Ok(new UnreadCount(await inbox.UnreadCountAsync(scope.UserId!, ct))))
            .WithName("CountUnreadNotifications").WithSummary("How many of the caller's notifications are unread");
        api.MapPost("/{id:long}/read", async Task<Results<NoContent, NotFound<ProblemDetails>>> (long id, AccessScope scope, Inbox inbox,
                IStringLocalizer<NotificationResource> t, CancellationToken ct) =>
                await inbox.MarkReadAsync(scope.UserId!, id, ct)
                    ? TypedResults.NoContent()
                    : TypedResults.NotFound(new ProblemDetails { Title = t["Api.NotFound"], Status = StatusCodes.Status404NotFound }))
            .WithName("MarkNotificationRead").WithSummary("Mark one of the caller's notifications read");
        api.MapPost("/read-all", async (AccessScope scope, Inbox inbox, CancellationToken ct) =>
                TypedResults.Ok(new MarkedRead(await inbox.MarkAllReadAsync(scope.UserId!, ct))))
            .WithName("MarkAllNotificationsRead").WithSummary("Mark all the caller's notifications read; answers how many were unread");
        return app;
    }
}
