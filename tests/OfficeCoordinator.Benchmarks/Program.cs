using System.Globalization;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Benchmarks.Load;
using OfficeCoordinator.Benchmarks.Plans;
using OfficeCoordinator.Benchmarks.Schedule;
using OfficeCoordinator.Benchmarks.Search;

namespace OfficeCoordinator.Benchmarks;

// Measured comparisons of the real code paths, run by hand in Release; progress goes to stderr, the table to stdout.
// A named class rather than top-level statements: ASP.NET Core would make a top-level Program public, and the
// tests, which reference both this project and the API, would then see two global Program types.
internal static class Program
{
    private const string Usage = """
        Usage: dotnet run -c Release --project tests/OfficeCoordinator.Benchmarks -- search
                   [--records 100000] [--queries 200] [--writers 8] [--keep <folder>] [--postgres "<npgsql connection string>"]
        For search and schedule, without --postgres, OC_TEST_POSTGRES is used when set; otherwise only SQLite runs. Search
        times each database idle, then with --writers concurrent writers adding records (0: idle only). --keep reuses a
        seeded database of the same size (a file in the folder; a PostgreSQL database oc_search_<records>), creating it
        on the first run.
               dotnet run -c Release --project tests/OfficeCoordinator.Benchmarks -- schedule
                   [--tasks 10000] [--dependencies 20000] [--iterations 200] [--shifts 20] [--engine-only] [--postgres "<npgsql connection string>"]
               dotnet run -c Release --project tests/OfficeCoordinator.Benchmarks -- export [--tasks 1000,20000,100000] [--runs 3]
               dotnet run -c Release --project tests/OfficeCoordinator.Benchmarks -- import [--rows 20000,100000] [--runs 3] [--read-only]
               dotnet run -c Release --project tests/OfficeCoordinator.Benchmarks -- bare-host [--urls http://127.0.0.1:5190]
               dotnet run -c Release --project tests/OfficeCoordinator.Benchmarks -- anchor-host [--urls http://127.0.0.1:5191]
                   --provider Sqlite|Postgres --connection "<connection string>" [--seed-project p1 --seed-items 20000]
        bare-host serves GET /hello until stopped; tests/load/run.sh measures it beside the API.
        anchor-host serves POST and GET /anchor/projects/{id}/items (JWT from Authentication__Schemes__Bearer__* in the
        environment) until stopped; tests/load/write-path.sh measures it beside the API's write path.
        """;

    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); }; // so the throwaway databases are dropped

        switch (args)
        {
            // Full-text search over N seeded records: SQLite, and PostgreSQL when a server is given.
            case ["search", .. var options]:
                var report = await SearchBenchmark.RunAsync(new SearchBenchmarkOptions(
                    Records: IntOption(options, "--records") ?? 100_000,
                    Queries: IntOption(options, "--queries") ?? 200,
                    Writers: IntOption(options, "--writers") ?? 8,
                    Keep: Option(options, "--keep"),
                    Postgres: Option(options, "--postgres") ?? NonEmpty(Environment.GetEnvironmentVariable("OC_TEST_POSTGRES"))), Console.Error, stop.Token);
                Console.WriteLine(report.ToMarkdown());
                return 0;

            // The schedule engine on a large random plan, then the same reads, shifts and baseline end to end on SQLite and PostgreSQL.
            case ["schedule", .. var options]:
                var schedule = await ScheduleBenchmark.RunAsync(new ScheduleBenchmarkOptions(
                    Tasks: IntOption(options, "--tasks") ?? 10_000,
                    Dependencies: IntOption(options, "--dependencies") ?? 20_000,
                    Iterations: IntOption(options, "--iterations") ?? 200,
                    Shifts: IntOption(options, "--shifts") ?? 20,
                    EndToEnd: !options.Contains("--engine-only"),
                    Postgres: Option(options, "--postgres") ?? NonEmpty(Environment.GetEnvironmentVariable("OC_TEST_POSTGRES"))), Console.Error, stop.Token);
                Console.WriteLine(schedule.ToMarkdown());
                return 0;

            // The plan workbook written by ours, SpreadCheetah and ClosedXML, each in a process of its own.
            case ["export", .. var options]:
                var export = await PlanExportBenchmark.RunAsync(new PlanExportBenchmarkOptions(
                    IntsOption(options, "--tasks") ?? PlanExportBenchmark.DefaultSizes, IntOption(options, "--runs") ?? 3), Console.Error, stop.Token);
                Console.WriteLine(export.ToMarkdown());
                return 0;

            // The Plan table read by ours, ExcelDataReader and a bare ZipArchive + XmlReader pass, each in a process of its own;
            // then, unless --read-only, the whole import (read, diff, report; for real) on SQLite.
            case ["import", .. var options]:
                var import = await PlanImportBenchmark.RunAsync(new PlanImportBenchmarkOptions(
                    IntsOption(options, "--rows") ?? PlanImportBenchmark.DefaultSizes, IntOption(options, "--runs") ?? 3), Console.Error, stop.Token);
                Console.WriteLine(import.ToMarkdown());

                // Then the whole import as the endpoint does it (read, diff, report, save) on SQLite.
                if (!options.Contains("--read-only"))
                {
                    var whole = new List<PlanImportEndToEndRow>();
                    foreach (var size in IntsOption(options, "--rows") ?? PlanImportBenchmark.DefaultSizes)
                    {
                        whole.AddRange(await PlanImportEndToEnd.RunAsync(size, IntOption(options, "--runs") ?? 3, Console.Error, stop.Token));
                    }

                    Console.WriteLine(new PlanImportEndToEndReport(import.Machine, whole).ToMarkdown());
                }

                return 0;

            // A bare minimal-API host (GET /hello) for the load script's baseline; runs until Ctrl+C or SIGTERM.
            case ["bare-host", .. var options]:
                await BareHost.RunAsync(options, stop.Token);
                return 0;

            // The write-path anchor (JWT, one EF Core insert with its history row, a 50-row read); runs until stopped.
            case ["anchor-host", .. var options]:
                await AnchorHost.RunAsync(options, new AnchorOptions(
                    Enum.Parse<DatabaseProvider>(Option(options, "--provider") ?? nameof(DatabaseProvider.Sqlite), ignoreCase: true),
                    Option(options, "--connection") ?? throw new ArgumentException("--connection is required."),
                    Option(options, "--seed-project"), IntOption(options, "--seed-items") ?? 0), stop.Token);
                return 0;

            // The contenders' side of the two above (a result line of JSON on stdout); not meant to be run by hand.
            case ["export-contender", .. var options]:
                Console.WriteLine((await PlanExportBenchmark.RunContenderAsync(
                    Option(options, "--writer") ?? "ours", IntOption(options, "--tasks") ?? 1_000, IntOption(options, "--runs") ?? 3, stop.Token)).ToJson());
                return 0;

            case ["import-contender", .. var options]:
                Console.WriteLine((await PlanImportBenchmark.RunContenderAsync(
                    Option(options, "--reader") ?? "ours", Option(options, "--file") ?? throw new ArgumentException("--file is required."),
                    IntOption(options, "--runs") ?? 3, stop.Token)).ToJson());
                return 0;

            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static string? Option(string[] options, string name) =>
        Array.IndexOf(options, name) is var i and >= 0 && i + 1 < options.Length ? options[i + 1] : null;

    private static int? IntOption(string[] options, string name) =>
        Option(options, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

    private static int[]? IntsOption(string[] options, string name) =>
        Option(options, name) is { } value ? [.. value.Split(',').Select(size => int.Parse(size, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))] : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
