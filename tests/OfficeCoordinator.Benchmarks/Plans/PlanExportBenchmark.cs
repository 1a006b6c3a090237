using System.Runtime.InteropServices;
using System.Text;
using OfficeCoordinator.Api.Plans;
using static System.FormattableString;

namespace OfficeCoordinator.Benchmarks.Plans;

public sealed record PlanExportBenchmarkOptions(IReadOnlyList<int> Sizes, int Runs = 3);

public sealed record PlanExportRow(int Tasks, string Writer, ContenderResult Result, double TimeVsSpreadCheetah, double MemoryVsSpreadCheetah);

public sealed record PlanExportReport(string Machine, int Runs, IReadOnlyList<PlanExportRow> Rows)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Plan export: the whole workbook (7 sheets, 5 tables) of SamplePlan, to a temporary file; each writer in its own process, median of {Runs} runs after a warm-up; machine: {Machine}"));
        text.AppendLine("Peak memory: the most resident memory the runs added on top of the loaded plan (VmHWM, reset before the runs).");
        text.AppendLine().AppendLine("| Tasks | Writer | Time (s) | × SpreadCheetah | Peak memory added (MiB) | × SpreadCheetah | Allocated per run (MiB) | File (MiB) |")
            .AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            var result = row.Result;
            text.AppendLine(Invariant(
                $"| {row.Tasks:N0} | {row.Writer} | {result.MedianSeconds:N2} | {row.TimeVsSpreadCheetah:N2} | {Mebibytes(result.PeakAboveBaselineBytes):N0} | {row.MemoryVsSpreadCheetah:N2} | {Mebibytes(result.AllocatedBytesPerRun):N0} | {Mebibytes(result.OutputBytes):N1} |"));
        }

        return text.ToString();
    }

    private static double Mebibytes(long bytes) => bytes / (1024.0 * 1024.0);
}

// Plan export at each size with PlanWorkbookWriter, SpreadCheetah writing the same cells (PlanWorkbookCells), and
// ClosedXML writing them from a file (it cannot share a process with the API). Each contender runs in a process of
// its own: it builds the same SamplePlan, warms up on a small one, then writes to a temporary file as the endpoint does.
public static class PlanExportBenchmark
{
    public const string Ours = "PlanWorkbookWriter (ours)";
    public const string SpreadCheetah = "SpreadCheetah 1.28.0";
    public const string ClosedXml = "ClosedXML 0.95.4";

    public static readonly IReadOnlyList<int> DefaultSizes = [1_000, 20_000, 100_000];

    public static async Task<PlanExportReport> RunAsync(PlanExportBenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Runs, 1);
        var rows = new List<PlanExportRow>();
        foreach (var tasks in options.Sizes)
        {
            string[] measure = ["--tasks", Invariant($"{tasks}"), "--runs", Invariant($"{options.Runs}")];
            var ours = await ContenderProcess.RunAsync(ContenderProcess.Benchmarks, ["export-contender", "--writer", "ours", .. measure], log, cancellationToken);
            await log.WriteLineAsync(Invariant($"{tasks:N0} tasks: {Ours} {ours.MedianSeconds:N2} s"));
            var cheetah = await ContenderProcess.RunAsync(ContenderProcess.Benchmarks, ["export-contender", "--writer", "spreadcheetah", .. measure], log, cancellationToken);
            await log.WriteLineAsync(Invariant($"{tasks:N0} tasks: {SpreadCheetah} {cheetah.MedianSeconds:N2} s"));

            var cells = Path.Combine(Path.GetTempPath(), $"oc-cells-{Guid.NewGuid():N}.bin");
            ContenderResult closed;
            try
            {
                CellsFile.Write(cells, PlanWorkbookCells.Of(SamplePlan.Create(tasks)));
                closed = await ContenderProcess.RunAsync(ContenderProcess.ClosedXml, ["--cells", cells, "--runs", Invariant($"{options.Runs}")], log, cancellationToken);
            }
            finally
            {
                File.Delete(cells);
            }

            await log.WriteLineAsync(Invariant($"{tasks:N0} tasks: {ClosedXml} {closed.MedianSeconds:N2} s"));
            rows.AddRange(new[] { (Ours, ours), (SpreadCheetah, cheetah), (ClosedXml, closed) }.Select(contender => new PlanExportRow(
                tasks, contender.Item1, contender.Item2,
                contender.Item2.MedianSeconds / cheetah.MedianSeconds,
                (double)contender.Item2.PeakAboveBaselineBytes / Math.Max(1, cheetah.PeakAboveBaselineBytes))));
        }

        var machine = Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        return new PlanExportReport(machine, options.Runs, rows);
    }

    // In the contender's process (export-contender).
    public static async Task<ContenderResult> RunContenderAsync(string writer, int tasks, int runs, CancellationToken cancellationToken)
    {
        Func<PlanExport, Stream, Task> write = writer switch
        {
            "ours" => (plan, stream) => PlanWorkbookWriter.WriteAsync(stream, plan, cancellationToken),
            "spreadcheetah" => (plan, stream) => SpreadCheetahPlanWriter.WriteAsync(stream, PlanWorkbookCells.Of(plan), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(writer), writer, "Use ours or spreadcheetah."),
        };
        var plan = SamplePlan.Create(tasks);
        await WriteToTemporaryFileAsync(SamplePlan.Create(Math.Min(tasks, 200), SamplePlan.DefaultSeed + 1), write);
        return await ContenderResult.MeasureAsync(runs, async () => (await WriteToTemporaryFileAsync(plan, write), plan.Tasks.Count));
    }

    private static async Task<long> WriteToTemporaryFileAsync(PlanExport plan, Func<PlanExport, Stream, Task> write)
    {
        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"oc-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await write(plan, file);
        return file.Length;
    }
}
