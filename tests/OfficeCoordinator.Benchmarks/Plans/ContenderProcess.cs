using System.Diagnostics;
using System.Reflection;

namespace OfficeCoordinator.Benchmarks.Plans;

// Runs a contender in a process of its own, so that its peak memory is its own and libraries that cannot share a
// process (ClosedXML's OpenXml 2.20 beside the API's 3.3) never meet. The project is built first when its build
// output is missing; the contender prints its ContenderResult as the last line.
public static class ContenderProcess
{
    public const string Benchmarks = "OfficeCoordinator.Benchmarks";
    public const string ClosedXml = "OfficeCoordinator.Benchmarks.ClosedXml";

    // The configuration this assembly was built in, so that contenders run the same build.
    private static readonly string Configuration =
        typeof(ContenderProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static async Task<ContenderResult> RunAsync(string project, IEnumerable<string> arguments, TextWriter log, CancellationToken cancellationToken)
    {
        var assembly = Path.Combine(RepositoryRoot(), "tests", project, "bin", Configuration, "net10.0", project + ".dll");
        if (!File.Exists(assembly))
        {
            await log.WriteLineAsync($"Building {project} ({Configuration}) for its first run");
            await RunToEndAsync(["build", Path.Combine(RepositoryRoot(), "tests", project), "-c", Configuration, "-p:SkipTaskpanes=true", "-v", "quiet", "-nologo"], cancellationToken);
        }

        var output = await RunToEndAsync(["exec", assembly, .. arguments], cancellationToken);
        return ContenderResult.FromJson(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    private static async Task<string> RunToEndAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"dotnet {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OfficeCoordinator.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("OfficeCoordinator.sln not found above " + AppContext.BaseDirectory);
    }
}
