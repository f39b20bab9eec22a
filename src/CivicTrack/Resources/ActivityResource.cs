namespace CivicTrack.Resources;

/// <summary>Strings of activities, campaigns and the activity mapping.</summary>
public sealed class ActivityResource;
