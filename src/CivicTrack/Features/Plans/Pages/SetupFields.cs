namespace CivicTrack.Features.Plans.Pages;

/// <summary>A set-up form's answer from the service, laid out for the page: each problem beside the field it names,
/// and whatever names no field of the form at the top.</summary>
public sealed class SetupFields
{
    private readonly Dictionary<string, string> _byField = [];
    private readonly List<string> _general = [];

    public IReadOnlyDictionary<string, string> ByField => _byField;
    public IReadOnlyList<string> General => _general;
    public bool Any => _byField.Count > 0 || _general.Count > 0;

    public string? this[string field] => _byField.GetValueOrDefault(field);
    public bool Has(string field) => _byField.ContainsKey(field);

    public void Clear()
    {
        _byField.Clear();
        _general.Clear();
    }

    public void Set(string field, string message) => _byField[field] = message;
    public void Remove(string field) => _byField.Remove(field);
    public void AddGeneral(string message) => _general.Add(message);

    /// <summary>Puts each problem beside its field when the form has one (a name per language counts as its field:
    /// "title.en"), else at the top.</summary>
    public void Show(IReadOnlyDictionary<string, string[]> problems, params string[] fields)
    {
        foreach (var (field, messages) in problems)
        {
            var text = string.Join(" ", messages);
            var known = fields.Any(f => field == f || field.StartsWith(f + ".", StringComparison.Ordinal));
            if (known) _byField[field] = text;
            else _general.Add(text);
        }
    }

    public static DateTime? ToPicker(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);
    public static DateOnly? FromPicker(DateTime? value) => value is { } d ? DateOnly.FromDateTime(d) : null;
}
