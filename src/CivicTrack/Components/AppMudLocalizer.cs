using CivicTrack.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CivicTrack.Components;

/// <summary>MudBlazor's own strings (pager buttons, date picker, dialog close) in the reader's language, from
/// <see cref="MudBlazorResource"/>; a key it lacks falls back to MudBlazor's English.</summary>
public sealed class AppMudLocalizer(IStringLocalizer<MudBlazorResource> strings) : MudLocalizer
{
    public override LocalizedString this[string key] => strings[key];

    public override LocalizedString this[string key, params object[] arguments] => strings[key, arguments];
}
