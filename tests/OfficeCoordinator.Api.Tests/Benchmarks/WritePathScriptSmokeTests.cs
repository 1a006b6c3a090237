using System.Globalization;
using Xunit.Abstractions;

namespace OfficeCoordinator.Api.Tests.Benchmarks;

// Keeps issue 17's write-path benchmark runnable: every route on the anchor host and on ours, on SQLite and PostgreSQL,
// for 2 seconds at 8 connections, with a large project of 500 tasks. Its figures come from a longer run by hand.
[Collection(LoadScripts.Name)]
public sealed class WritePathScriptSmokeTests(ITestOutputHelper output)
{
    private static readonly string[] OurRoutes =
    [
        "write, 1 project", "write, 20 projects", "write, 1 project, Idempotency-Key", "write, 20 projects, Idempotency-Key",
        "write, 1 project of 500 tasks", "read, 50 rows",
    ];

    // The anchor has no Idempotency-Key; ours with one is held against its plain write.
    private static readonly string[] AnchorRoutes = ["write, 1 project", "write, 20 projects", "write, 1 project of 500 tasks", "read, 50 rows"];

    [LoadScriptFact]
    public async Task The_write_path_script_measures_ours_beside_the_anchor_on_both_databases_without_a_5xx_or_a_lost_write()
    {
        var run = await LoadScripts.RunAsync("write-path.sh", output, "--smoke");

        run.ExitCode.Should().Be(0, run.Errors);
        var rows = TableRows(run.Output);
        var expected = new[] { "SQLite", "PostgreSQL" }.SelectMany(database =>
            AnchorRoutes.Select(route => ("anchor", database, route)).Concat(OurRoutes.Select(route => ("ours", database, route))));
        rows.Select(r => (r.Config, r.Database, r.Route)).Should().BeEquivalentTo(expected);
        rows.Should().OnlyContain(r => r.Connections == 8 && r.RequestsPerSecond > 0 && r.ServerErrors == 0);
        rows.Where(r => r.Config == "ours").Should().OnlyContain(r => r.RatioToAnchor > 0);
        rows.Where(r => r.Route.StartsWith("write", StringComparison.Ordinal))
            .Should().OnlyContain(r => r.Acknowledged > 0 && r.Stored >= r.Acknowledged);
        run.Output.Should().Contain("ours, SQLite, 8 connections: project of 500 tasks").And.Contain("ours, PostgreSQL, 8 connections: project of 500 tasks");
    }

    private sealed record Row(string Config, string Database, int Connections, string Route, double RequestsPerSecond, double? RatioToAnchor,
        int ServerErrors, int? Acknowledged, int? Stored);

    // | Config | Database | Connections | Route | Requests/s | p50 ms | p99 ms | × anchor | 2xx | 4xx | 5xx | Acknowledged | Stored |
    private static List<Row> TableRows(string report) =>
    [
        .. report.Split('\n')
            .Where(line => line.StartsWith("| ours |", StringComparison.Ordinal) || line.StartsWith("| anchor |", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .Select(c => new Row(c[0], c[1], int.Parse(c[2], CultureInfo.InvariantCulture), c[3], Number(c[4])!.Value, Number(c[7]),
                int.Parse(c[10], CultureInfo.InvariantCulture), (int?)Number(c[11]), (int?)Number(c[12]))),
    ];

    // "–" where a row has no such figure (the anchor's own ratio, a read's acknowledged writes).
    private static double? Number(string cell) =>
        cell == "–" ? null : double.Parse(cell, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
