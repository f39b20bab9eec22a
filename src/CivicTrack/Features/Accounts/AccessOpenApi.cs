using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CivicTrack.Features.Accounts;

/// <summary>Puts the access rules into the OpenAPI document: the bearer scheme, and on each operation who may
/// call it and which token scope it needs.</summary>
public static class AccessOpenApi
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiTokenHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A session token from POST /api/auth/login or a personal access token (ct_...).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var rule = context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessRule>().LastOrDefault();
            if (rule is null || rule.Anonymous) return Task.CompletedTask;
            var access = $"Access: {string.Join(", ", rule.Roles)}" +
                         (rule.TokenScope is { } scope ? $"; token scope `{scope}`" : "") +
                         (rule.UnitScoped ? "; confined to the caller's units (others answer 404)" : "") + ".";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? access : operation.Description + "\n\n" + access;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiTokenHandler.SchemeName, context.Document)] = [] });
            return Task.CompletedTask;
        });
    }
}
