using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OfficeCoordinator.Api.Http.OpenApi;

// The OpenAPI document at /openapi/v1.json, complete enough for linters and client generators: every operation with
// its id, summary, roles, headers and problem answers (OperationContract), enums with their values and the wire's
// limits (WireSchemas), the bearer scheme. The committed copy, api/openapi/v1.json, is checked against it by a test.
public static class ApiDocument
{
    public const string ProblemSchema = "ProblemDetails";

    // The `graph` member of a problem (Mail/GraphFailures).
    private static readonly string[] GraphFailureKinds = ["throttled", "claims", "consent", "forbidden", "failed"];
    public const string PlanRowSchema = "PlanRow";
    public const string Unauthorized = "Unauthorized";
    public const string NotFound = "NotFound";
    public const string Conflict = "Conflict";
    public const string KeyReused = "IdempotencyKeyReused";
    public const string TooLarge = "ContentTooLarge";
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    public const string BadGateway = "BadGateway";
    public const string PreconditionFailed = "PreconditionFailed";
    public const string PreconditionRequired = "PreconditionRequired";
    public const string TooManyRequests = "TooManyRequests";
    public const string Unavailable = "ServiceUnavailable";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer<WireSchemas>();
            options.AddOperationTransformer<OperationContract>();
            options.AddDocumentTransformer<BearerSecurityScheme>();
            options.AddDocumentTransformer<DocumentFrame>();
        });

    // Operation ids are stable names (`Tasks_CreateFromEmail`) that generated clients use as method names.
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string operationId, string summary, string? description = null)
    {
        builder.WithName(operationId).WithSummary(summary);
        return description is null ? builder : builder.WithDescription(description);
    }

    // Query parameters a handler reads from HttpRequest.Query itself (to word its own errors), declared for the document.
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, params QueryParameter[] parameters) =>
        builder.WithMetadata(new DeclaredQuery(parameters));

    // A problem answer (application/problem+json) of the given schema, with Retry-After when the caller should wait.
    internal static OpenApiResponse ProblemResponse(OpenApiDocument? document, string description, string schema, bool retryAfter = false) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
        },
        Headers = retryAfter
            ? new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
            }
            : null,
    };

    // A contract type as a component of its name (made once per document), referenced.
    internal static async Task<OpenApiSchemaReference> ComponentAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(type.Name))
        {
            document.Components.Schemas[type.Name] = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        }

        return new OpenApiSchemaReference(type.Name, document);
    }

    // A body the handler reads itself (an upload in one of several forms), described by its media types: each a
    // contract type (a component of its name) or a schema given here.
    public static RouteHandlerBuilder WithBody(this RouteHandlerBuilder builder, string description, params BodyForm[] forms) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var content = new Dictionary<string, OpenApiMediaType>();
            foreach (var form in forms)
            {
                var schema = form.Type is { } type ? await ComponentAsync(context, type, cancellationToken) : form.Schema;
                content[form.MediaType] = new OpenApiMediaType { Schema = schema };
            }

            operation.RequestBody = new OpenApiRequestBody { Required = true, Description = description, Content = content };
            OperationContract.BodyProblems(operation, context);
        });

    // A route that answers a record with its version but sets no ETag (the answer is not the record to change next).
    public static RouteHandlerBuilder WithoutETag(this RouteHandlerBuilder builder) => builder.WithMetadata(new NoETag());

    // Problem statuses a route gives beyond what its metadata tells (a 409 of its own, a 404 for a project named in its body).
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.WithMetadata(new ProblemStatuses(statuses));

    public static OpenApiSchema Binary(string description, long maxBytes) => new()
    {
        Type = JsonSchemaType.String, Format = "binary", MaxLength = (int)Math.Min(maxBytes, int.MaxValue), Description = description,
    };

    // The parts that do not come from the endpoints: what the API is, where it runs, the problem shape, the tags.
    private sealed class DocumentFrame : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info = new OpenApiInfo
            {
                Title = "OfficeCoordinator API",
                Version = "1.0.0",
                Description = "Tasks from email, the stakeholder record, the schedule and the shared plan workbook of OfficeCoordinator. "
                    + "JSON in and out, enum values by name, instants with an offset, errors as RFC 9457 problem details. "
                    + "Lists take `limit` (at most 500) and return `nextCursor`; single records carry an ETag that changes need as If-Match.",
                Contact = new OpenApiContact { Name = "OfficeCoordinator" },
            };

            // The document is the same wherever it is served from (the committed copy is compared with it).
            var server = new OpenApiServer
            {
                Url = "https://{host}",
                Description = "The OfficeCoordinator instance that serves this document: local, staging or production.",
                Variables = new Dictionary<string, OpenApiServerVariable>
                {
                    ["host"] = new() { Default = "localhost:7180", Description = "Host name and port of the instance (dotnet run serves https on 7180)." },
                },
                Extensions = new Dictionary<string, IOpenApiExtension> { ["x-internal"] = new JsonNodeExtension(JsonValue.Create(false)) },
            };
            document.Servers = [server];

            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[ProblemSchema] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "An RFC 9457 problem: what went wrong, for people (`detail`) and programs (`status`, `type`).",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048 },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 4000 },
                    ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048 },
                    ["etag"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64, Description = "With 412: the record's current ETag." },
                    ["graph"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String, Enum = [.. GraphFailureKinds.Select(v => (JsonNode)JsonValue.Create(v))],
                        Description = "When Microsoft Graph refused or failed: throttled (503, try again after Retry-After), claims (pass `claims` "
                            + "to MSAL), consent (ask for `scopes`), forbidden (no prompt helps) or failed (502, with Graph's `requestId`).",
                    },
                    ["scopes"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array, MaxItems = 32, Description = "With graph consent: the delegated scopes to ask the user for.",
                        Items = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 256 },
                    },
                    ["claims"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 8192, Description = "With graph claims: the claims challenge for MSAL." },
                    ["requestId"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 128, Description = "Microsoft Graph's request id, for support." },
                },
            };

            // PATCH bodies are described by their patch records (OperationContract) and plan rows by PlanRow, not by the
            // JsonObject and JsonElement their handlers read: nothing refers to these two any more (a reference left
            // behind would fail the Spectral lint).
            document.Components.Schemas.Remove("JsonObject");
            document.Components.Schemas.Remove("JsonElement");
            document.Components.Schemas[PlanRowSchema] = PlanRow();
            foreach (var (owner, maxRows) in new[] { ("PlanChangesInput", Plans.PlanMergeEndpoints.MaxRows), ("PlanRowsPage", PageRequest.MaxLimit) })
            {
                if (document.Components.Schemas.TryGetValue(owner, out var schema) && schema is OpenApiSchema { Properties: { } members }
                    && members.TryGetValue("rows", out var list) && list is OpenApiSchema rows)
                {
                    rows.Items = new OpenApiSchemaReference(PlanRowSchema, document);
                    rows.MaxItems = maxRows;
                }
            }

            document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>();
            foreach (var (name, response) in SharedResponses(document))
            {
                document.Components.Responses[name] = response;
            }

            // Every tag an operation uses, described, in the order a reader meets them.
            var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
                .Select(t => t.Name).OfType<string>().Distinct().Order(StringComparer.Ordinal);
            document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag { Name = name, Description = TagDescription(name) }));
            return Task.CompletedTask;
        }

        // One row of the Plan table by column name, as GET .../plan/rows gives it and POST .../plan/changes takes it.
        private static OpenApiSchema PlanRow() => new()
        {
            Type = JsonSchemaType.Object,
            Description = "One row of the Plan table: `ID`, `Version` and the other columns by their header (Task, Owner, Start, Finish, "
                + "Predecessors, …), each value as the sheet shows it (text, number, true/false). In changes, a column left out stays "
                + "as it is, null clears it, and a row without `ID` creates a task.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["ID"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String | JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32", MaxLength = 16,
                    Minimum = "1", Maximum = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Description = "The task's key (T-12; 12 and t-12 are read alike); absent or null in a row that creates a task.",
                },
                ["Version"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer | JsonSchemaType.String | JsonSchemaType.Null, Format = "int64", Minimum = "1",
                    Maximum = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), MaxLength = 19, Pattern = "^[0-9]+$",
                    Description = "The task's version when the row was read (a number, or its digits as the sheet may hold them); a cell "
                        + "changed on the server since then is a conflict, not applied.",
                },
                ["Row"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32", Minimum = "1", Maximum = Plans.PlanMergeEndpoints.MaxSheetRow.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Description = "In changes: the sheet row the values came from, named in the report (by default the row's place in the list).",
                },
            },
            AdditionalProperties = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Boolean | JsonSchemaType.Null,
                MaxLength = 10_000,
                Description = "A column's value; the longest column, Description, takes at most 10,000 characters.",
            },
        };

        private static IEnumerable<(string Name, OpenApiResponse Response)> SharedResponses(OpenApiDocument document)
        {
            OpenApiResponse Problem(string description, bool retryAfter = false) => ProblemResponse(document, description, ProblemSchema, retryAfter);

            yield return (Unauthorized, Problem("No valid bearer token was sent."));
            yield return (NotFound, Problem("There is no such project or record, or the caller is not a member of the project."));
            yield return (Conflict, Problem("The change conflicts with the record's current state (the problem says how: the last manager, a task held by an open "
                + "obstacle, a decision's members on a communication that is none), or a request with the same Idempotency-Key is still running."));
            yield return (TooLarge, Problem("The body is larger than the API reads (1 MiB of JSON; uploads have their own limit)."));
            yield return (UnsupportedMediaType, Problem("The body is not of a media type this route reads (JSON, or the upload forms it lists)."));
            yield return (BadGateway, Problem("Microsoft Graph failed; the problem's `requestId` is Graph's, for support."));
            yield return (KeyReused, Problem("The Idempotency-Key was used before with another body."));
            yield return (PreconditionFailed, Problem("The record changed since the ETag sent in If-Match; the problem's `etag` is the current one."));
            yield return (PreconditionRequired, Problem("If-Match is missing."));
            yield return (TooManyRequests, Problem("Too many requests from this user or address; try again after Retry-After seconds.", retryAfter: true));
            yield return (Unavailable, Problem("The database (or Microsoft Graph) is unavailable for now; nothing was saved; try again after Retry-After seconds.", retryAfter: true));
        }

        private static string TagDescription(string tag) => tag switch
        {
            "Projects" => "Projects, their calendar and settings.",
            "Members" => "Who works on a project, in which role.",
            "Tasks" => "Tracked tasks, made by hand or from an email.",
            "Emails" => "What an email would become, and where it is already linked.",
            "Communications" => "The record of stakeholder communications.",
            "Decisions" => "Decisions taken, and those still open.",
            "Obstacles" => "What blocks tasks, until it is solved.",
            "Stakeholders" => "The people a project keeps informed.",
            "Schedule" => "Dates computed from the plan, shifts and the baseline.",
            "Plan" => "The plan as rows: read, change, import and publish the shared workbook.",
            "Status reports" => "Status reports: computed, published, sent, and their schedule.",
            "History" => "Who changed what, and when.",
            "Documents" => "The project's document folder and task attachments.",
            "Search" => "Search across a project's records.",
            "Identity" => "Who is signed in, and how the panes sign in.",
            _ => tag,
        };
    }
}

public sealed record QueryParameter(string Name, Type Type, string Description, bool Required = false, int? MaxLength = null);

public sealed record ProblemStatuses(IReadOnlyList<int> Statuses);

public sealed record NoETag;

public sealed record DeclaredQuery(IReadOnlyList<QueryParameter> Parameters);

public sealed record BodyForm(string MediaType, Type? Type = null, IOpenApiSchema? Schema = null);
