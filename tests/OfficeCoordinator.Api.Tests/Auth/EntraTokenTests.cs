using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Auth;

// A stand-in for the Microsoft identity platform on loopback: the multi-tenant OpenID metadata (issuer with the
// {tenantid} placeholder, as Entra publishes it) and the signing keys. The API fetches both as it would from Entra.
public sealed class EntraStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    public EntraStub()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificate)));
        _app = builder.Build();
        _app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (HttpContext http, string tenant) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = $"{BaseAddress}{(tenant is "organizations" or "common" ? "{tenantid}" : tenant)}/v2.0",
            ["jwks_uri"] = $"{BaseAddress}{tenant}/discovery/v2.0/keys",
            ["authorization_endpoint"] = $"{BaseAddress}{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{BaseAddress}{tenant}/oauth2/v2.0/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        // On-behalf-of (Microsoft.Identity.Web through MSAL): the caller's token in, a Graph token for that user out,
        // unless the script says consent is missing or a claims challenge applies.
        _app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext http, string tenant) =>
        {
            var form = await http.Request.ReadFormAsync();
            TokenRequests.Enqueue((tenant, form["grant_type"].ToString(), form["scope"].ToString(), form["requested_token_use"].ToString()));
            if (TokenScript.TryDequeue(out var scripted))
            {
                return scripted;
            }

            // Claims the caller's own token does not carry (a stricter sign-in): the user must sign in again.
            if (form["claims"].ToString() is { Length: > 0 } claims)
            {
                return ClaimsRequired(claims);
            }

            // Client credentials (the application identity of scheduled sends): a Graph token for the application in that tenant.
            if (form["grant_type"] == "client_credentials")
            {
                return Results.Json(new { token_type = "Bearer", access_token = ApplicationTokenFor(tenant), expires_in = 3600, ext_expires_in = 3600 });
            }

            var user = new JsonWebToken(form["assertion"].ToString());
            return Results.Json(new { token_type = "Bearer", access_token = GraphTokenFor(user.GetClaim("oid").Value), expires_in = 3600, ext_expires_in = 3600 });
        });
        // MSAL's instance discovery, which it asks login.microsoftonline.com for (routed here by the tests' MSAL client).
        _app.MapGet("/common/discovery/instance", () => Results.Json(new Dictionary<string, object>
        {
            ["tenant_discovery_endpoint"] = $"{BaseAddress}common/v2.0/.well-known/openid-configuration",
            ["api-version"] = "1.1",
            ["metadata"] = new[] { new { preferred_network = BaseAddress.Authority, preferred_cache = BaseAddress.Authority, aliases = new[] { BaseAddress.Authority } } },
        }));
        _app.MapGet("/{tenant}/discovery/v2.0/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Key.ExportParameters(false)) { KeyId = KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
    }

    public const string KeyId = "entra-stub-key-1";

    public static string GraphTokenFor(string objectId) => $"graph-token-for-{objectId}";

    public static string ApplicationTokenFor(string tenant) => $"application-token-for-{tenant}";

    public System.Collections.Concurrent.ConcurrentQueue<(string Tenant, string GrantType, string Scope, string TokenUse)> TokenRequests { get; } = new();

    // Answers the token endpoint gives before its ordinary one (consent missing, a claims challenge).
    public System.Collections.Concurrent.ConcurrentQueue<IResult> TokenScript { get; } = new();

    // What Entra answers when the user (or an administrator) has not consented to a scope.
    public static IResult ConsentRequired() => Results.Json(new
    {
        error = "invalid_grant", error_description = "AADSTS65001: The user or administrator has not consented to use the application.",
        suberror = "consent_required", error_codes = new[] { 65001 },
    }, statusCode: 400);

    // Conditional access: the user must sign in again with these claims.
    public static IResult ClaimsRequired(string claims) => Results.Json(new
    {
        error = "interaction_required", error_description = "AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.",
        claims, error_codes = new[] { 50076 },
    }, statusCode: 400);

    // MSAL's HTTP: trusts the stub's certificate and sends what it would send to login.microsoftonline.com here.
    public sealed class MsalClients(EntraStub stub) : Microsoft.Identity.Client.IMsalHttpClientFactory, IDisposable
    {
        private readonly HttpClient _client = new(new ToStub(stub) { InnerHandler = stub.TrustingHandler() });

        public HttpClient GetHttpClient() => _client;

        public void Dispose() => _client.Dispose();

        private sealed class ToStub(EntraStub stub) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri is { Host: "login.microsoftonline.com" } uri)
                {
                    request.RequestUri = new Uri(stub.BaseAddress, uri.PathAndQuery.TrimStart('/'));
                }

                return base.SendAsync(request, cancellationToken);
            }
        }
    }

    // Entra is https only, and so are the API's metadata and issuer lookups: the stub serves a certificate of its own,
    // which the API under test trusts by thumbprint and nothing else.
    public X509Certificate2 Certificate { get; } = SelfSigned();

    public HttpMessageHandler TrustingHandler() => new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == Certificate.Thumbprint,
    };

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(2));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public RSA Key { get; } = RSA.Create(2048);

    public Uri BaseAddress { get; private set; } = null!;

    public async Task StartAsync()
    {
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Key.Dispose();
        Certificate.Dispose();
    }
}

