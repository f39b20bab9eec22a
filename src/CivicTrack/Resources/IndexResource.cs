namespace CivicTrack.Resources;

/// <summary>Strings of the composite index (definitions, ranking, profile, exports): IndexResource.resx is Vietnamese (the default), .en English, .bn Bengali.</summary>
public sealed class IndexResource;
