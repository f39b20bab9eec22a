namespace CivicTrack.Resources;

/// <summary>Anchor type for MudBlazor's own strings (pager, date picker, dialogs): MudBlazorResource.resx is
/// Vietnamese (the default), .en is English, .bn is Bengali.</summary>
public sealed class MudBlazorResource;
