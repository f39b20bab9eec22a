namespace CivicTrack.Resources;

/// <summary>Anchor type for the report data-entry page's strings: ReportEntryResource.resx is Vietnamese (the default), .en is English.</summary>
public sealed class ReportEntryResource;
