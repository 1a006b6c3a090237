using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Auth;

// The one place that reads identity claims; filled once per request, read by handlers and the database.
public sealed class CurrentUser
{
    public const string LocalTenant = "local";

    public ClaimsPrincipal? Principal { get; private set; }
    public string TenantId { get; private set; } = "";
    public string ObjectId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Email { get; private set; } = "";

    // The address an invitation binds to: in Entra mode only the sign-in name, never the unverified email claim.
    public string SignInName { get; private set; } = "";

    public bool IsAuthenticated => ObjectId.Length > 0 && TenantId.Length > 0;

    public SignedInUser AsDto() => new(TenantId, ObjectId, Name, Email);

    public void Fill(ClaimsPrincipal principal, SignInMode mode)
    {
        Principal = principal;
        string? Claim(string type) => principal.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;

        var preferredUsername = Claim("preferred_username") ?? Claim("upn"); // upn: Entra v1 tokens
        var email = Claim("email") ?? Claim(ClaimTypes.Email);
        TenantId = mode == SignInMode.Entra
            ? Claim("tid") ?? Claim("http://schemas.microsoft.com/identity/claims/tenantid") ?? ""
            : Claim("tid") ?? LocalTenant;
        ObjectId = UserId(principal, mode) ?? "";
        Email = (email ?? preferredUsername ?? "").ToLowerInvariant();
        SignInName = (mode == SignInMode.Entra ? preferredUsername ?? "" : email ?? preferredUsername ?? "").ToLowerInvariant();
        Name = Claim("name") ?? Claim("unique_name") ?? Claim(ClaimTypes.Name) ?? (Email.Length > 0 ? Email : ObjectId);
    }

    public const string NoIdentityPrefix = "The access token names no user";

    // Why a validated token still cannot sign anyone in, or null when it names a tenant and a user.
    public static string? MissingIdentity(ClaimsPrincipal principal, SignInMode mode)
    {
        if (UserId(principal, mode) is null)
        {
            return mode == SignInMode.Entra
                ? $"{NoIdentityPrefix}: it carries no oid claim."
                : $"{NoIdentityPrefix}: it carries neither an oid nor a sub claim.";
        }

        return mode == SignInMode.Entra && (Value(principal, "tid") ?? Value(principal, "http://schemas.microsoft.com/identity/claims/tenantid")) is null
            ? $"{NoIdentityPrefix}'s tenant: it carries no tid claim."
            : null;
    }

    // Entra: the object id only (sub is pairwise per app, so it is not the user across apps). Local: oid, else sub
    // (what `dotnet user-jwts` issues).
    private static string? UserId(ClaimsPrincipal principal, SignInMode mode) =>
        Value(principal, "oid") ?? Value(principal, "http://schemas.microsoft.com/identity/claims/objectidentifier")
            ?? (mode == SignInMode.Local ? Value(principal, "sub") : null);

    private static string? Value(ClaimsPrincipal principal, string type) =>
        principal.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;

    // For work outside a request (demo seeding): acts as the given user.
    public void ActAs(string tenantId, string objectId, string name, string email)
    {
        TenantId = tenantId;
        ObjectId = objectId;
        Name = name;
        Email = email.ToLowerInvariant();
        SignInName = Email;
    }
}

// Fills CurrentUser from the authenticated principal, once per request.
internal sealed class CurrentUserClaimsTransformation(CurrentUser currentUser, SignInModeAccessor mode) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated == true)
        {
            currentUser.Fill(principal, mode.Mode);
        }

        return Task.FromResult(principal);
    }
}

public enum SignInMode
{
    Local,
    Entra,
}

public sealed record SignInModeAccessor(SignInMode Mode);
