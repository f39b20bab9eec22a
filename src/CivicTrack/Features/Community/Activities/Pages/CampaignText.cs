using CivicTrack.Components;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Community.Activities.Pages;

/// <summary>How a campaign's timing reads: "12 days left", "ended 3 days ago", "starts in 5 days".</summary>
public static class CampaignText
{
    public static string When(IStringLocalizer<ActivityResource> a, CampaignSummary c) => c.Timing switch
    {
        CampaignTiming.Running => c.Days == 1 ? a["Campaign.LastDay"] : a["Campaign.DaysLeft", Display.Number(c.Days)],
        CampaignTiming.Upcoming => a["Campaign.StartsIn", Display.Number(c.Days)],
        _ => c.Days == 1 ? a["Campaign.EndedToday"] : a["Campaign.EndedAgo", Display.Number(c.Days)],
    };
}
