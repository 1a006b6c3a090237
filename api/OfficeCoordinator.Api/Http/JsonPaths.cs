using System.Globalization;
using System.Text.Json;

namespace OfficeCoordinator.Api.Http;

// Turns System.Text.Json failures into the camelCase member path and a sentence a person can act on.
internal static class JsonPaths
{
    // "$.email.receivedAt" -> "email.receivedAt"; "$.to[1].email" -> "to[1].email"; "$.Title" -> "title"; "$" -> ""
    public static string ToMemberPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) ? "" : CamelCase(jsonPath.TrimStart('$').TrimStart('.'));

    // Each member of a path as the wire spells it (camelCase), whatever case the caller used.
    public static string CamelCase(string path) =>
        string.Join('.', path.Split('.').Select(segment => segment.Length > 0 && char.IsUpper(segment[0]) ? char.ToLowerInvariant(segment[0]) + segment[1..] : segment));

    // "... was missing required properties including: 'role', 'name'." -> ["role", "name"]
    public static IReadOnlyList<string> MissingMembers(JsonException exception) =>
        exception.Message.Contains("missing required properties", StringComparison.Ordinal)
            ? [.. exception.Message.Split(':', 2)[1].Split(',').Select(name => name.Trim().Trim('.').Trim('\'')).Where(name => name.Length > 0)]
            : [];

    public static string Explain(JsonException exception)
    {
        if (exception.InnerException is null && !exception.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return exception.Message; // our own converters' sentences (EnumNames)
        }

        // The outer message may name only the enclosing record; the inner one says what the value should have been.
        var text = exception.Message + " " + exception.InnerException?.Message;
        bool Mentions(string word) => text.Contains(word, StringComparison.Ordinal);
        if (exception.InnerException is { } reader && reader.GetType().Name == "JsonReaderException")
        {
            var position = exception.BytePositionInLine is { } column
                ? string.Create(CultureInfo.InvariantCulture, $" (line {exception.LineNumber + 1}, character {column + 1})")
                : "";
            return "The body is not valid JSON: " + reader.Message.Split(" LineNumber:", 2)[0].TrimEnd() + position;
        }

        return true switch
        {
            _ when Mentions("DateOnly") => "Use a calendar date as yyyy-MM-dd.",
            _ when Mentions("DateTime") => "Use an ISO 8601 instant such as 2026-11-25T09:30:00Z.",
            _ when Mentions("as a number") || Mentions("Decimal") || Mentions("Double") || Mentions("Int32") || Mentions("Int64") => "Use a number.",
            _ when Mentions("as a boolean") || Mentions("Boolean") => "Use true or false.",
            _ when Mentions("as a string") || Mentions("System.String") => "Use a string.",
            _ when Mentions("List`1") || Mentions("[]") || Mentions("StartArray") => "Use an array.",
            _ when Mentions("StartObject") => "Use an object.",
            _ => "The value has the wrong type here.",
        };
    }
}
