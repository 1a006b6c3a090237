using System.ComponentModel.DataAnnotations;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>The signed-in user as the API sees them.</summary>
/// <param name="TenantId">The Entra tenant (<c>tid</c>), or <c>local</c> in local sign-in mode.</param>
/// <param name="ObjectId">The user's object id (<c>oid</c>, else <c>sub</c>); with the tenant it identifies the user.</param>
/// <param name="Name">Display name.</param>
/// <param name="Email">Email address, lower case; empty when the token carries none.</param>
public sealed record SignedInUser(string TenantId, string ObjectId, string Name, string Email);

/// <summary>Body of <c>POST /api/dev/token</c> (Development only).</summary>
/// <param name="Name">Display name to put in the token.</param>
/// <param name="Email">Email address; with the tenant it derives a stable object id.</param>
/// <param name="Tenant">Tenant id; <c>local</c> when omitted.</param>
public sealed record DevTokenRequest(
    [property: MaxLength(WireLimits.Name)] string Name,
    [property: MaxLength(WireLimits.Email)] string Email,
    [property: MaxLength(64)] string? Tenant = null);

/// <summary>A development access token.</summary>
/// <param name="AccessToken">The bearer token.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
/// <param name="User">Who it signs in.</param>
public sealed record DevToken(string AccessToken, DateTimeOffset ExpiresAt, SignedInUser User);
