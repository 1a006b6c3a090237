using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Tokens;

namespace OfficeCoordinator.Api.Auth;

public static class SignInSetup
{
    // The delegated scope the add-in's token must carry in Entra mode.
    public const string AccessAsUserScope = "access_as_user";

    // Entra when AzureAd:ClientId is configured; otherwise Local, on the framework's own JWT bearer configuration.
    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var mode = string.IsNullOrWhiteSpace(builder.Configuration["AzureAd:ClientId"]) ? SignInMode.Local : SignInMode.Entra;
        services.AddSingleton(new SignInModeAccessor(mode));
        services.AddScoped<CurrentUser>();
        services.AddTransient<IClaimsTransformation, CurrentUserClaimsTransformation>();

        if (mode == SignInMode.Entra)
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"))
                .EnableTokenAcquisitionToCallDownstreamApi()
                .AddDistributedTokenCaches();
            services.AddDistributedMemoryCache();

            // ASP.NET Core also binds Authentication:Schemes:Bearer (the Local settings appsettings.json carries) to
            // this scheme. In Entra mode they must not count: Entra's published keys sign tokens, its issuer
            // validator judges the issuer, and the audience is this app (the client id, or its api:// URI).
            var azureAd = builder.Configuration.GetSection("AzureAd");
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                var validation = options.TokenValidationParameters;
                validation.IssuerSigningKey = null;
                validation.IssuerSigningKeys = null;
                validation.ValidIssuer = null;
                validation.ValidIssuers = null;
                validation.ValidAudience = null;
                validation.ValidAudiences = EntraAudiences(azureAd);
            });
        }
        else
        {
            DevelopmentSigningKey.AddWhenMissing(builder);
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
            services.AddOptions<LocalSignInOptions>()
                .BindConfiguration(LocalSignInOptions.Section)
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<LocalSignInOptions>, LocalSignInOptionsValidator>();
            services.AddSingleton<DevTokenIssuer>();
        }

        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.MapInboundClaims = false;
            var inner = options.Events?.OnChallenge;
            options.Events ??= new JwtBearerEvents();
            var validated = options.Events.OnTokenValidated;
            options.Events.OnTokenValidated = async context =>
            {
                await (validated?.Invoke(context) ?? Task.CompletedTask);
                // A token that names no user (no oid; in Local mode no sub either) could make two people one user.
                if (context.Principal is { } principal && CurrentUser.MissingIdentity(principal, mode) is { } missing)
                {
                    // Failing here skips OnAuthenticationFailed, so the security event is logged here.
                    var refusal = new SecurityTokenValidationException(missing);
                    SecurityEvents.TokenRefused(context.HttpContext, refusal);
                    context.Fail(refusal);
                }
            };
            var failed = options.Events.OnAuthenticationFailed;
            options.Events.OnAuthenticationFailed = async context =>
            {
                await (failed?.Invoke(context) ?? Task.CompletedTask);
                SecurityEvents.TokenRefused(context.HttpContext, context.Exception);
            };
            options.Events.OnChallenge = async context =>
            {
                if (inner is not null)
                {
                    await inner(context);
                }

                if (!context.Handled)
                {
                    await WriteChallengeAsync(context);
                }
            };
        });

        services.AddAuthorizationBuilder().SetDefaultPolicy(mode == SignInMode.Entra
            ? new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireScope(AccessAsUserScope)
                .Build()
            : new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .Build());
        return builder;
    }

    // The audiences an Entra access token for this API carries: v2 tokens the client id, v1 tokens the app id URI.
    private static string[] EntraAudiences(IConfiguration azureAd)
    {
        var clientId = azureAd["ClientId"]!.Trim();
        return [.. new[] { clientId, $"api://{clientId}", azureAd["Audience"]?.Trim() }.OfType<string>().Where(a => a.Length > 0).Distinct()];
    }

    // A 401 that says what is wrong with the token, as problem details, never echoing the token itself.
    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            null => "Sign in first: this request needs a bearer access token.",
            SecurityTokenExpiredException => "The access token has expired; sign in again.",
            SecurityTokenNotYetValidException => "The access token is not valid yet; check the clock of the machine that issued it.",
            SecurityTokenInvalidAudienceException => "The access token was issued for another audience than this API.",
            SecurityTokenInvalidIssuerException => "The access token was issued by an issuer this API does not trust.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
                "The access token's signature is not valid.",
            SecurityTokenValidationException { Message: var message } when message.StartsWith(CurrentUser.NoIdentityPrefix, StringComparison.Ordinal) => message,
            _ => "The access token is not valid.",
        };
        var header = context.AuthenticateFailure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{detail}\"";
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = header;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = detail },
        });
    }
}
