namespace CivicTrack.Resources;

/// <summary>Anchor type for the strings of uploads, downloads and API problems: UploadResource.resx is Vietnamese (the default), .en is English.</summary>
public sealed class UploadResource;
