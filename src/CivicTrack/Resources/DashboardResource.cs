namespace CivicTrack.Resources;

/// <summary>Anchor type for the dashboard and plan pages' strings: DashboardResource.resx is Vietnamese (the default), .en is English.</summary>
public sealed class DashboardResource;
