using System.Diagnostics;
using OfficeCoordinator.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OfficeCoordinator.Api.Tests.Benchmarks;

// The load scripts build the same Release outputs and load the same two cores: they run one at a time, after the
// rest of the suite.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadScripts
{
    public const string Name = "Load scripts";

    public sealed record Run(int ExitCode, string Output, string Errors);

    // Runs tests/load/<script> with bash from the repository root; the output goes to the test log as well.
    public static async Task<Run> RunAsync(string script, ITestOutputHelper output, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ApiProcess.RepositoryRoot };
        info.ArgumentList.Add(Path.Combine(ApiProcess.RepositoryRoot, "tests", "load", script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // the API and wrk; the script stops a PostgreSQL left from before when it starts
            throw;
        }

        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
