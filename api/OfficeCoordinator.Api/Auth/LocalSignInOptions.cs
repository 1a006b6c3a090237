using System.Buffers.Text;
using Microsoft.Extensions.Options;

namespace OfficeCoordinator.Api.Auth;

// The part of the framework's JWT bearer configuration that Local sign-in relies on (the framework binds it too).
public sealed class LocalSignInOptions
{
    public const string Section = "Authentication:Schemes:Bearer";

    public string? ValidIssuer { get; set; }
    public List<string> ValidIssuers { get; set; } = [];
    public string? ValidAudience { get; set; }
    public List<string> ValidAudiences { get; set; } = [];
    public List<SigningKey> SigningKeys { get; set; } = [];

    public sealed class SigningKey
    {
        public string? Issuer { get; set; }
        public string? Value { get; set; }
    }

    public IEnumerable<string> Issuers => ValidIssuers.Prepend(ValidIssuer ?? "").Where(i => i.Length > 0);
    public IEnumerable<string> Audiences => ValidAudiences.Prepend(ValidAudience ?? "").Where(a => a.Length > 0);

    // The key a token of the first valid issuer is signed with.
    public (string Issuer, byte[] Key)? PrimaryKey()
    {
        foreach (var issuer in Issuers)
        {
            var entry = SigningKeys.FirstOrDefault(k => k.Issuer == issuer && k.Value is not null);
            if (entry is not null)
            {
                return (issuer, Convert.FromBase64String(entry.Value!));
            }
        }

        return null;
    }
}

internal sealed class LocalSignInOptionsValidator : IValidateOptions<LocalSignInOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalSignInOptions options)
    {
        var failures = new List<string>();
        if (!options.Issuers.Any())
        {
            failures.Add($"{LocalSignInOptions.Section}:ValidIssuer is required for Local sign-in.");
        }

        if (!options.Audiences.Any())
        {
            failures.Add($"{LocalSignInOptions.Section}:ValidAudiences:0 is required for Local sign-in.");
        }

        for (var i = 0; i < options.SigningKeys.Count; i++)
        {
            var key = options.SigningKeys[i];
            var path = $"{LocalSignInOptions.Section}:SigningKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Issuer) || !options.Issuers.Contains(key.Issuer))
            {
                failures.Add($"{path}:Issuer must equal {LocalSignInOptions.Section}:ValidIssuer.");
            }

            if (string.IsNullOrEmpty(key.Value) || !Base64.IsValid(key.Value, out var length) || length < 32)
            {
                failures.Add($"{path}:Value must be base64 of at least 32 bytes.");
            }
        }

        if (options.SigningKeys.Count == 0)
        {
            failures.Add($"{LocalSignInOptions.Section}:SigningKeys:0:Value is required for Local sign-in outside Development " +
                "(base64 of at least 32 bytes, with SigningKeys:0:Issuer equal to ValidIssuer), or set AzureAd:ClientId.");
        }

        var duplicate = options.SigningKeys.GroupBy(k => k.Issuer).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            failures.Add($"{LocalSignInOptions.Section}:SigningKeys has two keys for issuer '{duplicate.Key}'; keep one.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
