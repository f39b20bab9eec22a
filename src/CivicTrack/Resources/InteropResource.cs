namespace CivicTrack.Resources;

/// <summary>Strings of the DHIS2 and ADX exchange and its mapping table.</summary>
public sealed class InteropResource;
