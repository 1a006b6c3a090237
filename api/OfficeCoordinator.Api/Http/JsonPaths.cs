using System.Text.Json;
using System.Text.RegularExpressions;

namespace OfficeCoordinator.Api.Http;

// Turns System.Text.Json failures into the camelCase member path and a sentence a person can act on.
internal static partial class JsonPaths
{
    // "$.email.receivedAt" -> "email.receivedAt"; "$.to[1].email" -> "to[1].email"
    public static string ToMemberPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) ? "" : jsonPath.TrimStart('$').TrimStart('.');

    public static string Explain(JsonException exception)
    {
        var message = exception.Message;
        var target = ConvertTarget().Match(message);
        if (!target.Success)
        {
            // Syntax errors: keep the parser's first sentence, which names the character.
            return message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
        }

        var type = target.Groups[1].Value;
        return type switch
        {
            _ when type.Contains("DateOnly", StringComparison.Ordinal) => "Use a calendar date as yyyy-MM-dd.",
            _ when type.Contains("DateTimeOffset", StringComparison.Ordinal) || type.Contains("DateTime", StringComparison.Ordinal) =>
                "Use an ISO 8601 instant such as 2026-11-25T09:30:00Z.",
            _ when type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) => "Use a number.",
            _ when type.Contains("Int", StringComparison.Ordinal) => "Use a whole number.",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "Use true or false.",
            _ when type.Contains("String", StringComparison.Ordinal) => "Use a string.",
            _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "Use an array.",
            _ => "The value has the wrong type here.",
        };
    }

    [GeneratedRegex(@"could not be converted to ([^\s.]+(?:\.[^\s.]+)*)")]
    private static partial Regex ConvertTarget();
}
