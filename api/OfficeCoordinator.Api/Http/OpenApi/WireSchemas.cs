using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OfficeCoordinator.Api.Http.OpenApi;

// Schemas as the wire really is. Our own converters (EnumNames, NoNulStrings, Instants) hide the types they write
// from the framework, which then describes strings, instants and enums as untyped: each gets its type back here, an
// enum its names, and an array of them its item schema.
internal sealed class WireSchemas : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null || context.JsonPropertyInfo is { IsGetNullable: true };
        Fill(schema, Nullable.GetUnderlyingType(type) ?? type, nullable);

        if (schema.Type is { } kind && kind.HasFlag(JsonSchemaType.Array) && schema.Items is null && ElementType(type) is { } element)
        {
            var items = await context.GetOrCreateSchemaAsync(element, null, cancellationToken);
            if (items is OpenApiSchema concrete)
            {
                Fill(concrete, Nullable.GetUnderlyingType(element) ?? element, Nullable.GetUnderlyingType(element) is not null);
            }

            schema.Items = items;
        }

        // A string member with a closed set of values (not a C# enum, since its wire words are lower case or its own).
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), true)
            is [AllowedValuesAttribute allowed, ..])
        {
            schema.Enum = [.. allowed.Values.Select(value => (JsonNode)JsonValue.Create(value?.ToString())!)];
        }

        foreach (var limit in context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(true) ?? [])
        {
            switch (limit)
            {
                case MaxLengthAttribute max when schema.Type?.HasFlag(JsonSchemaType.Array) == true:
                    schema.MaxItems = max.Length;
                    break;
                case MaxLengthAttribute max:
                    schema.MaxLength = max.Length;
                    break;
                case RegularExpressionAttribute expression:
                    schema.Pattern = expression.Pattern;
                    schema.MaxLength ??= expression.Pattern == "^[A-Z]{3}$" ? 3 : null;
                    break;
                case RangeAttribute { MinimumIsExclusive: true } range:
                    schema.ExclusiveMinimum = Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
                    schema.Maximum = Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
                    break;
                case RangeAttribute range:
                    schema.Minimum = Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
                    schema.Maximum = Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
                    break;
            }
        }

        // A nested object a merge patch may set to null (report settings: back to the defaults) says so, unless the API
        // refuses null for it ([NotNull]: a communication's decision cannot be removed).
        if (schema.Type == JsonSchemaType.Object && context.JsonPropertyInfo is { IsSetNullable: true } member
            && member.AttributeProvider?.IsDefined(typeof(Client.Contracts.NotNullAttribute), true) != true)
        {
            schema.Type = JsonSchemaType.Object | JsonSchemaType.Null;
        }

        Bound(schema);

        // The framework lists every constructor parameter without a default as required. That holds for answers (the API
        // writes every member, null included) but not for what callers send: there a nullable member may be left out.
        if (context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required
            && IsSentByCallers(type))
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.IsSetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null)
                {
                    required.Remove(property.Name);
                }
            }
        }

        // A problem's `errors`: each JSON path with its messages.
        if (type == typeof(HttpValidationProblemDetails)
            && schema.Properties?.TryGetValue("errors", out var errors) == true
            && errors is OpenApiSchema { AdditionalProperties: OpenApiSchema messages })
        {
            messages.Items ??= new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 4000 };
        }
    }

    // Limits on every string, number and list, for callers and for resource-consumption checks (OWASP API4). A member's
    // own limit ([MaxLength], [Range] on the contract, as the API validates it) comes first; what has none gets the
    // bound the wire itself sets: a date's or an instant's length, the integer's range (numbers outside it are refused),
    // and for text and lists the request body limit (ApiJson.MaxRequestBodyBytes: no JSON body, so no member, is longer).
    internal static void Bound(OpenApiSchema schema)
    {
        if (schema.Type is not { } kind)
        {
            return;
        }

        if (kind.HasFlag(JsonSchemaType.String) && schema.Enum is not { Count: > 0 } && schema.MaxLength is null)
        {
            schema.MaxLength = schema.Format switch
            {
                "date" => 10,
                "date-time" => 40,
                "time" => 16,
                _ => (int)ApiJson.MaxRequestBodyBytes,
            };
        }

        if (kind.HasFlag(JsonSchemaType.Integer))
        {
            var int64 = schema.Format == "int64";
            schema.Minimum ??= int64 ? long.MinValue.ToString(CultureInfo.InvariantCulture) : int.MinValue.ToString(CultureInfo.InvariantCulture);
            schema.Maximum ??= int64 ? long.MaxValue.ToString(CultureInfo.InvariantCulture) : int.MaxValue.ToString(CultureInfo.InvariantCulture);
            schema.Format ??= "int32";
        }

        if (kind.HasFlag(JsonSchemaType.Array))
        {
            // Each item takes at least two bytes of a body (a digit or "" and its comma).
            schema.MaxItems ??= (int)(ApiJson.MaxRequestBodyBytes / 2);
        }
    }

    private static void Fill(OpenApiSchema schema, Type type, bool nullable)
    {
        var orNull = nullable ? JsonSchemaType.Null : 0;
        if (type.IsEnum)
        {
            schema.Type = JsonSchemaType.String | orNull;
            schema.Enum = [.. Enum.GetNames(type).Select(name => (JsonNode)JsonValue.Create(name))];
            if (nullable)
            {
                schema.Enum.Add(null!);
            }

            schema.Format = null;
            schema.Pattern = null;
        }
        else if (schema.Type is null && schema.Reference() is null && (schema.OneOf is null or { Count: 0 }))
        {
            if (type == typeof(string))
            {
                schema.Type = JsonSchemaType.String | orNull;
            }
            else if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            {
                schema.Type = JsonSchemaType.String | orNull;
                schema.Format = "date-time";
            }
        }
    }

    // Bodies and their parts that only callers send (never part of an answer).
    private static bool IsSentByCallers(Type type) =>
        type == typeof(Client.Contracts.EmailMessage) || type.Name.StartsWith("New", StringComparison.Ordinal)
        || type.Name.EndsWith("Patch", StringComparison.Ordinal) || type.Name.EndsWith("Input", StringComparison.Ordinal)
        || type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Options", StringComparison.Ordinal);

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.IsGenericType && type.GetGenericArguments() is [var single]
            && typeof(IEnumerable<>).MakeGenericType(single).IsAssignableFrom(type) ? single : null;
    }
}

internal static class SchemaReferences
{
    // The framework marks a schema that stands for a component with this metadata key.
    public static string? Reference(this OpenApiSchema schema) =>
        schema.Metadata?.TryGetValue("x-schema-id", out var id) == true && id is string { Length: > 0 } name ? name : null;
}
