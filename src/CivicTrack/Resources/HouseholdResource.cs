namespace CivicTrack.Resources;

/// <summary>Strings of the household support log: its API answers and its phone page, in every language.</summary>
public sealed class HouseholdResource;
