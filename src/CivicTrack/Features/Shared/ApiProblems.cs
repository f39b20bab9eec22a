using System.Diagnostics;
using System.Text.Json;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Shared;

/// <summary>Every error under <c>/api/</c> is <c>application/problem+json</c> with a sentence a person can act on, in any
/// environment: requests the framework cannot bind (malformed JSON, a wrong type: the field is named), bodies over the
/// limit (413), empty error answers (401, 404, 405...), and unexpected exceptions (500, logged, nothing of the
/// exception shown). Pages keep the ordinary error page.</summary>
public static class ApiProblems
{
    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        // Binding failures throw in every environment (not only in Development), so they reach UseApiProblems with
        // the JsonException that says which field was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>After localization, so the answers are in the caller's language.</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            var result = FromException(context, e);
            context.Response.Clear();
            await result.ExecuteAsync(context);
            return;
        }
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null or 0 && string.IsNullOrEmpty(response.ContentType))
            await FromStatus(context).ExecuteAsync(context);
    });

    /// <summary>A JSON body that could not be read: 400 naming the field from the exception's path (<c>$.expiresInDays</c>
    /// → <c>expiresInDays</c>), with the line and position.</summary>
    public static ValidationProblem JsonProblem(JsonException e, IStringLocalizer<UploadResource> t)
    {
        var path = e.Path switch
        {
            null or "$" => null,
            var p when p.StartsWith("$.", StringComparison.Ordinal) => p[2..],
            var p => p.TrimStart('$'),
        };
        var line = (e.LineNumber ?? 0) + 1;
        var position = (e.BytePositionInLine ?? 0) + 1;
        return TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [path ?? "body"] = [path is null ? t["Api.JsonSyntax", line, position] : t["Api.JsonValue", line, position]] },
            title: t["Api.BadRequest"]);
    }

    private static IResult FromException(HttpContext context, Exception e)
    {
        var t = context.RequestServices.GetRequiredService<IStringLocalizer<UploadResource>>();
        var limits = context.RequestServices.GetRequiredService<UploadLimits>();
        switch (e)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return UploadRequest.TooLarge(limits, t);
            case BadHttpRequestException { InnerException: JsonException json }:
                return JsonProblem(json, t);
            case BadHttpRequestException { InnerException: InvalidDataException or IOException }:
                return TypedResults.Problem(t["Upload.UnreadableForm"], statusCode: StatusCodes.Status400BadRequest);
            // A body in a character set nobody can decode (Content-Type: ...; charset=bogus).
            case InvalidOperationException when UnknownCharset(context.Request):
                return TypedResults.Problem(t["Status.415"], statusCode: StatusCodes.Status415UnsupportedMediaType);
            case BadHttpRequestException bad:
                // The framework's sentence names the parameter and the value it could not bind.
                return TypedResults.Problem(title: t["Api.BadRequest"], detail: bad.Message, statusCode: bad.StatusCode);
            default:
                var trace = Activity.Current?.Id ?? context.TraceIdentifier;
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CivicTrack.Api")
                    .LogError(e, "Unhandled exception answering {Method} {Path} ({Trace})", context.Request.Method, context.Request.Path, trace);
                return TypedResults.Problem(title: t["Api.Unexpected", trace], statusCode: StatusCodes.Status500InternalServerError,
                    extensions: new Dictionary<string, object?> { ["traceId"] = trace });
        }
    }

    private static bool UnknownCharset(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.Charset.Length == 0) return false;
        try { System.Text.Encoding.GetEncoding(type.Charset.Value!); return false; }
        catch (ArgumentException) { return true; }
    }

    private static ProblemHttpResult FromStatus(HttpContext context)
    {
        var t = context.RequestServices.GetRequiredService<IStringLocalizer<UploadResource>>();
        var limits = context.RequestServices.GetRequiredService<UploadLimits>();
        var status = context.Response.StatusCode;
        var text = t[$"Status.{status}", context.Request.Method, limits.MaxRequestMegabytes, status];
        if (text.ResourceNotFound) text = t["Status.Other", context.Request.Method, limits.MaxRequestMegabytes, status];
        return TypedResults.Problem(title: text, statusCode: status);
    }
}
