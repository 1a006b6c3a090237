using System.Text.Json;
using System.Text.Json.Serialization;

namespace OfficeCoordinator.Api.Http;

// Control characters (NUL above all, which PostgreSQL cannot even store) have no place in a query value, a path
// segment or a JSON string: they are refused at the door, naming where they were, instead of failing deep inside.
public static class RequestValues
{
    public static WebApplication UseCleanRequestValues(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var bad = http.Request.Query.Where(q => q.Value.Any(HasControlCharacters)).Select(q => q.Key)
                .Concat(http.Request.RouteValues.Where(r => r.Value is string text && HasControlCharacters(text)).Select(r => r.Key))
                .FirstOrDefault();
            if (bad is null)
            {
                await next(http);
                return;
            }

            await Problems.WriteAsync(http, StatusCodes.Status400BadRequest, "The request is not valid.", $"{bad} contains control characters.",
                new() { [bad] = ["Control characters are not accepted here."] });
        });
        return app;
    }

    public static bool HasControlCharacters(string? text) => text is not null && text.Any(char.IsControl);
}

// A JSON string may carry line breaks and tabs (descriptions, notes), never a NUL.
internal sealed class NoNulStrings : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Use a string.");
        }

        var text = reader.GetString();
        return text is not null && text.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException("The text contains a NUL character, which is not accepted.")
            : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
