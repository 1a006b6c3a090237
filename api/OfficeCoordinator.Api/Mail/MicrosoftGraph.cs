using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Identity.Web;
using Microsoft.Kiota.Abstractions.Authentication;

namespace OfficeCoordinator.Api.Mail;

// Microsoft Graph through the Graph SDK: one HttpClient pipeline with our bounded retry handler (and no other retry
// layer), the base URL from Graph:BaseUrl, and tokens on behalf of the signed-in user in Entra mode.
public static class MicrosoftGraph
{
    public const string HttpClientName = "Graph";

    public static WebApplicationBuilder AddMicrosoftGraph(this WebApplicationBuilder builder)
    {
        builder.Services.AddMicrosoftGraph();
        return builder;
    }

    public static IServiceCollection AddMicrosoftGraph(this IServiceCollection services)
    {
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.Section)
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback),
                $"{GraphOptions.Section}:BaseUrl must be an https address (plain http only on loopback, for a stand-in).")
            .Validate(o => o.MaxRetries >= 0 && o.MaxRetryWait >= TimeSpan.Zero,
                $"{GraphOptions.Section}:MaxRetries and {GraphOptions.Section}:MaxRetryWait may not be negative.")
            .ValidateOnStart();
        services.AddTransient<GraphRetryHandler>();
        services.AddHttpClient(HttpClientName).AddHttpMessageHandler<GraphRetryHandler>();
        services.AddSingleton<GraphClients>();
        services.AddScoped<GraphAccess>();
        services.AddScoped<Emails.MessageReader>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}

// Graph clients for one purpose each: the scopes decide what the token allows.
public sealed class GraphClients(IHttpClientFactory http, IOptions<GraphOptions> options)
{
    // On behalf of the caller (Entra mode): Microsoft.Identity.Web exchanges the caller's token for a Graph token.
    public GraphServiceClient OnBehalfOfUser(ITokenAcquisition tokens, IReadOnlyList<string> scopes) =>
        With(new UserTokens(tokens, scopes, Host));

    // As the application itself in one tenant (client credentials): only scheduled report sends, and only when
    // Graph:ScheduledSends is on; Exchange limits which mailboxes it may use (an application access policy).
    public GraphServiceClient AsApplication(ITokenAcquisition tokens, string tenantId) => With(new ApplicationTokens(tokens, tenantId, Host));

    public GraphServiceClient With(IAccessTokenProvider tokens) =>
        new(http.CreateClient(MicrosoftGraph.HttpClientName), new BaseBearerTokenAuthenticationProvider(tokens), options.Value.BaseUrl);

    // The only host a Graph token is ever sent to (the provider would send it anywhere, plain http included).
    public string Host => new Uri(options.Value.BaseUrl).Host;

    private sealed class UserTokens(ITokenAcquisition tokens, IReadOnlyList<string> scopes, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        // A claims challenge from Graph (continuous access evaluation) comes back here once, through the SDK: the claims
        // go into the on-behalf-of request, and Entra either satisfies them or asks the user to sign in again.
        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default)
        {
            if (!AllowedHostsValidator.IsUrlHostValid(uri))
            {
                return "";
            }

            var claims = GraphFailures.DecodedClaims(additionalAuthenticationContext?.GetValueOrDefault("claims") as string);
            return await tokens.GetAccessTokenForUserAsync(scopes,
                tokenAcquisitionOptions: claims is { Length: > 0 } ? new TokenAcquisitionOptions { Claims = claims, CancellationToken = cancellationToken } : null);
        }
    }

    private sealed class ApplicationTokens(ITokenAcquisition tokens, string tenantId, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) =>
            AllowedHostsValidator.IsUrlHostValid(uri)
                ? await tokens.GetAccessTokenForAppAsync(GraphScopes.Application, tenant: tenantId,
                    tokenAcquisitionOptions: new TokenAcquisitionOptions { CancellationToken = cancellationToken })
                : "";
    }
}
