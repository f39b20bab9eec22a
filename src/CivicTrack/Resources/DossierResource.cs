namespace CivicTrack.Resources;

/// <summary>Anchor type for the dossier strings: DossierResource.resx is Vietnamese (the default), .en English, .bn Bengali.</summary>
public sealed class DossierResource;
