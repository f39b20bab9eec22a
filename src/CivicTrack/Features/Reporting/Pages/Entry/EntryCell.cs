using CivicTrack.Components;

namespace CivicTrack.Features.Reporting.Pages.Entry;

/// <summary>One field of a report as it is being entered: the text typed, the comment, what the server last stored, and
/// the problems found on either side. Typed text is kept here, so a failed save never loses it.</summary>
public sealed class EntryCell(FieldDto field, int index)
{
    public FieldDto Field { get; } = field;

    /// <summary>Position in the grid, for moving between cells with the keyboard.</summary>
    public int Index { get; } = index;

    public string Text { get; set; } = "";
    public string Comment { get; set; } = "";
    public bool CommentOpen { get; set; }

    /// <summary>The value and comment the server holds.</summary>
    public double? Stored { get; private set; }
    public string StoredComment { get; private set; } = "";

    /// <summary>Why the server refused the last value sent for this cell.</summary>
    public string? Refused { get; set; }

    public string Name => Field.Name.Pick();
    public string Unit => Field.Unit.Pick();
    public bool IsBoolean => Field.ValueType == Engine.Analytics.ValueType.Boolean;
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text);

    /// <summary>The value typed, or null when the cell is empty or the text is not a number.</summary>
    public double? Value => EntryNumber.TryParse(Text, out var v) ? v : null;

    /// <summary>Whether the cell differs from what the server holds.</summary>
    public bool Changed => !SameValue(Stored) || Comment.Trim() != StoredComment;

    /// <summary>Takes the server's value; the typed text is replaced only when it was not edited since.</summary>
    public void Load(ReportValueDto? stored, bool keepEdits)
    {
        var edited = keepEdits && Changed;
        Stored = stored?.Value;
        StoredComment = stored?.Comment ?? "";
        if (edited) return;
        Text = EntryNumber.Format(Stored);
        Comment = StoredComment;
    }

    /// <summary>Records that the server accepted <paramref name="sent"/>, leaving any text typed during the save.</summary>
    public void Accept(ReportValueInput sent)
    {
        Stored = sent.Value;
        StoredComment = sent.Comment ?? "";
        Refused = null;
    }

    public ReportValueInput ToInput() => new(Field.Element, IsEmpty ? null : Value, Comment.Trim());

    private bool SameValue(double? stored) => IsEmpty ? stored is null : Value is { } v && stored is { } s && v.Equals(s);
}
