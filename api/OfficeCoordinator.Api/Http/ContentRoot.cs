namespace OfficeCoordinator.Api.Http;

// The folder the API reads appsettings.json (and App_Panes, App_Data) from.
public static class ContentRoot
{
    private const string Settings = "appsettings.json";

    // The working directory when it holds the settings (dotnet run, the tests) or the caller chose a content root;
    // else the application's own folder when the settings are there (the API started from anywhere else).
    public static string? Find(string[] args)
    {
        var chosen = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (chosen || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), Settings)))
        {
            return null;
        }

        return File.Exists(Path.Combine(AppContext.BaseDirectory, Settings)) ? AppContext.BaseDirectory : null;
    }
}
