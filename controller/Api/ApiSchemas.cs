using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SignageKiosk.Controller.Auth;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Controller.Api;

/// <summary>
/// What the OpenAPI document's schemas say beyond what the CLR types tell the generator (docs/decisions/0050), so a
/// client generated from it sends what the controller accepts.
/// </summary>
public static class ApiSchemas
{
    /// <summary>
    /// Declares the request body as <paramref name="type"/> in JSON for the document only. Not <c>Accepts</c>: its metadata
    /// also takes part in routing, and a body of another content type would then miss the route and meet the /api
    /// fallback's 404 instead of the handler's clear 415.
    /// </summary>
    public static RouteHandlerBuilder JsonBody(this RouteHandlerBuilder builder, Type type, bool required = true) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
            // As a component, like the answers' schemas (the generator inlines a schema made here): one Notice for both.
            var document = context.Document ?? throw new InvalidOperationException("no OpenAPI document to add " + type.Name + " to");
            if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            {
                document.AddComponent(type.Name, schema);
            }
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = new OpenApiSchemaReference(type.Name, document) } },
            };
        });

    /// <summary>
    /// Declares a request body of raw bytes (an upload: a picture, a spreadsheet) in one of <paramref name="contentTypes"/>,
    /// for the document only, like <see cref="JsonBody"/>: the handler reads the stream and refuses another type with its own 415.
    /// </summary>
    public static RouteHandlerBuilder FileBody(this RouteHandlerBuilder builder, IEnumerable<string> contentTypes) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = contentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    StringComparer.Ordinal),
            };
            return Task.CompletedTask;
        });

    /// <summary>
    /// Declares a 200 answer of raw bytes (a picture, a PDF, a spreadsheet, a build) in <paramref name="contentTypes"/>, so a
    /// generated client reads it as a file; <c>Produces</c> would need a CLR type for what is only bytes.
    /// </summary>
    public static RouteHandlerBuilder FileAnswer(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "OK",
                Content = contentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    StringComparer.Ordinal),
            };
            return Task.CompletedTask;
        });

    public static OpenApiOptions AddApiSchemas(this OpenApiOptions options) => options.AddSchemaTransformer((schema, context, _) =>
    {
        var type = context.JsonTypeInfo.Type;
        if (schema.Required is { Count: > 0 } present && schema.Properties is { } properties)
        {
            // Nulls are left out of what the controller writes (WhenWritingNull): a property that may be null may be absent.
            foreach (var (name, property) in properties)
            {
                if (MayBeNull(property))
                {
                    present.Remove(name);
                }
            }
        }
        if (type.IsEnum)
        {
            // Enums travel as camelCase strings (SyncJson, ContentJson); the generator lists the names but not the type.
            schema.Type = JsonSchemaType.String;
        }
        else if (typeof(ContentItem).IsAssignableFrom(type) && schema.Required is { } required)
        {
            // Required on the stored item, but a create may leave it out (the controller makes one) and a replace takes the URL's.
            required.Remove("id");
        }
        else if (type == typeof(AuthEndpoints.TokenRequest))
        {
            // Nullable in the record so that a missing one gets the handler's own message, but both are needed.
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "username", "password" };
        }
        return Task.CompletedTask;
    });

    private static bool MayBeNull(IOpenApiSchema property) =>
        property.Type is { } type && type.HasFlag(JsonSchemaType.Null)
        || property.OneOf?.Any(choice => choice.Type == JsonSchemaType.Null) == true;

    /// <summary>What a staff write may answer besides its success: a bad body (400), no right to it (403), a body that is
    /// not JSON (415), and <paramref name="more"/>.</summary>
    public static RouteHandlerBuilder WriteRefusals(this RouteHandlerBuilder builder, int more) =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(more);
}
