using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OfficeCoordinator.Api.Http;

// PATCH bodies arrive as JsonObject. Members are matched without regard to case (as for typed bodies), so two members
// that differ only by case are the same member given twice: refused naming it, where the framework's own reader throws.
internal sealed class JsonObjects : JsonConverter<JsonObject>
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    public override JsonObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Use an object.");
        }

        using var document = JsonDocument.ParseValue(ref reader);
        return (JsonObject)ToNode(document.RootElement, "")!;
    }

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer, options);

    private static JsonNode? ToNode(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var target = new JsonObject(NodeOptions);
                foreach (var member in element.EnumerateObject())
                {
                    var memberPath = path.Length == 0 ? member.Name : $"{path}.{member.Name}";
                    if (target.ContainsKey(member.Name))
                    {
                        // Named as first given, which is how the caller spells it.
                        var first = target.First(pair => string.Equals(pair.Key, member.Name, StringComparison.OrdinalIgnoreCase)).Key;
                        var firstPath = path.Length == 0 ? first : $"{path}.{first}";
                        throw new JsonException($"{first} is given twice (member names are matched without regard to case).",
                            "$." + JsonPaths.CamelCase(firstPath), null, null);
                    }

                    target[member.Name] = ToNode(member.Value, memberPath);
                }

                return target;
            case JsonValueKind.Array:
                var array = new JsonArray(NodeOptions);
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item, $"{path}[{index++}]"));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone(), NodeOptions);
        }
    }
}
