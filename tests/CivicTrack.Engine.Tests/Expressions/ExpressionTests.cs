using CivicTrack.Engine.Expressions;
using FsCheck;
using FsCheck.Fluent;
using Kind = CivicTrack.Engine.Expressions.ExpressionErrorKind;

namespace CivicTrack.Engine.Tests.Expressions;

public sealed class ExpressionTests
{
    private static readonly Dictionary<string, double?> Values = new()
    {
        ["A"] = 6, ["B"] = 3, ["Z"] = 0, ["N"] = null, ["HH_VNEID"] = 450, ["HH_TOTAL"] = 600, ["x.y-z"] = 2,
    };

    private static double? ValueOf(string code) => Values.TryGetValue(code, out var v) ? v : null;

    private static Expression Ok(string text)
    {
        var parse = Expression.Parse(text);
        Assert.True(parse.Ok, string.Join("; ", parse.Errors));
        return parse.Expression!;
    }

    private static double? Eval(string text) => Ok(text).Evaluate(ValueOf);

    private static ExpressionError OneError(string? text)
    {
        var parse = Expression.Parse(text);
        Assert.False(parse.Ok);
        Assert.Null(parse.Expression);
        return Assert.Single(parse.Errors);
    }

    [Theory]
    [InlineData("#{HH_VNEID} / #{HH_TOTAL}", 0.75)]
    [InlineData("#{HH_VNEID} / #{HH_TOTAL} * 100", 75)]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("24 / 4 / 2", 3)]
    [InlineData("-2 * 3", -6)]
    [InlineData("- -2", 2)]
    [InlineData("+#{A}", 6)]
    [InlineData("2 - -#{B}", 5)]
    [InlineData("0.5 + .25", 0.75)]
    [InlineData("1e3 + 2.5E-1", 1000.25)]
    [InlineData("1e+2", 100)]
    [InlineData("#{x.y-z} * 2", 4)]
    [InlineData("  #{A}\t*\n#{B}  ", 18)]
    [InlineData("((((#{A}))))", 6)]
    public void Arithmetic_GivesTheUsualValues(string text, double expected)
    {
        var value = Eval(text);
        Assert.NotNull(value);
        Assert.Equal(expected, value.Value, 9);
    }

    [Theory]
    [InlineData("#{HH_VNEID} <= #{HH_TOTAL}", 1)]
    [InlineData("#{A} < #{B}", 0)]
    [InlineData("#{A} > #{B}", 1)]
    [InlineData("#{A} >= 6", 1)]
    [InlineData("#{A} <= 5.9", 0)]
    [InlineData("#{A} == 6", 1)]
    [InlineData("#{A} = 6", 1)]
    [InlineData("#{A} != 6", 0)]
    [InlineData("#{A} + 1 > #{B} * 2", 1)]          // 7 > 6: arithmetic binds tighter than comparison
    [InlineData("1 < 2 && 3 < 2", 0)]
    [InlineData("1 < 2 || 3 < 2", 1)]
    [InlineData("0 || 0 && 1", 0)]
    [InlineData("1 || 0 && 0", 1)]                   // && binds tighter than ||
    [InlineData("!0", 1)]
    [InlineData("!#{A}", 0)]
    [InlineData("!#{Z} && #{A}", 1)]
    [InlineData("!(#{A} > #{B})", 0)]
    [InlineData("2 && 3", 1)]
    [InlineData("-1 || 0", 1)]
    public void ComparisonsAndLogic_GiveOneOrZero(string text, double expected) => Assert.Equal(expected, Eval(text));

    [Theory]
    [InlineData("#{A} <= #{B}", true)]
    [InlineData("#{A} && #{B}", true)]
    [InlineData("#{A} || #{B}", true)]
    [InlineData("!#{A}", true)]
    [InlineData("(#{A} = #{B})", true)]
    [InlineData("#{A} / #{B}", false)]
    [InlineData("(#{A} < #{B}) * 100", false)]
    [InlineData("-(#{A} < #{B})", false)]
    [InlineData("#{A}", false)]
    public void IsComparison_LooksAtTheTopLevelOperator(string text, bool expected) =>
        Assert.Equal(expected, Ok(text).IsComparison);

    [Theory]
    [InlineData("#{N} + 1")]
    [InlineData("1 + #{MISSING}")]
    [InlineData("#{N} * 0")]
    [InlineData("#{N} > 0")]
    [InlineData("0 && #{N}")]
    [InlineData("-#{N}")]
    [InlineData("!#{N}")]
    public void NullValues_MakeTheResultNull(string text) => Assert.Null(Eval(text));

    [Theory]
    [InlineData("#{A} / #{Z}")]
    [InlineData("1 / 0")]
    [InlineData("0 / 0")]
    [InlineData("(1 / 0) > 1")]
    [InlineData("1e308 * 10")]
    public void DivisionByZeroOrOverflow_IsNull(string text) => Assert.Null(Eval(text));

    [Fact]
    public void References_AreDistinctInOrderOfFirstAppearance_CaseSensitive()
    {
        var e = Ok("#{b} + #{A} * #{b} - #{a} / #{A}");
        Assert.Equal(["b", "A", "a"], e.References);
        Assert.Equal("#{b} + #{A} * #{b} - #{a} / #{A}", e.Text);
        Assert.Empty(Ok("1 + 2").References);
    }

    [Fact]
    public void Evaluate_AsksForEveryReferencedCode()
    {
        var asked = new List<string>();
        Ok("#{A} * 0 + #{B}").Evaluate(c => { asked.Add(c); return 1; });
        Assert.Equal(["A", "B"], asked);
    }

    [Theory]
    [InlineData(null, Kind.Empty, 0, null)]
    [InlineData("", Kind.Empty, 0, null)]
    [InlineData("   ", Kind.Empty, 0, null)]
    [InlineData("#{A} + ", Kind.UnexpectedEnd, 7, null)]
    [InlineData("-", Kind.UnexpectedEnd, 1, null)]
    [InlineData("(", Kind.UnexpectedEnd, 1, null)]
    [InlineData("#{A} $ 2", Kind.UnexpectedCharacter, 5, "$")]
    [InlineData("#{A} & #{B}", Kind.UnexpectedCharacter, 5, "&")]
    [InlineData("HH_TOTAL + 1", Kind.UnexpectedCharacter, 0, "HH_TOTAL")]
    [InlineData("#A", Kind.UnexpectedCharacter, 0, "#")]
    [InlineData("#{A} #{B}", Kind.UnexpectedCharacter, 5, "#{B}")]
    [InlineData("2 3", Kind.UnexpectedCharacter, 2, "3")]
    [InlineData("#{A} ! #{B}", Kind.UnexpectedCharacter, 5, "!")]
    [InlineData("#{A", Kind.UnclosedReference, 0, "#{A")]
    [InlineData("1 + #{A + #{B}", Kind.UnclosedReference, 4, "#{A")]
    [InlineData("#{}", Kind.EmptyReference, 0, "#{}")]
    [InlineData("1 + #{}", Kind.EmptyReference, 4, "#{}")]
    [InlineData("#{A B}", Kind.BadReference, 0, "A B")]
    [InlineData("2 * #{HH$X}", Kind.BadReference, 4, "HH$X")]
    [InlineData("* 2", Kind.MissingOperand, 0, "*")]
    [InlineData("#{A} + * 2", Kind.MissingOperand, 7, "*")]
    [InlineData("#{A} < = 2", Kind.MissingOperand, 7, "=")]
    [InlineData("()", Kind.MissingOperand, 1, ")")]
    [InlineData("(#{A}", Kind.UnclosedParenthesis, 0, "(")]
    [InlineData("2 * ((#{A} + 1)", Kind.UnclosedParenthesis, 4, "(")]
    [InlineData("#{A})", Kind.UnexpectedParenthesis, 4, ")")]
    [InlineData("#{A} (2)", Kind.UnexpectedParenthesis, 5, "(")]
    [InlineData("1.2.3", Kind.BadNumber, 0, "1.2.3")]
    [InlineData("#{A} + 12abc", Kind.BadNumber, 7, "12abc")]
    [InlineData("1e", Kind.BadNumber, 0, "1e")]
    [InlineData("1.", Kind.BadNumber, 0, "1.")]
    [InlineData("1e999", Kind.BadNumber, 0, "1e999")]
    public void Errors_NameTheKindPositionAndToken(string? text, Kind kind, int position, string? token)
    {
        var e = OneError(text);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(position, e.Position);
        Assert.Equal(token, e.Token);
    }

    [Fact]
    public void Errors_PointToTheFirstProblem()
    {
        Assert.Equal(new ExpressionError(Kind.MissingOperand, 4, "*"), OneError("1 * * $"));
        Assert.Equal(new ExpressionError(Kind.UnexpectedCharacter, 2, "$"), OneError("1 $ * *"));
    }

    [Fact]
    public void DeepNesting_IsAnErrorNotACrash()
    {
        Assert.False(Expression.Parse(new string('(', 100_000) + "1" + new string(')', 100_000)).Ok);
        Assert.False(Expression.Parse(new string('-', 100_000) + "1").Ok);
        Assert.False(Expression.Parse(string.Join("+", Enumerable.Repeat("1", 100_000))).Ok);
        Assert.Equal(100, Eval(string.Join("+", Enumerable.Repeat("1", 100))));
        Assert.Equal(1, Eval(new string('(', 100) + "1" + new string(')', 100)));
    }

    [Theory]
    [InlineData("paren")]
    [InlineData("minus")]
    [InlineData("not")]
    [InlineData("sum")]
    public void TenThousandLevels_AreTooDeeplyNested_NotAnUnexpectedCharacter(string shape)
    {
        var text = shape switch
        {
            "paren" => new string('(', 10_000) + "1" + new string(')', 10_000),
            "minus" => new string('-', 10_000) + "1",
            "not" => new string('!', 10_000) + "#{A}",
            _ => string.Join(" + ", Enumerable.Repeat("#{A}", 10_000)),
        };
        var error = OneError(text);
        Assert.Equal(Kind.TooDeeplyNested, error.Kind);
        Assert.InRange(error.Position, 0, text.Length - 1);
    }

    [Fact]
    public void OnASmallStack_DeepNesting_IsRefusedAsTooDeep_NotAStackOverflow()
    {
        ExpressionParse? parse = null;
        var thread = new Thread(() => parse = Expression.Parse(new string('(', 500) + "#{A}" + new string(')', 500)), 128 * 1024);
        thread.Start();
        thread.Join();
        Assert.NotNull(parse);
        Assert.True(parse.Ok || parse.Errors.Single().Kind == Kind.TooDeeplyNested, string.Join(", ", parse.Errors));
    }

    [Fact]
    public void FiveHundredLevels_StillParse()
    {
        Assert.Equal(1, Eval(new string('(', 499) + "1" + new string(')', 499)));
    }

    [Fact]
    public void Check_NamesEachUnknownCodeAtItsFirstPosition()
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "HH_TOTAL" };
        var errors = ExpressionCheck.Check("#{HH_VNEID} / #{HH_TOTAL} + #{hh_total} + #{HH_VNEID}", known.Contains);
        Assert.Equal(
            [new ExpressionError(Kind.UnknownCode, 0, "HH_VNEID"), new ExpressionError(Kind.UnknownCode, 28, "hh_total")],
            errors);
    }

    [Fact]
    public void Check_ReturnsParseErrorsFirst_AndNothingWhenAllIsWell()
    {
        Assert.Equal([new ExpressionError(Kind.UnclosedReference, 0, "#{X")], ExpressionCheck.Check("#{X", _ => false));
        Assert.Empty(ExpressionCheck.Check("#{A} <= #{B}", _ => true));
        Assert.Equal(Kind.Empty, Assert.Single(ExpressionCheck.Check(null, _ => true)).Kind);
    }

    // ---- properties ----

    private static Arbitrary<string> NoisyText()
    {
        var piece = Gen.Frequency(
            (6, Gen.Elements("#{", "}", "#{A}", "#{B}", "(", ")", "+", "-", "*", "/", "<", "<=", "=", "==", "!", "!=",
                "&&", "||", "&", "|", "1", "2.5", ".", "e", "1e", " ", "#", "{", "x", "$", "\t")),
            (2, Gen.Choose(32, 126).Select(c => ((char)c).ToString())),
            (1, Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())));
        return Gen.ListOf(piece).Select(p => string.Concat(p)).ToArbitrary();
    }

    [Fact]
    public void Property_ParseAndCheckNeverThrow() =>
        Prop.ForAll(NoisyText(), text =>
        {
            var parse = Expression.Parse(text);
            var check = ExpressionCheck.Check(text, c => c == "A");
            var consistent = parse.Ok == (parse.Expression is not null)
                && parse.Errors.All(e => e.Position >= 0 && e.Position <= text.Length)
                && check.All(e => e.Position >= 0 && e.Position <= text.Length);
            parse.Expression?.Evaluate(_ => 1);
            return consistent;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_PrintableAsciiNeverThrows() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(32, 126).Select(c => (char)c)).Select(cs => new string(cs)).ToArbitrary(), text =>
        {
            var parse = Expression.Parse(text);
            ExpressionCheck.Check(text, _ => false);
            return parse.Ok || parse.Errors.Count == 1;
        }).QuickCheckThrowOnFailure();

    private abstract record Ast;
    private sealed record Num(double Value) : Ast;
    private sealed record Ref(string Code) : Ast;
    private sealed record Un(string Op, Ast Operand) : Ast;
    private sealed record Bin(string Op, Ast Left, Ast Right) : Ast;

    private static readonly string[] BinaryOps = ["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "=", "!=", "&&", "||"];

    private static Gen<Ast> AstGen(int size)
    {
        var leaf = Gen.OneOf(
            Gen.Choose(0, 400).Select(n => (Ast)new Num(n / 4.0)),
            Gen.Elements("A", "B", "Z", "N", "x.y-z").Select(c => (Ast)new Ref(c)));
        if (size <= 0) return leaf;
        return Gen.Frequency(
            (2, leaf),
            (1, Gen.Elements("-", "+", "!").SelectMany(op => AstGen(size - 1).Select(a => (Ast)new Un(op, a)))),
            (3, from op in Gen.Elements(BinaryOps)
                from l in AstGen(size / 2)
                from r in AstGen(size / 2)
                select (Ast)new Bin(op, l, r)));
    }

    private static string Print(Ast a) => a switch
    {
        Num n => n.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        Ref r => "#{" + r.Code + "}",
        Un u => u.Op + "(" + Print(u.Operand) + ")",
        Bin b => "(" + Print(b.Left) + ") " + b.Op + " (" + Print(b.Right) + ")",
        _ => throw new InvalidOperationException(),
    };

    private static double? Model(Ast a)
    {
        static double? Finite(double d) => double.IsFinite(d) ? d : null;
        switch (a)
        {
            case Num n: return n.Value;
            case Ref r: return ValueOf(r.Code);
            case Un u:
                if (Model(u.Operand) is not { } v) return null;
                return u.Op switch { "-" => -v, "+" => v, _ => v == 0 ? 1 : 0 };
            case Bin b:
                var (l, r2) = (Model(b.Left), Model(b.Right));
                if (l is not { } x || r2 is not { } y) return null;
                return b.Op switch
                {
                    "+" => Finite(x + y), "-" => Finite(x - y), "*" => Finite(x * y), "/" => y == 0 ? null : Finite(x / y),
                    "<" => x < y ? 1 : 0, "<=" => x <= y ? 1 : 0, ">" => x > y ? 1 : 0, ">=" => x >= y ? 1 : 0,
                    "==" or "=" => x == y ? 1 : 0, "!=" => x != y ? 1 : 0,
                    "&&" => x != 0 && y != 0 ? 1 : 0, _ => x != 0 || y != 0 ? 1 : 0,
                };
            default: throw new InvalidOperationException();
        }
    }

    [Fact]
    public void Property_PrintedAstParsesBackAndEvaluatesTheSame() =>
        Prop.ForAll(Gen.Sized(s => AstGen(Math.Min(s, 30))).ToArbitrary(), ast =>
        {
            var text = Print(ast);
            var parse = Expression.Parse(text);
            return parse.Ok && Equals(parse.Expression!.Evaluate(ValueOf), Model(ast));
        }).QuickCheckThrowOnFailure();
}
