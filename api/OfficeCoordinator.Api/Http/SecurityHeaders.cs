using Microsoft.Extensions.Options;
using OfficeCoordinator.Api.Auth;

namespace OfficeCoordinator.Api.Http;

// Where the panes may be framed, in configuration because Microsoft publishes no complete list of Office hosts.
public sealed class SecurityOptions
{
    public const string Section = "Security";

    // Classic desktop clients load the pane at top level, where frame-ancestors does not apply.
    public static readonly string[] DefaultFrameAncestors =
    [
        "'self'", "https://*.office.com", "https://*.office365.com", "https://*.officeapps.live.com", "https://*.sharepoint.com",
        "https://outlook.live.com", "https://*.cloud.microsoft", "https://*.microsoft365.com",
    ];

    public string[] FrameAncestors { get; set; } = [];

    public IReadOnlyList<string> EffectiveFrameAncestors => FrameAncestors.Length > 0 ? FrameAncestors : DefaultFrameAncestors;
}

// Headers every response carries: no content sniffing, framing only by Office hosts, and no caching of what a
// signed-in user was shown (conditional downloads such as plan.xlsx set their own, revalidated caching).
public static class SecurityHeaders
{
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section)
            .Validate(o => o.FrameAncestors.All(a => a.Length > 0 && !a.Any(c => char.IsWhiteSpace(c) || c == ';' || c == ',')),
                $"{SecurityOptions.Section}:FrameAncestors holds one source per entry, without spaces, commas or semicolons.")
            .ValidateOnStart();
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // Production only: development and the tests run on plain http on loopback.
        if (app.Environment.IsProduction())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        var policy = "frame-ancestors " + string.Join(' ', app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.EffectiveFrameAncestors);
        app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = policy;
                if (http.Request.Path.StartsWithSegments("/api") && http.Request.Headers.Authorization.Count > 0 && headers.CacheControl.Count == 0)
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next(http);
            if (http.Response.StatusCode == StatusCodes.Status403Forbidden)
            {
                SecurityEvents.Forbidden(http, http.RequestServices.GetRequiredService<CurrentUser>());
            }
        });
        return app;
    }
}
