using CivicTrack.Features.Plans;

namespace CivicTrack.Features.Community.Activities;

/// <summary>Participants counted by group, and the women among them.</summary>
public sealed record ActivityParticipants(int Officials, int Citizens, int Students, int YouthUnion, int Enterprises, int Women, int Total);

public sealed record ActivityDto(int Id, string Unit, string UnitName, int? Campaign, string? CampaignNumber, ActivityKind Kind, string Title,
    DateOnly StartsOn, DateOnly? EndsOn, string Place, ActivityParticipants Participants, string? Result,
    DateTime CreatedAt, string? CreatedBy, DateTime UpdatedAt, string? UpdatedBy, IReadOnlyList<EvidenceDto> Evidence);

/// <summary>An activity as recorded or replaced: every participant count is 0 when left out.</summary>
public sealed record ActivityInput(string? Unit, int? Campaign, ActivityKind? Kind, string? Title, DateOnly? StartsOn, DateOnly? EndsOn, string? Place,
    int? Officials = null, int? Citizens = null, int? Students = null, int? YouthUnion = null, int? Enterprises = null, int? Women = null, string? Result = null);

/// <summary>A page of activities (newest first, at most <see cref="ActivityService.MaxList"/>) with the count by kind of all that matched.</summary>
public sealed record ActivityList(int Total, IReadOnlyDictionary<ActivityKind, int> ByKind, ActivityParticipants Participants, IReadOnlyList<ActivityDto> Items);

public sealed record ActivityFilter(string? Unit = null, bool Children = true, DateOnly? From = null, DateOnly? To = null, ActivityKind? Kind = null, int? Campaign = null);

/// <summary>A report field's value as the recorded activities give it.</summary>
public sealed record PrefillValue(string Element, double Value, int Activities);

public sealed record ActivityPrefill(string Form, string Unit, string Period, IReadOnlyList<PrefillValue> Values);
