namespace CivicTrack.Resources;

/// <summary>Strings of federation: batches from provinces, the provinces compared, the reconciliation and the pushes.</summary>
public sealed class FederationResource;
