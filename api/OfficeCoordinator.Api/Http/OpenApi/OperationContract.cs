using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OfficeCoordinator.Api.Idempotency;
using OfficeCoordinator.Api.Projects;

namespace OfficeCoordinator.Api.Http.OpenApi;

// What every operation's entry says beyond its handler's signature, read from the route's metadata: the path
// parameters a route group binds (projectId), the headers (If-Match, Idempotency-Key, ETag, Retry-After), the problem
// answers it can give, and a description naming the role it needs and how a retry behaves.
internal sealed partial class OperationContract : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var path = "/" + description.RelativePath;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var role = metadata.OfType<ProjectRoleRequirement>().LastOrDefault();
        var idempotent = metadata.OfType<IdempotentMetadata>().LastOrDefault();
        var changesWithIfMatch = method is "PATCH" || (method is "DELETE" && path.Contains("{projectId}", StringComparison.Ordinal));
        var projectScoped = path.StartsWith("/api/projects/{projectId}", StringComparison.Ordinal);

        operation.Parameters ??= [];
        AddPathParameters(operation, path);
        foreach (var declared in metadata.OfType<DeclaredQuery>().SelectMany(d => d.Parameters))
        {
            var parameter = operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == declared.Name);
            if (parameter is null)
            {
                parameter = new OpenApiParameter { Name = declared.Name, In = ParameterLocation.Query };
                operation.Parameters.Add(parameter);
            }

            parameter.Description = declared.Description;
            parameter.Required = declared.Required;
            parameter.Schema = declared.Type == typeof(int)
                ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }
                : declared.Type == typeof(DateOnly)
                    ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" }
                    : declared.Type.IsEnum
                        ? new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames(declared.Type).Select(n => (JsonNode)JsonValue.Create(n))] }
                        : new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = declared.MaxLength };
        }

        if (changesWithIfMatch)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The ETag you last read; the change is refused with 412 if the record changed since, and with 428 without it.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64 },
            });
        }

        if (idempotent is not null)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Any unique string (a GUID): the same key and body again within 24 hours answers the first response instead of creating twice.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeys.MaxKeyLength },
            });
        }

        // Every list pages through PageRequest (limit 1 to 500, q at most a name's length); the rest of the parameters'
        // limits are the wire's own (WireSchemas.Bound).
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            if (parameter.In == ParameterLocation.Query && parameter.Name == "limit")
            {
                schema.Minimum = "1";
                schema.Maximum = PageRequest.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Description ??= $"Items per page, 1 to {PageRequest.MaxLimit} (default {PageRequest.DefaultLimit}).";
            }
            else if (parameter.In == ParameterLocation.Query && parameter.Name == "q")
            {
                schema.MaxLength = Validation.NameLength;
            }
            else if (parameter.In == ParameterLocation.Path && parameter.Name == "email")
            {
                schema.MaxLength = Validation.EmailLength;
            }
            else if (parameter.In == ParameterLocation.Query && parameter.Name is "internetMessageId" or "conversationId")
            {
                schema.MaxLength = Emails.EmailMessages.IdLength;
            }

            WireSchemas.Bound(schema);
        }

        operation.Description = Describe(operation.Description, role, idempotent, projectScoped, anonymous);

        if (anonymous)
        {
            operation.Security = []; // the document's bearer requirement does not apply
        }

        operation.Responses ??= [];
        foreach (var (status, response) in operation.Responses.Select(r => (r.Key, r.Value as OpenApiResponse)))
        {
            if (response is null)
            {
                continue;
            }

            if (status.StartsWith('2') && !metadata.OfType<NoETag>().Any() && ReturnsVersionedRecord(response, context.Document))
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The record's version, to send back as If-Match with a change.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 21, Pattern = "^\"[0-9]+\"$" },
                };
            }

            if (idempotent is not null && status.StartsWith('2'))
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[IdempotencyKeys.ReplayedHeader] = new OpenApiHeader
                {
                    Description = "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] },
                };
            }
        }

        if (operation.Parameters.Count > 0 || operation.RequestBody is not null)
        {
            Invalid(operation, context);
        }

        if (!anonymous)
        {
            Shared(operation, context, "401", ApiDocument.Unauthorized);
        }

        if (role is not null)
        {
            Problem(operation, context, "403", $"Only {ProjectAccess.RoleName(role.Role)} can {role.Action}.");
        }

        if (projectScoped || path.Contains('{', StringComparison.Ordinal))
        {
            Shared(operation, context, "404", ApiDocument.NotFound);
        }

        var extra = metadata.OfType<ProblemStatuses>().SelectMany(p => p.Statuses).ToHashSet();
        if (idempotent is not null || method is "DELETE" || extra.Contains(409))
        {
            Shared(operation, context, "409", ApiDocument.Conflict);
        }

        if (idempotent is not null)
        {
            Shared(operation, context, "422", ApiDocument.KeyReused);
        }

        if (extra.Contains(404))
        {
            Shared(operation, context, "404", ApiDocument.NotFound);
        }

        BodyProblems(operation, context);

        // A handler that reaches Microsoft Graph passes on its refusals (DESIGN.md "Microsoft Graph"): 403 that no
        // prompt helps or that needs consent or claims, 502 when Graph failed.
        if (UsesGraph(metadata))
        {
            if (!operation.Responses.ContainsKey("403"))
            {
                Problem(operation, context, "403", "Microsoft 365 refused: see the problem's `graph` (forbidden, consent with `scopes`, claims with `claims`).");
            }

            Shared(operation, context, "502", ApiDocument.BadGateway);
        }

        if (changesWithIfMatch)
        {
            Shared(operation, context, "412", ApiDocument.PreconditionFailed);
            Shared(operation, context, "428", ApiDocument.PreconditionRequired);
        }

        Shared(operation, context, "429", ApiDocument.TooManyRequests);
        Shared(operation, context, "503", ApiDocument.Unavailable);
        await DescribeMergePatchAsync(operation, context, metadata, cancellationToken);
    }

    // A PATCH handler reads its body as a JsonObject (absent and null differ); the route's Accepts<TPatch> names the
    // members it reads, and that record, every member optional and nullable, is the body's schema.
    private static async Task DescribeMergePatchAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        IList<object> metadata, CancellationToken cancellationToken)
    {
        var patchType = metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()
            .Select(accepts => accepts.RequestType).LastOrDefault(type => type is not null && type != typeof(JsonObject));
        if (patchType is null || operation.RequestBody?.Content is not { } content || context.Document is null)
        {
            return;
        }

        var schema = await ApiDocument.ComponentAsync(context, patchType, cancellationToken);
        foreach (var media in content.Values)
        {
            media.Schema = schema;
        }

        if (operation.RequestBody is OpenApiRequestBody body)
        {
            body.Description = "A JSON merge patch (RFC 7396): members left out stay as they are; null clears what may be empty.";
        }
    }

    // Route groups bind {projectId} in a filter, not in the handler, so the framework lists no parameter for it.
    private static void AddPathParameters(OpenApiOperation operation, string path)
    {
        foreach (Match match in RouteParameter().Matches(path))
        {
            var name = match.Groups["name"].Value;
            if (operation.Parameters!.Any(p => p.In == ParameterLocation.Path && p.Name == name))
            {
                continue;
            }

            operation.Parameters!.Insert(0, new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = name == "projectId" ? "The project's id, as `GET /api/projects` lists it." : null,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64 },
            });
        }

        foreach (var parameter in operation.Parameters!.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path))
        {
            parameter.Description ??= parameter.Name switch
            {
                "number" => "The record's number in the project (the 12 of T-12).",
                "id" => "The record's id (a task's number).",
                "email" => "The member's email address.",
                "name" => "The document's file name.",
                _ => null,
            };
        }
    }

    private static string Describe(string? given, ProjectRoleRequirement? role, IdempotentMetadata? idempotent, bool projectScoped, bool anonymous)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(given))
        {
            lines.Add(given.Trim());
        }

        lines.Add(role is not null
            ? $"Who: {Capitalize(ProjectAccess.RoleName(role.Role))} of the project."
            : projectScoped ? "Who: any member of the project."
            : anonymous ? "Who: anyone; no sign-in needed."
            : "Who: any signed-in user.");
        if (idempotent is not null)
        {
            lines.Add("Retries: send an `Idempotency-Key` header; the same key and body within 24 hours answers the first response "
                + "(with `Idempotent-Replayed: true`), another body with that key gets 422, and a key whose first request is still running 409."
                + (idempotent.ExceptDryRun ? " A dry run takes no key." : ""));
        }

        return string.Join("\n\n", lines);
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    // A single record answered with its version has an ETag (a list or a page has none).
    private static bool ReturnsVersionedRecord(OpenApiResponse response, OpenApiDocument? document)
    {
        if (response.Content?.TryGetValue("application/json", out var media) != true || media?.Schema is not { } schema)
        {
            return false;
        }

        if (schema is OpenApiSchemaReference reference && reference.Reference.Id is { } id
            && document?.Components?.Schemas?.TryGetValue(id, out var target) == true)
        {
            schema = target;
        }

        return schema.Properties?.ContainsKey("version") == true;
    }

    private static void Problem(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description, bool validation = false)
    {
        if (operation.Responses!.TryGetValue(status, out var existing) && existing is OpenApiResponse known)
        {
            known.Description = description;
            return;
        }

        operation.Responses[status] = ApiDocument.ProblemResponse(context.Document, description, validation ? "HttpValidationProblemDetails" : ApiDocument.ProblemSchema);
    }

    private static void Invalid(OpenApiOperation operation, OpenApiOperationTransformerContext context) =>
        Problem(operation, context, "400", "The request is malformed or a member is invalid; `errors` names each by its JSON path.", validation: true);

    // What a body can be refused for besides its content: too large (413), not a media type the route reads (415).
    // Also called by ApiDocument.WithBody, whose per-route transformer describes its body after this one ran.
    internal static void BodyProblems(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        if (operation.RequestBody is null)
        {
            return;
        }

        operation.Responses ??= [];
        if (!operation.Responses.ContainsKey("400"))
        {
            Invalid(operation, context);
        }

        Shared(operation, context, "413", ApiDocument.TooLarge);
        Shared(operation, context, "415", ApiDocument.UnsupportedMediaType);
    }

    private static bool UsesGraph(IList<object> metadata) =>
        metadata.OfType<System.Reflection.MethodInfo>().SelectMany(m => m.GetParameters())
            .Any(p => p.ParameterType == typeof(Emails.MessageReader) || p.ParameterType == typeof(Documents.DocumentStores)
                || p.ParameterType.Namespace == typeof(Mail.GraphAccess).Namespace);

    // The answers every operation describes alike are components (ApiDocument.SharedResponses), referenced here.
    private static void Shared(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string name) =>
        operation.Responses![status] = new OpenApiResponseReference(name, context.Document);

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
