using Microsoft.AspNetCore.Http.HttpResults;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Auth;

public static class IdentityEndpoints
{
    public static RouteHandlerBuilder MapMe(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/me", (CurrentUser user) => TypedResults.Ok(user.AsDto())).Describe("Identity_Me", "Who is signed in")
            .WithTags("Identity")
            .RequireAuthorization();

    // Development only (Program maps it nowhere else): a Local token for the browser preview.
    public static RouteHandlerBuilder MapDevSignIn(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/dev/token", IssueDevToken).Describe("Identity_DevToken", "Issue a token for local sign-in (Local mode only)")
            .WithTags("Identity")
            .AllowAnonymous();

    private static Results<Ok<DevToken>, ValidationProblem> IssueDevToken(DevTokenRequest request, DevTokenIssuer issuer)
    {
        var email = request.Email?.Trim().ToLowerInvariant();
        var tenant = string.IsNullOrWhiteSpace(request.Tenant) ? CurrentUser.LocalTenant : request.Tenant.Trim();
        var errors = new Validation()
            .Text("name", request.Name, "Name", Validation.NameLength, required: true)
            .Email("email", email, "Email");
        if (tenant.Length > 64 || !tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            errors.Add("tenant", "Tenant must be at most 64 letters, digits, '-', '.' or '_'.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(issuer.Issue(request.Name.Trim(), email!, tenant));
    }
}
