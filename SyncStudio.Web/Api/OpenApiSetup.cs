using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using SyncStudio.Data;

namespace SyncStudio.Web.Api;

/// <summary>
/// Route metadata for a handler that reads a body of another media type than JSON itself (from the raw request), which
/// inference cannot see: the document describes that body instead of the JSON object it assumes otherwise.
/// </summary>
public sealed record RequestBodyMediaType(string ContentType, string Description);

/// <summary>
/// The API's OpenAPI document at <c>/openapi/v1.json</c> and its Scalar reference page at <c>/api/docs</c>, both
/// anonymous. Schemas come out in snake_case because the generator reads the same HTTP JSON options as the API.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string DocsPath = "/api/docs";
    public const string RoleExtension = "x-required-role";
    public const string Anonymous = "anonymous";
    private const string BearerScheme = "Bearer";
    private const string ErrorSchema = nameof(ErrorResponse);

    public static IServiceCollection AddSyncStudioOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true
                && !d.RelativePath.StartsWith("api/docs", StringComparison.Ordinal);
            o.AddDocumentTransformer(DescribeDocumentAsync);
            o.AddOperationTransformer(DescribeOperation);
        });

    /// <summary>Describes the route's body as <paramref name="contentType"/> text (the handler must refuse other types with 415).</summary>
    public static RouteHandlerBuilder WithRequestBodyMediaType(this RouteHandlerBuilder route, string contentType, string description) =>
        route.WithMetadata(new RequestBodyMediaType(contentType, description));

    public static IEndpointRouteBuilder MapSyncStudioOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        app.MapScalarApiReference(DocsPath, o => o
                .WithTitle("SyncStudio API")
                .WithOpenApiRoutePattern(DocumentPath))
            .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The role a route needs: the highest of its role policies (they all apply), or <see cref="Anonymous"/> when
    /// it allows anonymous callers.
    /// </summary>
    public static string RequiredRole(EndpointMetadataCollection metadata)
    {
        if (metadata.GetMetadata<IAllowAnonymous>() is not null)
            return Anonymous;
        var policies = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
        return Roles.All.LastOrDefault(policies.Contains) ?? Anonymous;
    }

    private static async Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "SyncStudio API";
        document.Info.Description = "Staged, reviewable, reversible sync between the local catalog and Shopify. "
            + "Get a bearer token from POST /api/auth/token; each operation names the role it needs in "
            + $"`{RoleExtension}`. Errors are always {{\"error\", \"details\"}}.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from POST /api/auth/token.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(ErrorSchema))
            document.Components.Schemas[ErrorSchema] = await context.GetOrCreateSchemaAsync(typeof(ErrorResponse), cancellationToken: ct);
    }

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = new EndpointMetadataCollection(context.Description.ActionDescriptor.EndpointMetadata);
        var role = RequiredRole(metadata);
        var method = context.Description.HttpMethod ?? "";
        var document = context.Document;

        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[RoleExtension] = new JsonNodeExtension(JsonValue.Create(role));
        var access = role == Anonymous ? "Anonymous." : $"Requires the {role} role (or higher).";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? access : $"{operation.Description}\n\n{access}";

        if (role != Anonymous)
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];

        // Handlers that read the body themselves leave nothing for inference to describe: a JSON object read field by
        // field, unless the route names another media type.
        if (metadata.GetMetadata<RequestBodyMediaType>() is { } media)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = media.Description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [media.ContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
            operation.Responses ??= [];
            AddError(operation, document, "400", $"The body is not what the request body describes (its {media.ContentType} cannot be read)");
            AddError(operation, document, "415", $"The body is not {media.ContentType}");
        }
        else if (operation.RequestBody is null && method is "POST" or "PUT" or "PATCH")
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Description = "A JSON object; unknown members are refused.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                },
            };
        }

        operation.Responses ??= [];
        AddError(operation, document, "400", "Invalid input (malformed JSON, wrong types, unknown fields, failed validation)");
        if (method is "POST" or "PUT" or "PATCH")
            AddError(operation, document, "413", "The body is larger than the server takes");
        if (role != Anonymous)
        {
            AddError(operation, document, "401", "No bearer token, or an invalid or expired one");
            AddError(operation, document, "403",
                $"The caller's role is below {role}, or their password must be changed first (POST /api/auth/password)");
        }
        else
        {
            AddError(operation, document, "401", "Invalid credentials");
        }
        if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
            AddError(operation, document, "404", "No such resource");
        return Task.CompletedTask;
    }

    private static void AddError(OpenApiOperation operation, OpenApiDocument? document, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
            return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(ErrorSchema, document) },
            },
        };
    }
}
