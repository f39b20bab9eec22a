using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CivicTrack.Features.Shared;

/// <summary>A file prepared for download: its name and its bytes.</summary>
public sealed record DownloadFile(string Name, byte[] Content);

/// <summary>A service's <see cref="Outcome{T}"/> as an HTTP answer, the same way for every endpoint.</summary>
public static class OutcomeResults
{
    /// <summary>200, or 201 with the address <paramref name="location"/> gives; 400 naming the fields; 404 titled
    /// <paramref name="notFound"/> (without it, the empty 404 that every API error gets its problem for); 409 titled
    /// <paramref name="conflict"/> or the outcome's first problem.</summary>
    public static Results<Ok<T>, Created<T>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>> ToHttp<T>(
        this Outcome<T> outcome, string? notFound, string? conflict = null, Func<T, string>? location = null) => outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(outcome.Value!),
            OutcomeKind.Created => TypedResults.Created(location?.Invoke(outcome.Value!), outcome.Value!),
            OutcomeKind.NotFound => NotFound(notFound),
            OutcomeKind.Conflict => TypedResults.Conflict(new ProblemDetails
            {
                Title = conflict ?? outcome.Problems.Values.SelectMany(v => v).FirstOrDefault(),
                Status = StatusCodes.Status409Conflict,
            }),
            _ => Invalid(outcome),
        };

    /// <summary>The prepared file as a download, or why there is none (400 naming the fields, else 404).</summary>
    public static Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>> ToFile(
        this Outcome<DownloadFile> outcome, string contentType, string notFound) =>
        outcome is { Succeeded: true, Value: { } file } ? TypedResults.File(file.Content, contentType, file.Name)
        : outcome.Kind == OutcomeKind.Invalid ? Invalid(outcome)
        : NotFound(notFound);

    private static ValidationProblem Invalid<T>(Outcome<T> outcome) =>
        TypedResults.ValidationProblem(outcome.Problems.ToDictionary(p => p.Key, p => p.Value));

    // A null value writes no body, so the API's error handling answers the 404 as it answers any other.
    private static NotFound<ProblemDetails> NotFound(string? title) =>
        TypedResults.NotFound(title is null ? null : new ProblemDetails { Title = title, Status = StatusCodes.Status404NotFound });
}
