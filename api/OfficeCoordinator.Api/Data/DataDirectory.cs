namespace OfficeCoordinator.Api.Data;

// Where the embedded defaults keep their files (the SQLite database, the development signing key).
public static class DataDirectory
{
    public const string ConfigurationKey = "DataDirectory";

    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[ConfigurationKey];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "App_Data")
            : Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(path);
        return path;
    }
}