// The API in Entra mode (multi-tenant, "organizations") against the stub: Microsoft.Identity.Web validates the tokens.
public class EntraTokenApplication : CoordinatorApplication, IAsyncLifetime
{
    public const string ClientId = "3f2a9c1e-6b7d-4e58-a0c2-9d1e5f7b3a60";

    public EntraStub Entra { get; } = new();

    protected override string EnvironmentName => "Testing";

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Entra.StartAsync();
        await StartStandInsAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await StopStandInsAsync();
        await Entra.DisposeAsync();
    }

    // What a derived host needs running before the API starts (a Graph stand-in), and stopped after it.
    protected virtual Task StartStandInsAsync() => Task.CompletedTask;

    protected virtual Task StopStandInsAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("AzureAd:Instance", Entra.BaseAddress.ToString());
        builder.UseSetting("AzureAd:TenantId", "organizations");
        builder.UseSetting("AzureAd:ClientId", ClientId);
        builder.ConfigureTestServices(services =>
        {
            services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options => options.BackchannelHttpHandler = Entra.TrustingHandler());
            // Microsoft.Identity.Web's issuer validator reads the metadata with this named client when one is given.
            services.AddHttpClient(nameof(EntraStub)).ConfigurePrimaryHttpMessageHandler(Entra.TrustingHandler);
            services.Configure<AadIssuerValidatorOptions>(options => options.HttpClientName = nameof(EntraStub));
        });
    }

    // An access token as Entra issues it for this API: v2 issuer of the user's tenant, audience the client id.
    public string EntraToken(string tenantId, string? objectId, string scopes = "access_as_user", string? issuerTenant = null, RSA? signedWith = null,
        SigningCredentials? credentials = null, string name = "Erin Entra", string signInName = "erin@fabrikam.example")
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{Entra.BaseAddress}{issuerTenant ?? tenantId}/v2.0",
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity(
            [
                new Claim("tid", tenantId),
                .. objectId is null ? Array.Empty<Claim>() : [new Claim("oid", objectId)],
                new Claim("sub", "pairwise-" + (objectId ?? "someone")),
                new Claim("name", name),
                new Claim("preferred_username", signInName),
                new Claim("scp", scopes),
                new Claim("ver", "2.0"),
            ]),
            SigningCredentials = credentials ?? new SigningCredentials(new RsaSecurityKey(signedWith ?? Entra.Key) { KeyId = EntraStub.KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }
}

public sealed class EntraTokenTests(EntraTokenApplication app) : IClassFixture<EntraTokenApplication>
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ObjectId = "8c5f2f8e-1d0b-4b6a-9e51-7a2c3d4e5f60";

    [Fact]
    public async Task An_Entra_token_for_this_API_signs_the_user_in_with_their_tenant_object_id_and_sign_in_name()
    {
        var me = await app.ClientWithToken(app.EntraToken(Tenant, ObjectId)).GetMeAsync().OkAsync();

        me.Should().Be(new SignedInUser(Tenant, ObjectId, "Erin Entra", "erin@fabrikam.example"));
    }

    [Fact]
    public async Task A_token_without_the_access_as_user_scope_is_refused()
    {
        var refused = await app.ClientWithToken(app.EntraToken(Tenant, ObjectId, scopes: "User.Read")).GetMeAsync();

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_token_without_oid_is_refused_even_with_a_sub_which_Entra_makes_per_app()
    {
        var problem = await app.ClientWithToken(app.EntraToken(Tenant, objectId: null)).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.Should().Be("The access token names no user: it carries no oid claim.");
    }

    [Fact]
    public async Task A_token_whose_issuer_names_another_tenant_than_its_tid_is_refused()
    {
        var problem = await app.ClientWithToken(app.EntraToken(Tenant, ObjectId, issuerTenant: "0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6")).GetMeAsync()
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.Should().Be("The access token was issued by an issuer this API does not trust.");
    }

    [Fact]
    public async Task A_token_signed_with_a_key_Entra_did_not_publish_is_refused()
    {
        using var forged = RSA.Create(2048);

        var problem = await app.ClientWithToken(app.EntraToken(Tenant, ObjectId, signedWith: forged)).GetMeAsync()
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.Should().Be("The access token's signature is not valid.");
    }

    [Fact]
    public async Task The_Local_sign_in_settings_count_for_nothing_in_Entra_mode()
    {
        // The test host also carries Local settings (issuer, audience, HS256 key), as appsettings.json does: a token
        // made with that key and an Entra-looking issuer must not pass, nor must a Local token.
        var withLocalKey = app.EntraToken(Tenant, ObjectId,
            credentials: new SigningCredentials(new SymmetricSecurityKey(app.SigningKey), SecurityAlgorithms.HmacSha256));

        var forged = await app.ClientWithToken(withLocalKey).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var local = await app.ClientWithToken(app.TokenFor(TestUser.Create("Lou Local"))).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        forged.Detail.Should().Be("The access token's signature is not valid.");
        local.Detail.Should().NotBeNullOrEmpty();
    }
}
