using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OfficeCoordinator.Api.Http.OpenApi;

// Tells OpenAPI readers (and the Scalar reference) that the API takes a bearer token.
internal sealed class BearerSecurityScheme : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token (a JWT): from POST /api/dev/token or `dotnet user-jwts create` locally, from Entra ID in production. "
                + "Tokens are validated as RFC8725 (JWT best current practices) advises: the signature with the expected algorithms and keys, the issuer, the audience and the lifetime.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
