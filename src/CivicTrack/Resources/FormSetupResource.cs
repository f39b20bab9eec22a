namespace CivicTrack.Resources;

/// <summary>Anchor type for the report form set-up pages' strings: FormSetupResource.resx is Vietnamese (the default), .en English, .bn Bengali.</summary>
public sealed class FormSetupResource;
