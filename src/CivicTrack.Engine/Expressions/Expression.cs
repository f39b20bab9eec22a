namespace CivicTrack.Engine.Expressions;

/// <summary>What went wrong in an expression.</summary>
public enum ExpressionErrorKind
{
    /// <summary>The text is blank.</summary>
    Empty,
    /// <summary>A character or word with no place in an expression, such as a code written without <c>#{ }</c>.</summary>
    UnexpectedCharacter,
    /// <summary>The text ends where an operand is still needed.</summary>
    UnexpectedEnd,
    /// <summary>A <c>#{</c> reference is never closed by <c>}</c>.</summary>
    UnclosedReference,
    /// <summary>The reference <c>#{}</c> names no code.</summary>
    EmptyReference,
    /// <summary>A reference holds characters a code cannot (only letters, digits, '_', '.' and '-' are allowed).</summary>
    BadReference,
    /// <summary>An operator or ')' stands where an operand should be.</summary>
    MissingOperand,
    /// <summary>A '(' is never closed.</summary>
    UnclosedParenthesis,
    /// <summary>A parenthesis where an operator or the end was expected, such as a stray ')'.</summary>
    UnexpectedParenthesis,
    /// <summary>A malformed or non-finite number, such as <c>1.2.3</c> or <c>12ab</c>.</summary>
    BadNumber,
    /// <summary>A reference to a code no data element has (reported by <see cref="ExpressionCheck"/>).</summary>
    UnknownCode,
    /// <summary>Parentheses, unary operators or a chain of operators nested deeper than the evaluator allows.</summary>
    TooDeeplyNested,
}

/// <summary>One problem in an expression: its kind, 0-based character position and offending text or code.</summary>
public sealed record ExpressionError(ExpressionErrorKind Kind, int Position, string? Token);

/// <summary>The result of parsing: the expression when the text is valid, otherwise the errors.</summary>
public sealed record ExpressionParse(Expression? Expression, IReadOnlyList<ExpressionError> Errors)
{
    /// <summary>Whether the text parsed without errors.</summary>
    public bool Ok => Errors.Count == 0;
}

/// <summary>An arithmetic, comparison or logical expression over data element references such as
/// <c>#{HH_VNEID} / #{HH_TOTAL}</c> or <c>#{HH_VNEID} &lt;= #{HH_TOTAL}</c>.</summary>
public sealed class Expression
{
    private readonly Node _root;

    internal Expression(string text, Node root, IReadOnlyList<string> references)
    {
        Text = text;
        _root = root;
        References = references;
    }

    /// <summary>The text the expression was parsed from.</summary>
    public string Text { get; }

    /// <summary>The distinct referenced codes in order of first appearance, as written.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Whether the top-level operator is a comparison or logical operator, so the value is 1 or 0.</summary>
    public bool IsComparison => _root is Binary { Op: >= Op.Less } or Unary { Op: Op.Not };

    /// <summary>Parses <paramref name="text"/>; never throws on bad input.</summary>
    public static ExpressionParse Parse(string? text) => ExpressionParser.Parse(text);

    /// <summary>Evaluates with the given values. Null when a referenced value is null or on division by zero;
    /// comparisons give 1 or 0; logical operators treat non-zero as true.</summary>
    public double? Evaluate(Func<string, double?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        return Eval(_root, valueOf);
    }

    /// <summary>The expression's text.</summary>
    public override string ToString() => Text;

    private static double? Eval(Node node, Func<string, double?> valueOf)
    {
        switch (node)
        {
            case Number n:
                return n.Value;
            case Reference r:
                return valueOf(r.Code);
            case Unary u:
                var x = Eval(u.Operand, valueOf);
                if (x is not { } v) return null;
                return u.Op switch
                {
                    Op.Negate => -v,
                    Op.Not => v == 0 ? 1 : 0,
                    _ => v,
                };
            case Binary b:
                // Every operand is evaluated: a missing value anywhere makes the result unknown.
                var left = Eval(b.Left, valueOf);
                var right = Eval(b.Right, valueOf);
                if (left is not { } l || right is not { } rv) return null;
                double? result = b.Op switch
                {
                    Op.Add => l + rv,
                    Op.Subtract => l - rv,
                    Op.Multiply => l * rv,
                    Op.Divide => rv == 0 ? null : l / rv,
                    Op.Less => Bool(l < rv),
                    Op.LessOrEqual => Bool(l <= rv),
                    Op.Greater => Bool(l > rv),
                    Op.GreaterOrEqual => Bool(l >= rv),
                    Op.Equal => Bool(l == rv),
                    Op.NotEqual => Bool(l != rv),
                    Op.And => Bool(l != 0 && rv != 0),
                    Op.Or => Bool(l != 0 || rv != 0),
                    _ => null,
                };
                return result is { } d && (double.IsNaN(d) || double.IsInfinity(d)) ? null : result;
            default:
                return null;
        }
    }

    private static double Bool(bool b) => b ? 1 : 0;
}

/// <summary>Checks an expression's text against the codes that exist.</summary>
public static class ExpressionCheck
{
    /// <summary>The parse errors, or when it parses, one <see cref="ExpressionErrorKind.UnknownCode"/> error per
    /// unknown code at its first position.</summary>
    public static IReadOnlyList<ExpressionError> Check(string? text, Func<string, bool> isKnownCode)
    {
        ArgumentNullException.ThrowIfNull(isKnownCode);
        var parse = ExpressionParser.Parse(text, out var positions);
        if (!parse.Ok) return parse.Errors;
        var errors = new List<ExpressionError>();
        foreach (var code in parse.Expression!.References)
            if (!isKnownCode(code))
                errors.Add(new ExpressionError(ExpressionErrorKind.UnknownCode, positions[code], code));
        return errors;
    }
}

internal enum Op
{
    Plus, Negate, Not,
    Add, Subtract, Multiply, Divide,
    // Comparisons and logical operators come last so that IsComparison can test with >=.
    Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual, And, Or,
}

internal abstract record Node;
internal sealed record Number(double Value) : Node;
internal sealed record Reference(string Code) : Node;
internal sealed record Unary(Op Op, Node Operand) : Node;
internal sealed record Binary(Op Op, Node Left, Node Right) : Node;
