using System.Text.Json;
using System.Text.Json.Nodes;

namespace OfficeCoordinator.Api.Http;

// JSON Merge Patch (RFC 7396): a missing member stays, null clears, anything else replaces.
// Members the handler does not ask for (unknown or protected ones) are never bound.
public sealed class MergePatch(JsonObject body, JsonSerializerOptions options, Validation errors, string prefix = "")
{
    public bool Has(string member) => Find(member, out _);

    public IEnumerable<string> Members => body.Select(pair => pair.Key);

    // True when the member is present; value is null when it is JSON null or does not parse (errors says why).
    public bool TryGet<T>(string member, out T? value)
    {
        value = default;
        if (!Find(member, out var node))
        {
            return false;
        }

        if (node is null)
        {
            return true;
        }

        try
        {
            value = node.Deserialize<T>(options);
        }
        catch (JsonException exception)
        {
            var path = JsonPaths.ToMemberPath(exception.Path);
            errors.Add(prefix + (path.Length == 0 ? member : $"{member}.{path}".Replace(".[", "[", StringComparison.Ordinal)), JsonPaths.Explain(exception));
        }

        return true;
    }

    // Applies the member when present (null included); a value that does not parse is in errors and never saved.
    public void Set<T>(string member, Action<T?> apply)
    {
        if (TryGet<T>(member, out var value))
        {
            apply(value);
        }
    }

    // A nested object patched member by member (decision.status, ...); null when absent or not an object.
    public MergePatch? Nested(string member)
    {
        if (!Find(member, out var node))
        {
            return null;
        }

        if (node is JsonObject inner)
        {
            return new MergePatch(inner, options, errors, $"{prefix}{member}.");
        }

        errors.Add(prefix + member, "Use an object.");
        return null;
    }

    private bool Find(string member, out JsonNode? node)
    {
        foreach (var (name, value) in body)
        {
            if (string.Equals(name, member, StringComparison.OrdinalIgnoreCase))
            {
                node = value;
                return true;
            }
        }

        node = null;
        return false;
    }
}
