using CivicTrack.Engine.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CivicTrack.Features.Shared;

/// <summary>Describes a name in several languages in the OpenAPI document as the API reads and writes it:
/// an object of language → text, where a plain string is also accepted as Vietnamese.</summary>
public static class LocalTextOpenApi
{
    public static void Configure(OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type != typeof(LocalText)) return Task.CompletedTask;
            schema.Type = JsonSchemaType.Object;
            schema.Properties?.Clear();
            schema.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String };
            schema.Description = $"Text by language ({string.Join(", ", Localization.Languages.Select(l => $"\"{l}\""))}), e.g. "
                + "{\"vi\": \"Xã\", \"en\": \"Commune\"}. A plain string is read as the Vietnamese text.";
            return Task.CompletedTask;
        });
}
