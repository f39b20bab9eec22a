namespace CivicTrack.Resources;

/// <summary>Anchor type for the strings of the pages that set up plans, targets and tasks: PlanSetupResource.resx is
/// Vietnamese (the default), .en is English, .bn Bengali.</summary>
public sealed class PlanSetupResource;
