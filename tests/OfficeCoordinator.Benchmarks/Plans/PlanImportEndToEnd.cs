using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Projects;
using static System.FormattableString;
using ImportReport = OfficeCoordinator.Client.Contracts.PlanImportReport;

namespace OfficeCoordinator.Benchmarks.Plans;

public sealed record PlanImportEndToEndRow(int Rows, string Measure, int Runs, double MedianSeconds, double MaxSeconds, int Applied, int Conflicts, int RowErrors);

public sealed record PlanImportEndToEndReport(string Machine, IReadOnlyList<PlanImportEndToEndRow> Rows)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Plan import, the whole of it: SamplePlan seeded into SQLite, exported with plan.xlsx's code, then imported with POST /plan/import's code (PlanWorkbookReader, then PlanMerge); machine: {Machine}"));
        text.AppendLine().AppendLine("| Rows | Measure | Runs | Median (s) | Max (s) | Cells applied (tasks added) | Conflicts | Row errors |").AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            text.AppendLine(Invariant($"| {row.Rows:N0} | {row.Measure} | {row.Runs} | {row.MedianSeconds:N2} | {row.MaxSeconds:N2} | {row.Applied:N0} | {row.Conflicts:N0} | {row.RowErrors:N0} |"));
        }

        return text.ToString();
    }
}

// What a user waits for when they upload the plan: the file read, every row diffed against the server and its
// history, the report built; then the same for real, unchanged (one transaction, nothing to write) and with a
// hundredth of the finishes moved in the sheet (those tasks saved with history). Each run of the edited import
// moves different tasks, so every run applies the same amount of work to the same database.
public static class PlanImportEndToEnd
{
    public const string DryRun = "Read, diff and report (dryRun=true)";
    public const string Unchanged = "Import an unchanged export for real";
    public const string Edited = "Import with 1 in 100 finishes moved for real";
    public const string Added = "Add 1 new task per 20 rows (rows without ID) for real";

    private const int BatchSize = 1_000;

    public static async Task<IReadOnlyList<PlanImportEndToEndRow>> RunAsync(int size, int runs, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var user = new CurrentUser();
        user.ActAs(SamplePlan.Tenant, "6f1c0d6e-0b1a-4c55-9d3e-bench0000003", "Alice Manager", "alice@contoso.com");
        await using var database = await BenchmarkDatabase.CreateSqliteAsync(user, cancellationToken);
        var clock = Stopwatch.StartNew();
        var projectId = await SeedAsync(database, user, SamplePlan.Create(size), cancellationToken);
        await log.WriteLineAsync(Invariant($"{size:N0} rows: seeded SQLite in {clock.Elapsed.TotalSeconds:N1} s"));

        var exported = await ExportAsync(database, user, projectId, edit: null, cancellationToken);
        var editsPerRun = Math.Max(1, size / 100);
        var edited = new List<byte[]>();
        for (var run = 0; run <= runs; run++)
        {
            // Run r moves the finishes of tasks r, r + (runs + 1), ... (milestones left alone): no task is edited twice.
            var first = run;
            edited.Add(await ExportAsync(database, user, projectId, task =>
            {
                if (task is { Milestone: false, Finish: { } finish } && (task.Number - 1) % (runs + 1) == first && (task.Number - 1) / (runs + 1) < editsPerRun)
                {
                    task.Finish = finish.AddDays(7);
                }
            }, cancellationToken));
        }

        List<PlanImportEndToEndRow> rows =
        [
            await TimeAsync(size, DryRun, runs, _ => exported, dryRun: true, database, user, projectId, cancellationToken),
            await TimeAsync(size, Unchanged, runs, _ => exported, dryRun: false, database, user, projectId, cancellationToken),
            await TimeAsync(size, Edited, runs, run => edited[run], dryRun: false, database, user, projectId, cancellationToken),
            await TimeAddingAsync(size, runs, database, user, projectId, cancellationToken),
        ];
        foreach (var row in rows)
        {
            await log.WriteLineAsync(Invariant($"{size:N0} rows: {row.Measure}: median {row.MedianSeconds:N2} s ({row.Applied:N0} cells applied)"));
        }

        return rows;
    }

