namespace CivicTrack.Resources;

/// <summary>Anchor type for the community team and commendation strings: TeamResource.resx is Vietnamese (the default), .en English, .bn Bengali.</summary>
public sealed class TeamResource;
