using System.Globalization;
using OfficeCoordinator.Benchmarks.Schedule;
using Xunit.Abstractions;

namespace OfficeCoordinator.Api.Tests.Benchmarks;

// Keeps the schedule benchmark runnable; its figures come from a Release run by hand (see the README).
public sealed class ScheduleBenchmarkSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_tiny_schedule_benchmark_times_the_engine_and_the_same_work_on_SQLite()
    {
        using var log = new StringWriter(CultureInfo.InvariantCulture);

        var report = await ScheduleBenchmark.RunAsync(new ScheduleBenchmarkOptions(Tasks: 60, Dependencies: 120, Iterations: 3, Shifts: 2), log, CancellationToken.None);
        output.WriteLine(log.ToString());
        output.WriteLine(report.ToMarkdown());

        report.Rows.Select(r => r.Measure).Should().Equal(
            ScheduleBenchmark.Computation, ScheduleBenchmark.EngineShift, ScheduleBenchmark.EngineCriticalShift,
            ScheduleBenchmark.ReadOnSqlite, ScheduleBenchmark.ShiftOnSqlite, ScheduleBenchmark.CriticalShiftOnSqlite);
        report.Rows.Should().OnlyContain(r => r.MedianMs > 0 && r.P95Ms >= r.MedianMs);
        Moved(report, ScheduleBenchmark.EngineCriticalShift).Should().BeGreaterThan(0).And.Be(Moved(report, ScheduleBenchmark.CriticalShiftOnSqlite),
            "the write path moves what the engine says");
        Moved(report, ScheduleBenchmark.EngineShift).Should().Be(Moved(report, ScheduleBenchmark.ShiftOnSqlite));
        report.Plan.Should().StartWith("60 tasks").And.Contain("120 dependencies");
        report.ToMarkdown().Should().Contain("| Measure | Runs | Tasks moved (median) | Median ms | p95 ms | Max ms |");
    }

    private static int? Moved(ScheduleBenchmarkReport report, string measure) => report.Rows.Single(r => r.Measure == measure).MedianMoved;
}
