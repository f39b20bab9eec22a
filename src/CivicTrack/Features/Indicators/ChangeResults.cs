using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CivicTrack.Features.Indicators;

/// <summary>A service's <see cref="Change{T}"/> as an HTTP answer: 200 (or 201 with its address), 400 naming the
/// fields, 404, or 409.</summary>
public static class ChangeResults
{
    public static Results<Ok<T>, Created<T>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>> ToResult<T>(
        this Change<T> change, string notFound, string? conflict = null, Func<T, string>? created = null) => change.Outcome switch
        {
            ChangeOutcome.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]>(change.Problems!)),
            ChangeOutcome.NotFound => TypedResults.NotFound(new ProblemDetails { Title = notFound, Status = 404 }),
            ChangeOutcome.Conflict => TypedResults.Conflict(new ProblemDetails { Title = conflict ?? change.Problems?.Values.SelectMany(v => v).FirstOrDefault(), Status = 409 }),
            _ when created is not null => TypedResults.Created(created(change.Value!), change.Value!),
            _ => TypedResults.Ok(change.Value!),
        };
}