    // An uploaded workbook: read (inside the timing), then merged as POST /plan/import merges it.
    private static Task<PlanImportEndToEndRow> TimeAsync(int size, string measure, int runs, Func<int, byte[]> file, bool dryRun,
        BenchmarkDatabase database, CurrentUser user, string projectId, CancellationToken cancellationToken) =>
        TimeMergesAsync(size, measure, runs, database, user, projectId, async (run, merge) =>
        {
            using var upload = new MemoryStream(file(run), writable: false);
            var sheet = await PlanWorkbookReader.ReadAsync(upload, PlanReadLimits.Default, cancellationToken);
            var report = await merge.RunAsync(sheet.Rows, reportMissing: true, dryRun, cancellationToken);
            return (report, report.Applied.Count);
        }, cancellationToken);

    // Rows without an ID, as the Excel pane sends them to /plan/changes: each becomes a task.
    private static Task<PlanImportEndToEndRow> TimeAddingAsync(int size, int runs, BenchmarkDatabase database, CurrentUser user, string projectId,
        CancellationToken cancellationToken)
    {
        var rows = Enumerable.Range(0, Math.Max(1, size / 20)).Select(i => new PlanRowInput(size + 2 + i, new Dictionary<string, PlanCell>(StringComparer.OrdinalIgnoreCase)
        {
            [PlanColumns.Task] = PlanCell.Of(Invariant($"Badge batch {i}")),
            [PlanColumns.Start] = PlanCell.Of("2027-01-04"),
            [PlanColumns.Finish] = PlanCell.Of("2027-01-08"),
        })).ToList();
        return TimeMergesAsync(size, Added, runs, database, user, projectId, async (_, merge) =>
        {
            var report = await merge.RunAsync(rows, reportMissing: false, dryRun: false, cancellationToken);
            return (report, report.Created.Count);
        }, cancellationToken);
    }

    // Each run as a request gets it: a new context, the caller's project access, a PlanMerge. Run 0 warms up; the
    // report is the last run's (all runs of a measure report the same amounts).
    private static async Task<PlanImportEndToEndRow> TimeMergesAsync(int size, string measure, int runs, BenchmarkDatabase database, CurrentUser user,
        string projectId, Func<int, PlanMerge, Task<(ImportReport Report, int Changed)>> run, CancellationToken cancellationToken)
    {
        var seconds = new List<double>();
        (ImportReport? Report, int Changed) last = default;
        for (var i = 0; i <= runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await using (var db = database.Open(user))
            {
                var access = new ProjectAccess(db, user);
                if (!await access.LoadAsync(projectId, cancellationToken))
                {
                    throw new InvalidOperationException("The benchmark user is not a member of the seeded project.");
                }

                last = await run(i, new PlanMerge(db, access, user, TimeProvider.System));
            }

            if (i > 0)
            {
                seconds.Add(clock.Elapsed.TotalSeconds);
            }
        }

        seconds.Sort();
        var report = last.Report!;
        if (report.RowErrors.Count > 0)
        {
            Console.Error.WriteLine(Invariant($"{measure}: row {report.RowErrors[0].Row}: {report.RowErrors[0].Detail}"));
        }

        return new PlanImportEndToEndRow(size, measure, runs, seconds[seconds.Count / 2], seconds[^1], last.Changed, report.Conflicts.Count, report.RowErrors.Count);
    }

    // plan.xlsx as GET /plan.xlsx writes it, with the tasks optionally edited first (as a spreadsheet user would).
    private static async Task<byte[]> ExportAsync(BenchmarkDatabase database, CurrentUser user, string projectId,
        Action<Api.Tasks.ProjectTask>? edit, CancellationToken cancellationToken)
    {
        await using var db = database.Open(user);
        var project = await db.Projects.FirstAsync(p => p.Id == projectId, cancellationToken);
        var plan = await PlanExport.LoadAsync(db, project, DateTimeOffset.UtcNow, cancellationToken);
        if (edit is not null)
        {
            foreach (var task in plan.Tasks)
            {
                edit(task);
            }
        }

        using var file = new MemoryStream();
        await PlanWorkbookWriter.WriteAsync(file, plan, cancellationToken);
        return file.ToArray();
    }

    private static async Task<string> SeedAsync(BenchmarkDatabase database, CurrentUser user, PlanExport plan, CancellationToken cancellationToken)
    {
        await using var db = database.Open(user);
        plan.Members[0].UserObjectId = user.ObjectId;
        db.Add(plan.Project);
        db.AddRange(plan.Members);
        db.AddRange(plan.Stakeholders);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var batch in plan.Tasks.Chunk(BatchSize))
        {
            db.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        db.AddRange(plan.Obstacles);
        await db.SaveChangesAsync(cancellationToken);
        return plan.Project.Id;
    }
}
