using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace OfficeCoordinator.Api.Http;

// Optimistic concurrency on the wire: the ETag is the record's version; changes need a matching If-Match.
public static class Preconditions
{
    public static string ETag(long version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, long version) => response.Headers.ETag = ETag(version);

    // Null when the request may go ahead; otherwise 428 (no If-Match) or 412 (stale, with the current etag).
    public static ProblemHttpResult? CheckIfMatch(HttpRequest request, long currentVersion)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return Problems.Problem(StatusCodes.Status428PreconditionRequired, "Precondition Required",
                "Send If-Match with the ETag you last read, so that nobody's change is overwritten unseen.");
        }

        if (header.Trim() == "*")
        {
            return null;
        }

        if (EntityTagHeaderValue.TryParseList([header], out var tags)
            && tags.Any(t => !t.IsWeak && t.Tag.Value?.Trim('"') == currentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            return null;
        }

        return Problems.Problem(StatusCodes.Status412PreconditionFailed, "Precondition Failed",
            "Someone else changed this record since you read it; reload it and try again.",
            new Dictionary<string, object?> { ["etag"] = ETag(currentVersion) });
    }
}
