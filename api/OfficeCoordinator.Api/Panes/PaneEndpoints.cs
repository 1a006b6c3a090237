using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Demo;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Panes;

// The task panes are served from the API's own origin (App_Panes, built from web-taskpane/), and ask it how to sign in.
public static class PaneEndpoints
{
    public const string FolderKey = "Panes:Directory";

    public static WebApplication UsePanes(this WebApplication app)
    {
        var folder = Path.GetFullPath(app.Configuration[FolderKey] ?? "App_Panes", app.Environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        var files = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Hashed bundles never change; the pages themselves must always be fresh.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.File.Name.EndsWith(".html", StringComparison.Ordinal) ? "no-cache" : "public, max-age=31536000, immutable",
        });
        return app;
    }

    public static IEndpointRouteBuilder MapPanes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Redirect("/outlook/")).ExcludeFromDescription();
        app.MapGet("/api/client-config", ClientConfig).Describe("Identity_ClientConfig", "How the task panes sign in").WithTags("Identity").AllowAnonymous();
        return app;
    }

    private static Ok<PaneConfig> ClientConfig(SignInModeAccessor mode, IConfiguration configuration, IHostEnvironment environment)
    {
        if (mode.Mode == SignInMode.Entra)
        {
            // The pane's own app registration and the API scope it asks for; both default to the API's registration.
            var clientId = configuration["Panes:ClientId"] ?? configuration["AzureAd:ClientId"]!;
            var instance = (configuration["AzureAd:Instance"] ?? "https://login.microsoftonline.com/").TrimEnd('/');
            var scope = configuration["Panes:ApiScope"] ?? $"api://{configuration["AzureAd:ClientId"]}/{SignInSetup.AccessAsUserScope}";
            return TypedResults.Ok(new PaneConfig("entra", false, clientId, $"{instance}/{configuration["AzureAd:TenantId"] ?? "organizations"}", [scope], []));
        }

        var development = environment.IsDevelopment();
        return TypedResults.Ok(new PaneConfig("local", development, null, null, [],
            development ? [.. DemoData.People.Select(p => new PaneDemoUser(p.Name, p.Email, p.Role))] : []));
    }
}

// What a task pane needs to sign in: Local (the development sign-in) or Entra (MSAL nested app authentication).
public sealed record PaneConfig([property: AllowedValues("local", "entra")] string SignIn, bool DevSignIn, string? ClientId, string? Authority, IReadOnlyList<string> Scopes, IReadOnlyList<PaneDemoUser> DemoUsers);

public sealed record PaneDemoUser(string Name, string Email, ProjectRole Role);
