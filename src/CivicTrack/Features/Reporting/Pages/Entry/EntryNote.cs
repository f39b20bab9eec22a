namespace CivicTrack.Features.Reporting.Pages.Entry;

/// <summary>A message shown under a cell: a problem with its value, or a failed rule the cell takes part in.</summary>
public sealed record EntryNote(string Text, EntryNoteKind Kind);

public enum EntryNoteKind { Error, Rule }
