namespace CivicTrack.Resources;

/// <summary>Anchor type for the app's strings: SharedResource.resx is Vietnamese (the default), .en is English.</summary>
public sealed class SharedResource;
