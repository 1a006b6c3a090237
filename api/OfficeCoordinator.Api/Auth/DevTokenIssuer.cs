using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Auth;

// Signs Local-mode tokens with the configured key, for the browser preview (Development only).
public sealed class DevTokenIssuer(IOptions<LocalSignInOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public DevToken Issue(string name, string email, string tenant)
    {
        var local = options.Value;
        var (issuer, key) = local.PrimaryKey()
            ?? throw new InvalidOperationException("No signing key is configured for the valid issuer.");
        var objectId = StableObjectId(tenant, email).ToString();
        var now = time.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = local.Audiences.First(),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", objectId),
                new Claim("oid", objectId),
                new Claim("tid", tenant),
                new Claim("name", name),
                new Claim("email", email),
                new Claim("preferred_username", email),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        };
        var token = new JsonWebTokenHandler().CreateToken(descriptor);
        return new DevToken(token, now + Lifetime, new SignedInUser(tenant, objectId, name, email));
    }

    // Signing in again as the same tenant and email is the same user.
    public static Guid StableObjectId(string tenant, string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{email.ToLowerInvariant()}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // name-based UUID layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
