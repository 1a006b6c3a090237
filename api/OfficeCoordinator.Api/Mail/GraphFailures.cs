using System.Globalization;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Identity.Web;
using Microsoft.Kiota.Abstractions;

namespace OfficeCoordinator.Api.Mail;

// What a Graph failure means for the pane (DESIGN.md "Microsoft Graph", failures): problem details with an extension
// member `graph`: throttled (503 with Retry-After), failed (502 with Graph's request id), forbidden (no prompt helps),
// consent (with the scopes to ask for) or claims (the challenge to pass to MSAL). A resource Graph does not have is 404.
public static class GraphFailures
{
    public const int DefaultRetryAfterSeconds = 10;

    public sealed record Failure(int Status, string Title, string Detail, Dictionary<string, object?> Extensions, int? RetryAfterSeconds);

    public static Failure? Describe(Exception exception) => exception switch
    {
        MicrosoftIdentityWebChallengeUserException challenge => Challenge(challenge),
        ODataError error => FromGraph(error, error.Error?.Code, error.Error?.InnerError?.RequestId),
        // The SDK's other failures (an upload session that failed, an answer it could not read).
        ApiException error => FromGraph(error, null, null),
        _ => null,
    };

    private static Failure FromGraph(ApiException error, string? code, string? innerRequestId)
    {
        var requestId = innerRequestId ?? Header(error, "request-id");
        switch (error.ResponseStatusCode)
        {
            case 429 or 503 or 504:
                var seconds = RetryAfterSeconds(Header(error, "Retry-After"));
                return new Failure(503, "Service Unavailable", $"Microsoft 365 is busy; nothing was changed. Try again in {seconds} seconds.",
                    new() { ["graph"] = "throttled" }, seconds);
            case 401 when ClaimsChallenge(Header(error, "WWW-Authenticate")) is { } claims:
                // Continuous access evaluation or conditional access: the user signs in again with these claims.
                return new Failure(401, "Unauthorized", "Sign in again to satisfy your organisation's access policy, then try again.",
                    new() { ["graph"] = "claims", ["claims"] = claims, ["requestId"] = requestId }, null);
            case 403 when code is "Authorization_RequestDenied" or "ErrorInsufficientPermissionsInAccessToken" or "InvalidAuthenticationToken":
                // The token lacks a permission this call needs: consent (or an administrator's) gives it.
                return new Failure(401, "Unauthorized", "Allow OfficeCoordinator to use Microsoft 365 on your behalf, then try again.",
                    new() { ["graph"] = "consent", ["scopes"] = GraphScopes.All, ["requestId"] = requestId }, null);
            case 403:
                return new Failure(403, "Forbidden", "Microsoft 365 does not let you reach this mailbox or folder; ask its owner for access.",
                    new() { ["graph"] = "forbidden", ["requestId"] = requestId }, null);
            case 404:
                return new Failure(404, "Not Found", "Microsoft 365 has no such item for you (it may have been moved or deleted).",
                    new() { ["requestId"] = requestId }, null);
            default:
                return new Failure(502, "Bad Gateway",
                    $"Microsoft 365 answered with an error ({(error.ResponseStatusCode == 0 ? "no answer" : error.ResponseStatusCode.ToString(CultureInfo.InvariantCulture))}{(code is null ? "" : " " + code)}); nothing was changed there. Quote request id {requestId ?? "(none)"} to your administrator.",
                    new() { ["graph"] = "failed", ["requestId"] = requestId }, null);
        }
    }

    // Consent missing, or a claims challenge (conditional access): the pane asks the user again with what this carries.
    private static Failure Challenge(MicrosoftIdentityWebChallengeUserException challenge)
    {
        var claims = challenge.MsalUiRequiredException?.Claims;
        return string.IsNullOrEmpty(claims)
            ? new Failure(401, "Unauthorized", "Allow OfficeCoordinator to use Microsoft 365 on your behalf, then try again.",
                new() { ["graph"] = "consent", ["scopes"] = challenge.Scopes }, null)
            : new Failure(401, "Unauthorized", "Sign in again to satisfy your organisation's access policy, then try again.",
                new() { ["graph"] = "claims", ["claims"] = claims }, null);
    }

    // Retry-After in seconds or as an HTTP date, as whole seconds from now (at least 1).
    private static int RetryAfterSeconds(string? header)
    {
        if (int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return Math.Max(1, seconds);
        }

        return DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? Math.Max(1, (int)Math.Ceiling((date - DateTimeOffset.UtcNow).TotalSeconds))
            : DefaultRetryAfterSeconds;
    }

    // The claims of a WWW-Authenticate challenge (claims="<base64 JSON>"), decoded as MSAL takes them, or null.
    private static string? ClaimsChallenge(string? header)
    {
        var match = System.Text.RegularExpressions.Regex.Match(header ?? "", "claims=\"(?<claims>[^\"]+)\"");
        return match.Success ? DecodedClaims(match.Groups["claims"].Value) : null;
    }

    // Graph sends the claims base64-encoded; MSAL and the pane take the JSON.
    public static string? DecodedClaims(string? claims)
    {
        if (string.IsNullOrWhiteSpace(claims) || claims.TrimStart().StartsWith('{'))
        {
            return claims;
        }

        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(claims));
        }
        catch (FormatException)
        {
            return claims;
        }
    }

    private static string? Header(ApiException error, string name) =>
        error.ResponseHeaders is { } headers && headers.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;
}
