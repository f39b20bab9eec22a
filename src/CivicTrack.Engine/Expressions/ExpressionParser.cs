using System.Globalization;
using System.Runtime.CompilerServices;

namespace CivicTrack.Engine.Expressions;

/// <summary>Recursive-descent parser; stops at the first problem so that the error points to it.</summary>
internal sealed class ExpressionParser
{
    // Deep enough for any real indicator, shallow enough that evaluation cannot exhaust the stack.
    private const int MaxDepth = 500;

    private enum T { Number, Reference, Operator, Open, Close, End, Error }

    private readonly record struct Token(T Kind, int Position, string Text, Op Op = default, double Value = 0,
        ExpressionErrorKind Error = default);

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _next;
    private int _nesting;
    private readonly List<string> _references = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    private ExpressionParser(string text)
    {
        _text = text;
        _tokens = Lex(text);
    }

    public static ExpressionParse Parse(string? text) => Parse(text, out _);

    public static ExpressionParse Parse(string? text, out IReadOnlyDictionary<string, int> positions)
    {
        text ??= "";
        positions = new Dictionary<string, int>();
        if (string.IsNullOrWhiteSpace(text))
            return Fail(new ExpressionError(ExpressionErrorKind.Empty, 0, null));
        var parser = new ExpressionParser(text);
        try
        {
            var root = parser.ParseBinary(0);
            var after = parser.Peek;
            if (after.Kind != T.End) throw new ParseError(parser.Unexpected(after));
            positions = parser._positions;
            return new ExpressionParse(new Expression(text, root.Node, parser._references), []);
        }
        catch (ParseError e)
        {
            return Fail(e.Error);
        }
    }

    private static ExpressionParse Fail(ExpressionError error) => new(null, [error]);

    private sealed class ParseError(ExpressionError error) : Exception
    {
        public ExpressionError Error { get; } = error;
    }

    private readonly record struct Parsed(Node Node, int Depth);

    private Token Peek => _tokens[_next];

    // Binary levels from loosest to tightest: || , && , comparisons, + -, * /.
    private static int Level(Op op) => op switch
    {
        Op.Or => 0,
        Op.And => 1,
        Op.Add or Op.Subtract => 3,
        Op.Multiply or Op.Divide => 4,
        _ => 2,
    };

    private static bool IsBinary(Token t) => t.Kind == T.Operator && t.Op >= Op.Add;

    private Parsed ParseBinary(int level)
    {
        // Each nesting level costs several frames; on a thread with a small stack the depth limit alone is not enough.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new ParseError(new ExpressionError(ExpressionErrorKind.TooDeeplyNested, Peek.Position, Peek.Text));
        if (level > 4) return ParseUnary();
        var left = ParseBinary(level + 1);
        while (IsBinary(Peek) && Level(Peek.Op) == level)
        {
            var op = _tokens[_next++];
            var right = ParseBinary(level + 1);
            left = Make(new Binary(op.Op, left.Node, right.Node), Math.Max(left.Depth, right.Depth) + 1, op);
        }
        return left;
    }

    private Parsed ParseUnary()
    {
        var t = Peek;
        if (t.Kind == T.Operator && t.Op is Op.Not or Op.Subtract or Op.Add)
        {
            _next++;
            Enter(t);
            var operand = ParseUnary();
            _nesting--;
            var op = t.Op switch { Op.Not => Op.Not, Op.Subtract => Op.Negate, _ => Op.Plus };
            return Make(new Unary(op, operand.Node), operand.Depth + 1, t);
        }
        return ParsePrimary();
    }

    private Parsed ParsePrimary()
    {
        var t = _tokens[_next];
        switch (t.Kind)
        {
            case T.Number:
                _next++;
                return new Parsed(new Number(t.Value), 1);
            case T.Reference:
                _next++;
                if (_positions.TryAdd(t.Text, t.Position)) _references.Add(t.Text);
                return new Parsed(new Reference(t.Text), 1);
            case T.Open:
                _next++;
                Enter(t);
                var inner = ParseBinary(0);
                _nesting--;
                var close = Peek;
                if (close.Kind == T.Close)
                {
                    _next++;
                    return Make(inner.Node, inner.Depth + 1, t);
                }
                if (close.Kind == T.End)
                    throw new ParseError(new ExpressionError(ExpressionErrorKind.UnclosedParenthesis, t.Position, "("));
                throw new ParseError(Unexpected(close));
            case T.End:
                throw new ParseError(new ExpressionError(ExpressionErrorKind.UnexpectedEnd, t.Position, null));
            case T.Error:
                throw new ParseError(new ExpressionError(t.Error, t.Position, t.Text));
            default:
                // A binary operator or ')' where an operand should be.
                throw new ParseError(new ExpressionError(ExpressionErrorKind.MissingOperand, t.Position, t.Text));
        }
    }

    // Checked on the way down so that a long run of '(' or '-' cannot exhaust the stack while parsing.
    private void Enter(Token at)
    {
        if (++_nesting > MaxDepth)
            throw new ParseError(new ExpressionError(ExpressionErrorKind.TooDeeplyNested, at.Position, at.Text));
    }

    private Parsed Make(Node node, int depth, Token at) => depth <= MaxDepth
        ? new Parsed(node, depth)
        : throw new ParseError(new ExpressionError(ExpressionErrorKind.TooDeeplyNested, at.Position, at.Text));

