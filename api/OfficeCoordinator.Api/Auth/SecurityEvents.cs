using Microsoft.IdentityModel.Tokens;

namespace OfficeCoordinator.Api.Auth;

// Security events as structured log events, so an operator can alert on them. They name the user, the route and the
// reason's category; never a token, a body or a claim beyond the user's ids.
public static partial class SecurityEvents
{
    public const string Category = "OfficeCoordinator.Security";

    public static void TokenRefused(HttpContext http, Exception failure) =>
        TokenRefused(Logger(http), ReasonOf(failure), http.Request.Method, RouteOf(http));

    public static void Forbidden(HttpContext http, CurrentUser user) =>
        Forbidden(Logger(http), user.TenantId, user.ObjectId, http.Request.Method, RouteOf(http));

    public static void OtherTenantRequested(HttpContext http, CurrentUser user, string projectId) =>
        OtherTenantRequested(Logger(http), user.TenantId, user.ObjectId, projectId, http.Request.Method, RouteOf(http));

    // The reason's category, never the exception's message (which may quote claims).
    public static string ReasonOf(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not-yet-valid",
        SecurityTokenInvalidAudienceException => "audience",
        SecurityTokenInvalidIssuerException => "issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "signature",
        SecurityTokenValidationException { Message: var message } when message.StartsWith(CurrentUser.NoIdentityPrefix, StringComparison.Ordinal) => "no-identity",
        SecurityTokenMalformedException or ArgumentException => "malformed",
        _ => "invalid",
    };

    [LoggerMessage(EventId = 4001, EventName = "TokenRefused", Level = LogLevel.Warning,
        Message = "Refused an access token ({Reason}) for {Method} {Route}")]
    private static partial void TokenRefused(ILogger logger, string reason, string method, string route);

    [LoggerMessage(EventId = 4003, EventName = "Forbidden", Level = LogLevel.Warning,
        Message = "Forbidden: user {TenantId}/{ObjectId} lacks the role for {Method} {Route}")]
    private static partial void Forbidden(ILogger logger, string tenantId, string objectId, string method, string route);

    [LoggerMessage(EventId = 4004, EventName = "OtherTenantRequested", Level = LogLevel.Warning,
        Message = "User {TenantId}/{ObjectId} asked for project {ProjectId} of another tenant: {Method} {Route}")]
    private static partial void OtherTenantRequested(ILogger logger, string tenantId, string objectId, string projectId, string method, string route);

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);

    // The route's template (no ids or query values): what was asked for, without what was in it.
    private static string RouteOf(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
}
