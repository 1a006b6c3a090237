using OfficeCoordinator.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OfficeCoordinator.Api.Tests.Benchmarks;

// Keeps the load script runnable: every configuration for 3 seconds with 8 connections. It fails on any 5xx, any
// "database is locked" and any acknowledged write that is not stored. Its figures come from a 60 s run by hand.
[Collection(LoadScripts.Name)]
public sealed class LoadScriptSmokeTests(ITestOutputHelper output)
{
    [LoadScriptFact]
    public async Task The_load_script_runs_every_configuration_briefly_without_a_5xx_or_a_lost_write()
    {
        var run = await LoadScripts.RunAsync("run.sh", output, "--smoke");

        run.ExitCode.Should().Be(0, run.Errors);
        run.Output.Should().Contain("| sqlite | email |").And.Contain("| postgres2 | plan").And.Contain("| bare | GET /hello |");
    }
}

// Needs root (PostgreSQL through runuser, wrk from apt) and wrk; outside CI it is skipped without them, under CI=true never.
[XunitTestCaseDiscoverer("OfficeCoordinator.Api.Tests.Benchmarks.LoadScriptFactDiscoverer", "OfficeCoordinator.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class LoadScriptFactAttribute : FactAttribute;

public sealed class LoadScriptFactDiscoverer(IMessageSink diagnosticMessageSink) : RequirementFactDiscoverer(diagnosticMessageSink)
{
    protected override string? SkipReason(ITestMethod testMethod) =>
        TestDatabase.InCi || (Environment.UserName == "root" && File.Exists("/usr/bin/wrk"))
            ? null
            : "The load script needs root and wrk (apt-get install wrk); CI runs it.";
}
