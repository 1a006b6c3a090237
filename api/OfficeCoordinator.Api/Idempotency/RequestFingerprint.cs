using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OfficeCoordinator.Api.Idempotency;

// What makes two requests "the same request" for an Idempotency-Key: their meaning, not their bytes. JSON members
// are compared after parsing (order and spacing do not count); a form by its fields and the hashes of its files, so a
// retried upload with a new multipart boundary is the same; any other body by its bytes.
public static class RequestFingerprint
{
    public static async Task<string> OfAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        if (request.HasFormContentType)
        {
            try
            {
                return await OfFormAsync(request, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
            {
                // Not a readable form (no boundary, truncated): compare its bytes; the endpoint refuses it.
                request.Body.Position = 0;
            }
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        request.Body.Position = 0;
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (request.HasJsonContentType() || request.ContentType is null)
        {
            try
            {
                using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
                using var canonical = new MemoryStream();
                using (var writer = new Utf8JsonWriter(canonical))
                {
                    WriteCanonical(document.RootElement, writer);
                }

                return "json:" + Convert.ToHexString(SHA256.HashData(canonical.GetBuffer().AsSpan(0, (int)canonical.Length)));
            }
            catch (JsonException)
            {
                // Not JSON: the endpoint refuses it; compare its bytes.
            }
        }

        return "bytes:" + Convert.ToHexString(SHA256.HashData(bytes));
    }

    private static async Task<string> OfFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken); // cached: the endpoint reads the same form
        var text = new StringBuilder();
        foreach (var field in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append("field\0").Append(field.Key).Append('\0').AppendJoin('\0', field.Value.ToArray()).Append('\n');
        }

        foreach (var file in form.Files.OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.FileName, StringComparer.Ordinal))
        {
            await using var content = file.OpenReadStream();
            var hash = Convert.ToHexString(await SHA256.HashDataAsync(content, cancellationToken));
            text.Append("file\0").Append(file.Name).Append('\0').Append(file.FileName).Append('\0').Append(hash).Append('\n');
        }

        return "form:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // Objects with their members in ordinal order, recursively; numbers as written, strings unescaped and re-escaped.
    private static void WriteCanonical(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    WriteCanonical(member.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(item, writer);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
