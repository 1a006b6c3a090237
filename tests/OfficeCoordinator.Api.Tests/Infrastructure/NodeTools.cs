using System.Diagnostics;

namespace OfficeCoordinator.Api.Tests.Infrastructure;

// Runs a Node tool (npm, npx) in one of the repository's package folders, with colours off so its output can be read.
public static class NodeTools
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["FORCE_COLOR"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
