using System.Text.Json;
using System.Text.Json.Serialization;

namespace OfficeCoordinator.Api.Http;

// Enums travel by name only; a wrong name is refused with the list of the right ones.
internal sealed class EnumNames : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly string Names = string.Join(", ", Enum.GetNames<T>());

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString();
                if (text is not null && !char.IsAsciiDigit(text.FirstOrDefault()) && text.FirstOrDefault() != '-'
                    && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
                {
                    return value;
                }

                throw new JsonException($"'{Shorten(text)}' is not one of {Names}.");
            }

            throw new JsonException($"Use one of {Names}, as a string.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());

        private static string Shorten(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text ?? "";
    }
}
