using System.Globalization;
using OfficeCoordinator.Benchmarks.Plans;
using Xunit.Abstractions;

namespace OfficeCoordinator.Api.Tests.Benchmarks;

// Keeps the export and import benchmarks runnable (contenders in their own processes, ClosedXML's project included);
// their figures come from a Release run by hand (see the README).
public sealed class PlanBenchmarkSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_tiny_export_benchmark_runs_ours_SpreadCheetah_and_ClosedXML_on_the_same_plan()
    {
        using var log = new StringWriter(CultureInfo.InvariantCulture);

        var report = await PlanExportBenchmark.RunAsync(new PlanExportBenchmarkOptions([60], Runs: 1), log, CancellationToken.None);
        output.WriteLine(log.ToString());
        output.WriteLine(report.ToMarkdown());

        report.Rows.Select(r => r.Writer).Should().Equal(PlanExportBenchmark.Ours, PlanExportBenchmark.SpreadCheetah, PlanExportBenchmark.ClosedXml);
        report.Rows.Should().OnlyContain(r => r.Tasks == 60 && r.Result.Rows == 60 && r.Result.OutputBytes > 0 && r.Result.MedianSeconds > 0);
        report.Rows.Single(r => r.Writer == PlanExportBenchmark.SpreadCheetah).TimeVsSpreadCheetah.Should().Be(1);
        report.ToMarkdown().Should().Contain("× SpreadCheetah");
    }

    [Fact]
    public async Task A_tiny_import_benchmark_reads_the_same_rows_three_ways_and_imports_them_whole_on_SQLite()
    {
        using var log = new StringWriter(CultureInfo.InvariantCulture);

        var readers = await PlanImportBenchmark.RunAsync(new PlanImportBenchmarkOptions([150], Runs: 1), log, CancellationToken.None);
        var whole = await PlanImportEndToEnd.RunAsync(200, runs: 1, log, CancellationToken.None);
        output.WriteLine(log.ToString());
        output.WriteLine(readers.ToMarkdown());
        output.WriteLine(new PlanImportEndToEndReport(readers.Machine, whole).ToMarkdown());

        readers.Rows.Select(r => r.Reader).Should().Equal(PlanImportBenchmark.Ours, PlanImportBenchmark.ExcelDataReader, PlanImportBenchmark.BarePassKeeping, PlanImportBenchmark.BarePass);
        readers.Rows.Should().OnlyContain(r => r.Result.Rows == 150, "every reader reads every row of the same file");
        whole.Select(r => r.Measure).Should().Equal(PlanImportEndToEnd.DryRun, PlanImportEndToEnd.Unchanged, PlanImportEndToEnd.Edited, PlanImportEndToEnd.Added);
        whole.Should().OnlyContain(r => r.Conflicts == 0 && r.RowErrors == 0 && r.MedianSeconds > 0);
        whole[0].Applied.Should().Be(0, "an unchanged export changes nothing");
        whole[1].Applied.Should().Be(0);
        whole[2].Applied.Should().BeGreaterThan(0, "the moved finishes apply");
        whole[3].Applied.Should().Be(10, "one task is added per 20 rows");
    }
}
