using System.Globalization;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Benchmarks.Search;
using Xunit.Abstractions;

namespace OfficeCoordinator.Api.Tests.Benchmarks;

// Keeps the search benchmark runnable in CI; its figures come from a full Release run by hand.
public sealed class SearchBenchmarkSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_tiny_search_benchmark_times_every_query_kind_on_each_database_idle_and_with_8_writers()
    {
        var postgres = TestDatabase.RequiredPostgresAdminConnectionString();
        string[] databases = postgres is null ? ["SQLite"] : ["SQLite", "PostgreSQL"];
        using var log = new StringWriter(CultureInfo.InvariantCulture);

        var report = await SearchBenchmark.RunAsync(new SearchBenchmarkOptions(Records: 300, Queries: 3, Postgres: postgres), log, CancellationToken.None);
        output.WriteLine(log.ToString());
        output.WriteLine(report.ToMarkdown());

        report.Databases.Select(d => (d.Database, d.Records)).Should().Equal(databases.Select(d => (d, 300)));
        report.Rows.Select(r => (r.Database, r.Writers, r.Query)).Should().BeEquivalentTo(
            databases.SelectMany(d => new[] { 0, 8 }.SelectMany(writers => SearchBenchmark.QueryKinds.Select(kind => (d, writers, kind)))
                .Append((d, 0, SearchBenchmark.EveryMatch))));
        report.Rows.Should().OnlyContain(r => r.MedianMs > 0 && r.P99Ms >= r.MedianMs && r.MaxMs >= r.P99Ms && r.PeakRssMiB >= 0);
        report.Rows.Where(r => r.Query is SearchBenchmark.CommonWord or SearchBenchmark.EveryMatch).Should().OnlyContain(r => r.MeanHits > 0);
        report.Writes.Select(w => (w.Database, w.Writers)).Should().Equal(databases.Select(d => (d, 8)));
        report.Writes.Should().OnlyContain(w => w.Records > 0 && w.P99Ms >= w.MedianMs);
        report.ToMarkdown().Should().Contain("| p99 ms |").And.Contain("Peak RSS MiB");
    }
}
