using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OfficeCoordinator.Benchmarks.Load;

// The floor the load script (tests/load/run.sh) measures the API against: a minimal API on the same machine and
// runtime with one route and nothing else (no auth, no database, no logging), so the ratio shows what the product adds.
public static class BareHost
{
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        // The slim builder reads --urls from the arguments, as the API does.
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/hello", () => "Hello");
        // Stops on Ctrl+C or SIGTERM (the host's own lifetime) or when the token is cancelled.
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }
}
