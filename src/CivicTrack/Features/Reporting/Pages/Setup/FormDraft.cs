using CivicTrack.Components.Shared;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;

namespace CivicTrack.Features.Reporting.Pages.Setup;

/// <summary>A report form as the set-up page edits it: every part of <see cref="ReportFormInput"/>, mutable, with the
/// texts given in several languages kept per language. <see cref="ToInput"/> turns it back into what
/// <see cref="FormService"/> stores.</summary>
public sealed class FormDraft
{
    public string Code { get; set; } = "";
    public Dictionary<string, string?> Name { get; set; } = LocalTextFields.Edit(null);
    public Dictionary<string, string?> Description { get; set; } = LocalTextFields.Edit(null);
    public PeriodType PeriodType { get; set; } = PeriodType.Month;
    public bool OneOff { get; set; }
    public string? OnlyPeriod { get; set; }
    public string? FirstPeriod { get; set; }
    public string? LastPeriod { get; set; }
    public DueRuleKind DueKind { get; set; } = DueRuleKind.DayOfMonth;
    public int DueDays { get; set; } = 25;
    public int? LockAfterDays { get; set; }
    public int ApprovalLevels { get; set; } = 1;
    public string? ReceivingUnit { get; set; }
    public bool IsActive { get; set; } = true;
    public List<SectionDraft> Sections { get; set; } = [new()];
    public List<RuleDraft> Rules { get; set; } = [];
    public HashSet<OrgUnitKind> Kinds { get; set; } = [];
    public HashSet<string> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Units { get; set; } = [];

    /// <summary>The codes of the elements chosen so far, for the rules to refer to.</summary>
    public IEnumerable<string> ElementCodes => Sections.SelectMany(s => s.Fields).Select(f => f.Element).OfType<string>().Distinct(StringComparer.Ordinal);

    public static FormDraft From(ReportFormDto f)
    {
        DueRule.TryParse(f.Due, out var due, out _);
        return new FormDraft
        {
            Code = f.Code,
            Name = LocalTextFields.Edit(f.Name),
            Description = LocalTextFields.Edit(f.Description),
            PeriodType = f.PeriodType,
            OneOff = f.OnlyPeriod is { Length: > 0 },
            OnlyPeriod = f.OnlyPeriod,
            FirstPeriod = f.FirstPeriod,
            LastPeriod = f.LastPeriod,
            DueKind = due.Kind,
            DueDays = due.Days,
            LockAfterDays = f.LockAfterDays,
            ApprovalLevels = f.ApprovalLevels,
            ReceivingUnit = f.ReceivingUnit,
            IsActive = f.IsActive,
            Sections = [.. f.Sections.Select(s => new SectionDraft
            {
                Title = LocalTextFields.Edit(s.Title),
                Fields = [.. s.Fields.Select(x => new FieldDraft { Element = x.Element, Required = x.Required, Min = x.Min, Max = x.Max })],
            })],
            Rules = [.. f.Rules.Select(r => new RuleDraft { Expression = r.Expression, Message = LocalTextFields.Edit(r.Message) })],
            Kinds = [.. f.Assign.Kinds ?? []],
            Groups = new(f.Assign.Groups ?? [], StringComparer.OrdinalIgnoreCase),
            Units = [.. f.Assign.Units ?? []],
        };
    }

    public ReportFormInput ToInput() => new(
        Code.Trim(), LocalTextFields.Read(Name), LocalTextFields.Read(Description), PeriodType,
        OneOff ? Blank(OnlyPeriod) : null, OneOff ? null : Blank(FirstPeriod), OneOff ? null : Blank(LastPeriod),
        (DueKind == DueRuleKind.DayOfMonth ? "day:" : "after:") + DueDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LockAfterDays, ApprovalLevels, Blank(ReceivingUnit),
        [.. Sections.Select(s => new SectionInput(LocalTextFields.Read(s.Title), [.. s.Fields.Select(f => new FieldInput(f.Element, f.Required, f.Min, f.Max))]))],
        [.. Rules.Select(r => new RuleInput(r.Expression, LocalTextFields.Read(r.Message)))],
        new AssignmentInput([.. Kinds.Order()], [.. Groups], [.. Units]), IsActive);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Moves the item at <paramref name="index"/> one place up (-1) or down (+1) when it can.</summary>
    public static void Move<T>(List<T> list, int index, int by)
    {
        var to = index + by;
        if (index < 0 || index >= list.Count || to < 0 || to >= list.Count) return;
        (list[index], list[to]) = (list[to], list[index]);
    }
}

public sealed class SectionDraft
{
    public Dictionary<string, string?> Title { get; set; } = LocalTextFields.Edit(null);
    public List<FieldDraft> Fields { get; set; } = [new()];
}

public sealed class FieldDraft
{
    public string? Element { get; set; }
    public bool Required { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }
}

public sealed class RuleDraft
{
    public string? Expression { get; set; }
    public Dictionary<string, string?> Message { get; set; } = LocalTextFields.Edit(null);
}