    /// <summary>The error for a token found where an operator or the end was expected.</summary>
    private ExpressionError Unexpected(Token t) => t.Kind switch
    {
        T.Error => new ExpressionError(t.Error, t.Position, t.Text),
        T.Open or T.Close => new ExpressionError(ExpressionErrorKind.UnexpectedParenthesis, t.Position, t.Text),
        T.End => new ExpressionError(ExpressionErrorKind.UnexpectedEnd, _text.Length, null),
        T.Reference => new ExpressionError(ExpressionErrorKind.UnexpectedCharacter, t.Position, "#{" + t.Text + "}"),
        _ => new ExpressionError(ExpressionErrorKind.UnexpectedCharacter, t.Position, t.Text),
    };

    // ---- lexing ----

    private static bool IsCodeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    /// <summary>Tokens up to the first lexical error, which becomes an Error token followed by End.</summary>
    private static List<Token> Lex(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i >= s.Length)
            {
                tokens.Add(new Token(T.End, s.Length, ""));
                return tokens;
            }
            var token = Next(s, ref i);
            tokens.Add(token);
            if (token.Kind == T.Error)
            {
                tokens.Add(new Token(T.End, s.Length, ""));
                return tokens;
            }
        }
    }

    private static Token Next(string s, ref int i)
    {
        var start = i;
        var c = s[i];
        var second = i + 1 < s.Length ? s[i + 1] : '\0';
        (Op Op, int Length)? op = c switch
        {
            '+' => (Op.Add, 1),
            '-' => (Op.Subtract, 1),
            '*' => (Op.Multiply, 1),
            '/' => (Op.Divide, 1),
            '<' => second == '=' ? (Op.LessOrEqual, 2) : (Op.Less, 1),
            '>' => second == '=' ? (Op.GreaterOrEqual, 2) : (Op.Greater, 1),
            '=' => second == '=' ? (Op.Equal, 2) : (Op.Equal, 1),
            '!' => second == '=' ? (Op.NotEqual, 2) : (Op.Not, 1),
            '&' when second == '&' => (Op.And, 2),
            '|' when second == '|' => (Op.Or, 2),
            _ => null,
        };
        if (op is { } o)
        {
            i += o.Length;
            return new Token(T.Operator, start, s.Substring(start, o.Length), o.Op);
        }
        switch (c)
        {
            case '#': return LexReference(s, ref i);
            case '(': i++; return new Token(T.Open, start, "(");
            case ')': i++; return new Token(T.Close, start, ")");
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(second)))
            return LexNumber(s, ref i);
        if (char.IsAsciiLetter(c) || c == '_')
        {
            // A bare word is most likely a code written without #{ }: name the whole word.
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_')) i++;
            return Error(ExpressionErrorKind.UnexpectedCharacter, start, s[start..i]);
        }
        var length = char.IsHighSurrogate(c) && char.IsLowSurrogate(second) ? 2 : 1;
        return Error(ExpressionErrorKind.UnexpectedCharacter, start, s.Substring(start, length));
    }

    private static Token Error(ExpressionErrorKind kind, int position, string? text) =>
        new(T.Error, position, text ?? "", Error: kind);

    private static Token LexReference(string s, ref int i)
    {
        var start = i;
        if (i + 1 >= s.Length || s[i + 1] != '{')
            return Error(ExpressionErrorKind.UnexpectedCharacter, start, "#");
        var codeStart = i + 2;
        var k = codeStart;
        while (k < s.Length && IsCodeChar(s[k])) k++;
        if (k < s.Length && s[k] == '}')
        {
            if (k == codeStart) return Error(ExpressionErrorKind.EmptyReference, start, "#{}");
            i = k + 1;
            return new Token(T.Reference, start, s[codeStart..k]);
        }
        var close = s.IndexOf('}', k);
        // A '#' or '{' before the next '}' means this reference was never closed and another began.
        var nextOpen = s.IndexOfAny(['#', '{'], k);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            return Error(ExpressionErrorKind.UnclosedReference, start, s[start..Math.Min(s.Length, k)]);
        return Error(ExpressionErrorKind.BadReference, start, s[codeStart..close]);
    }

    private static Token LexNumber(string s, ref int i)
    {
        var start = i;
        // Take the whole run that looks like part of a number so that "1.2.3" or "12ab" is one bad token.
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_') i++;
            else if (c is '+' or '-' && s[i - 1] is 'e' or 'E' && IsPlainMantissa(s.AsSpan(start, i - 1 - start))) i++;
            else break;
        }
        var text = s[start..i];
        if (IsWellFormedNumber(text)
            && double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
            return new Token(T.Number, start, text, Value: value);
        return Error(ExpressionErrorKind.BadNumber, start, text);
    }

    private static bool IsPlainMantissa(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsAsciiDigit(c) && c != '.') return false;
        return s.Length > 0;
    }

    // digits [. digits] | . digits, then optionally e [+-] digits.
    private static bool IsWellFormedNumber(string s)
    {
        var i = 0;
        var intDigits = Digits(s, ref i);
        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            fracDigits = Digits(s, ref i);
            if (fracDigits == 0) return false;
        }
        if (intDigits == 0 && fracDigits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            if (Digits(s, ref i) == 0) return false;
        }
        return i == s.Length;
    }

    private static int Digits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i - start;
    }
}
