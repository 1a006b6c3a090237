using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OfficeCoordinator.Api.Http;

// Instants must say where on Earth they happened: an offset or Z. A bare local time ("2026-12-01T10:00:00") is
// refused instead of being read in the server's own zone, which would silently move it by hours.
internal sealed class Instants : JsonConverter<DateTimeOffset>
{
    public const string Example = "2026-12-01T10:00:00Z";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Use an ISO 8601 instant with an offset, such as {Example}.");
        }

        var text = reader.GetString()!;
        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            throw new JsonException(HasTime(text) && !HasOffset(text)
                ? $"'{Shorten(text)}' has no offset; add Z or the offset, such as {Example} or 2026-12-01T10:00:00+01:00."
                : $"'{Shorten(text)}' is not an instant; use ISO 8601 with an offset, such as {Example}.");
        }

        return instant;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);

    // After the time of day: Z, or +hh:mm / -hh:mm / +hhmm / +hh.
    public static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (time < 0)
        {
            return false;
        }

        var tail = text.AsSpan(time + 1);
        return tail.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || tail.IndexOfAny('+', '-') > 0;
    }

    private static bool HasTime(string text) => text.Contains('T', StringComparison.OrdinalIgnoreCase) || text.Contains(':', StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
