using System.Security.Cryptography;
using OfficeCoordinator.Api.Data;

namespace OfficeCoordinator.Api.Auth;

// In Development with no signing key configured, a key is generated once and kept in the data folder,
// so tokens from POST /api/dev/token survive restarts.
internal static class DevelopmentSigningKey
{
    public const string FileName = "dev-signing-key.txt";

    public static void AddWhenMissing(WebApplicationBuilder builder)
    {
        var bearer = builder.Configuration.GetSection(LocalSignInOptions.Section);
        if (!builder.Environment.IsDevelopment() || bearer.GetSection("SigningKeys").GetChildren().Any())
        {
            return;
        }

        var issuer = bearer["ValidIssuer"];
        if (string.IsNullOrWhiteSpace(issuer))
        {
            return; // the options validator names the missing issuer
        }

        var folder = DataDirectory.Resolve(builder.Configuration, builder.Environment);
        var path = Path.Combine(folder, FileName);
        string key;
        if (File.Exists(path))
        {
            key = File.ReadAllText(path).Trim();
        }
        else
        {
            key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            File.WriteAllText(path, key);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{LocalSignInOptions.Section}:SigningKeys:0:Issuer"] = issuer,
            [$"{LocalSignInOptions.Section}:SigningKeys:0:Value"] = key,
        });
    }
}
