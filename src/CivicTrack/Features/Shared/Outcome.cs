namespace CivicTrack.Features.Shared;

/// <summary>What became of a service call. The API answers each kind with one status: 200, 201, 404, 409 and 400.</summary>
public enum OutcomeKind { Ok, Created, NotFound, Conflict, Invalid }

/// <summary>The answer of a service call that can fail on the caller's input: its kind, the value when it succeeded,
/// and otherwise the problems by field, named as the JSON fields are (<c>code</c>, <c>name.en</c>).</summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value = default, IReadOnlyDictionary<string, string[]>? Problems = null)
{
    private static readonly IReadOnlyDictionary<string, string[]> None = new Dictionary<string, string[]>();

    public IReadOnlyDictionary<string, string[]> Problems { get; } = Problems ?? None;

    public bool Succeeded => Kind is OutcomeKind.Ok or OutcomeKind.Created;

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value);
    public static Outcome<T> Created(T value) => new(OutcomeKind.Created, value);
    public static Outcome<T> NotFound() => new(OutcomeKind.NotFound);
    public static Outcome<T> Conflict(string field, string message) => new(OutcomeKind.Conflict, default, One(field, message));
    public static Outcome<T> Invalid(string field, string message) => new(OutcomeKind.Invalid, default, One(field, message));
    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> problems) => new(OutcomeKind.Invalid, default, problems);

    /// <summary>The same outcome with the value turned into another (a failure stays the failure it was).</summary>
    public Outcome<TOther> Map<TOther>(Func<T, TOther> map) => Succeeded ? new(Kind, map(Value!)) : Failed<TOther>();

    /// <summary>This failure, passed on by a call that answers with another type.</summary>
    public Outcome<TOther> Failed<TOther>() =>
        Succeeded ? throw new InvalidOperationException("Only a failure is passed on as it is.") : new(Kind, default, Problems);

    private static Dictionary<string, string[]> One(string field, string message) => new() { [field] = [message] };
}

/// <summary>The problems found while checking an input, by field and in the order found.</summary>
public sealed class FieldProblems
{
    private readonly Dictionary<string, List<string>> _byField = [];

    /// <summary>How many problems (not fields) there are.</summary>
    public int Count { get; private set; }

    public void Add(string field, string message)
    {
        (_byField.TryGetValue(field, out var messages) ? messages : _byField[field] = []).Add(message);
        Count++;
    }

    public IReadOnlyDictionary<string, string[]> ByField() => _byField.ToDictionary(p => p.Key, p => p.Value.ToArray());
}
