using System.Globalization;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Benchmarks.Schedule;
using Xunit.Abstractions;

namespace OfficeCoordinator.Api.Tests.Benchmarks;

// Keeps the schedule benchmark runnable; its figures come from a Release run by hand (see the README).
public sealed class ScheduleBenchmarkSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_tiny_schedule_benchmark_times_the_engine_and_the_same_work_on_each_database()
    {
        var postgres = TestDatabase.RequiredPostgresAdminConnectionString();
        string[] databases = postgres is null ? ["SQLite"] : ["SQLite", "PostgreSQL"];
        using var log = new StringWriter(CultureInfo.InvariantCulture);

        var report = await ScheduleBenchmark.RunAsync(
            new ScheduleBenchmarkOptions(Tasks: 60, Dependencies: 120, Iterations: 3, Shifts: 2, Postgres: postgres), log, CancellationToken.None);
        output.WriteLine(log.ToString());
        output.WriteLine(report.ToMarkdown());

        report.Rows.Select(r => r.Measure).Should().Equal(
            new[] { ScheduleBenchmark.Computation, ScheduleBenchmark.EngineShift, ScheduleBenchmark.EngineCriticalShift }.Concat(databases.SelectMany(database =>
                new[]
                {
                    ScheduleBenchmark.ReadOn(database), ScheduleBenchmark.ShiftOn(database), ScheduleBenchmark.CachedShiftOn(database),
                    ScheduleBenchmark.CriticalShiftOn(database), ScheduleBenchmark.BaselineOn(database),
                })));
        report.Rows.Should().OnlyContain(r => r.MedianMs > 0 && r.P95Ms >= r.MedianMs && r.P99Ms >= r.P95Ms && r.MaxMs >= r.P99Ms && r.AllocatedMiB > 0);
        report.Rows.Should().OnlyContain(r => r.PeakRssMiB > 0, "Linux lets a process reset and read its resident high-water mark");
        foreach (var database in databases)
        {
            Moved(report, ScheduleBenchmark.EngineCriticalShift).Should().BeGreaterThan(0).And.Be(Moved(report, ScheduleBenchmark.CriticalShiftOn(database)),
                "the write path moves what the engine says");
            Moved(report, ScheduleBenchmark.EngineShift).Should().Be(Moved(report, ScheduleBenchmark.ShiftOn(database)));
            Moved(report, ScheduleBenchmark.CachedShiftOn(database)).Should().BeGreaterThan(0);
            Moved(report, ScheduleBenchmark.BaselineOn(database)).Should().Be(60, "every task is baselined");
        }

        report.Plan.Should().StartWith("60 tasks").And.Contain("120 dependencies");
        report.ToMarkdown().Should().Contain(ScheduleBenchmarkReport.Header);
    }

    private static int? Moved(ScheduleBenchmarkReport report, string measure) => report.Rows.Single(r => r.Measure == measure).MedianMoved;
}
