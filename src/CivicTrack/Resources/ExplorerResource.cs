namespace CivicTrack.Resources;

/// <summary>Anchor type for the indicator explorer's and pillar view's strings: ExplorerResource.resx is Vietnamese (the default).</summary>
public sealed class ExplorerResource;
