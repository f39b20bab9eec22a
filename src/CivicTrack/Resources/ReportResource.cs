namespace CivicTrack.Resources;

/// <summary>Anchor type for the reporting strings: ReportResource.resx is Vietnamese (the default), .en is English.</summary>
public sealed class ReportResource;
