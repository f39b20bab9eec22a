namespace CivicTrack.Resources;

/// <summary>Strings of the open-data portal, its downloads and dataset management: OpenDataResource.resx is Vietnamese (the default), .en English, .bn Bengali.</summary>
public sealed class OpenDataResource;
