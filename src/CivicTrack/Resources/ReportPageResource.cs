namespace CivicTrack.Resources;

/// <summary>Anchor type for the reporting pages' strings: ReportPageResource.resx is Vietnamese (the default), .en is English.</summary>
public sealed class ReportPageResource;
