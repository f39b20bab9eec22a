using CivicTrack.Engine.Expressions;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Analytics;

/// <summary>An indicator's value for a unit and period range: factor × numerator ÷ denominator, each side
/// computed from the elements' aggregates — never by averaging the units' percentages.</summary>
public readonly record struct IndicatorValue(double? Value, double? Numerator, double? Denominator);

/// <summary>A compiled indicator: its numerator and optional denominator expressions and its factor.</summary>
public sealed class IndicatorFormula
{
    private readonly Expression _numerator;
    private readonly Expression? _denominator;

    private IndicatorFormula(Expression numerator, Expression? denominator, double factor)
    {
        _numerator = numerator;
        _denominator = denominator;
        Factor = factor;
        References = [.. numerator.References.Concat(denominator?.References ?? []).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>What numerator ÷ denominator (or the numerator alone) is multiplied by, such as 100 for a percentage.</summary>
    public double Factor { get; }

    /// <summary>Every data element code the indicator reads.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Compiles both sides; the errors of each side when either is malformed.</summary>
    public static (IndicatorFormula? Formula, IReadOnlyList<ExpressionError> NumeratorErrors, IReadOnlyList<ExpressionError> DenominatorErrors) Compile(
        string numerator, string? denominator, double factor)
    {
        var n = Expression.Parse(numerator);
        var d = string.IsNullOrWhiteSpace(denominator) ? null : Expression.Parse(denominator);
        if (!n.Ok || d is { Ok: false }) return (null, n.Errors, d?.Errors ?? []);
        return (new IndicatorFormula(n.Expression!, d?.Expression, factor), [], []);
    }

    /// <summary>Null when any element it reads has no data in the subtree and range, the denominator is zero,
    /// or the result is not a finite number.</summary>
    public IndicatorValue Evaluate(ValueStore.Reader values, int unitId, PeriodRange range)
    {
        double? Lookup(string code) => values.Get(code, unitId, range).Value;
        var n = _numerator.Evaluate(Lookup);
        if (_denominator is null) return new(Finite(n * Factor), n, null);
        var d = _denominator.Evaluate(Lookup);
        if (n is null || d is null || d == 0) return new(null, n, d);
        return new(Finite(Factor * n.Value / d.Value), n, d);
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;
}
