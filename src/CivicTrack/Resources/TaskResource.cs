namespace CivicTrack.Resources;

/// <summary>Anchor type for the task, KPI and indicator library pages' strings: TaskResource.resx is Vietnamese (the default), .en is English.</summary>
public sealed class TaskResource;
