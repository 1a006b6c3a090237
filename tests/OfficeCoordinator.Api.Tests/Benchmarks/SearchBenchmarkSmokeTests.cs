using System.Globalization;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Benchmarks.Search;
using Xunit.Abstractions;

namespace OfficeCoordinator.Api.Tests.Benchmarks;

// Keeps the search benchmark runnable in CI; its figures come from a full Release run by hand.
public sealed class SearchBenchmarkSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_tiny_search_benchmark_times_every_query_kind_on_each_database()
    {
        var mustRunPostgres = TestDatabase.PostgresSkipReason is null;
        var postgres = TestDatabase.PostgresAdminConnectionString;
        if (mustRunPostgres)
        {
            postgres.Should().NotBeNull($"CI=true requires PostgreSQL: set {TestDatabase.PostgresVariable} to an Npgsql connection string");
        }

        string[] databases = mustRunPostgres ? ["SQLite", "PostgreSQL"] : ["SQLite"];
        using var log = new StringWriter(CultureInfo.InvariantCulture);

        var report = await SearchBenchmark.RunAsync(new SearchBenchmarkOptions(Records: 300, Queries: 3, Postgres: postgres), log, CancellationToken.None);
        output.WriteLine(log.ToString());
        output.WriteLine(report.ToMarkdown());

        report.Databases.Select(d => (d.Database, d.Records)).Should().Equal(databases.Select(d => (d, 300)));
        report.Rows.Select(r => (r.Database, r.Query)).Should().BeEquivalentTo(
            databases.SelectMany(d => SearchBenchmark.QueryKinds.Select(kind => (d, kind))));
        report.Rows.Should().OnlyContain(r => r.MedianMs > 0);
        report.Rows.Where(r => r.Query == SearchBenchmark.CommonWord).Should().OnlyContain(r => r.MeanHits > 0);
    }
}
