namespace CivicTrack.Resources;

/// <summary>Anchor type for the synthesized report's fixed texts: SynthesisResource.resx is Vietnamese (the default), .en is English.</summary>
public sealed class SynthesisResource;
