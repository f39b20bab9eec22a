namespace CivicTrack.Resources;

/// <summary>Anchor type for notification templates, e-mail and inbox strings: NotificationResource.resx is Vietnamese (the default), .en is English.</summary>
public sealed class NotificationResource;
