using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using static System.FormattableString;
using Member = OfficeCoordinator.Api.Projects.Member;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Benchmarks.Schedule;

public sealed record ScheduleBenchmarkOptions(int Tasks = 10_000, int Dependencies = 20_000, int Iterations = 200, int Shifts = 20, bool EndToEnd = true);

public sealed record ScheduleBenchmarkRow(string Measure, int Runs, int? MedianMoved, double MedianMs, double P95Ms, double MaxMs);

public sealed record ScheduleBenchmarkReport(string Machine, string Plan, IReadOnlyList<ScheduleBenchmarkRow> Rows)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Schedule benchmark: {Plan}; machine: {Machine}"));
        text.AppendLine().AppendLine("| Measure | Runs | Tasks moved (median) | Median ms | p95 ms | Max ms |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            var moved = row.MedianMoved is { } count ? Invariant($"{count:N0}") : "–";
            text.AppendLine(Invariant($"| {row.Measure} | {row.Runs:N0} | {moved} | {row.MedianMs:N2} | {row.P95Ms:N2} | {row.MaxMs:N2} |"));
        }

        return text.ToString();
    }
}

// Times the schedule engine on a large random plan (the pure computation, and cascading shifts), then the same
// work as the API does it on SQLite through ProjectSchedules, which the endpoints call: GET /schedule's load and
// compute, and a shift's load, cascade, save with history and commit. A shift of a random task moves a few tasks;
// a shift of the first critical task moves everything behind it on the critical path.
public static class ScheduleBenchmark
{
    public const string Computation = "Schedule computation: ScheduleEngine.Compute";
    public const string EngineShift = "Shift a random task +3 days, cascade: ScheduleEngine.Shift";
    public const string EngineCriticalShift = "Shift the first critical task +3 days, cascade: ScheduleEngine.Shift";
    public const string ReadOnSqlite = "GET /schedule's work on SQLite: load the tasks, compute";
    public const string ShiftOnSqlite = "Shift a random task +3 days end to end on SQLite: load, cascade, save with history, commit";
    public const string CriticalShiftOnSqlite = "Shift the first critical task +3 days end to end on SQLite";

    private const string Tenant = "bench";
    private const int Seed = 20_261_130;
    private const int WarmUpCalls = 5;
    private const int BatchSize = 1_000;
    private const int CriticalShiftsOnSqlite = 3;
    private static readonly ShiftRequest Shift = new(ByDays: 3);

    public static async Task<ScheduleBenchmarkReport> RunAsync(ScheduleBenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Tasks, 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Shifts, 1);
        var plan = RandomPlan.Generate(options.Tasks, options.Dependencies, Seed);
        await log.WriteLineAsync($"Plan: {plan.Describe()}");
        var random = new Random(Seed);
        var targets = Enumerable.Range(0, options.Shifts).Select(_ => plan.Tasks[random.Next(plan.Tasks.Count)].Number).ToArray();
        var critical = ScheduleEngine.Compute(plan.Tasks, plan.Calendar, plan.Start, plan.Start).CriticalPath[0];

        List<ScheduleBenchmarkRow> rows =
        [
            Time(Computation, options.Iterations, _ =>
            {
                ScheduleEngine.Compute(plan.Tasks, plan.Calendar, plan.Start, plan.Start);
                return null;
            }),
            Time(EngineShift, targets.Length, i => ScheduleEngine.Shift(plan.Tasks, plan.Calendar, plan.Start, plan.Start, targets[i], Shift).Count),
            Time(EngineCriticalShift, targets.Length, _ => ScheduleEngine.Shift(plan.Tasks, plan.Calendar, plan.Start, plan.Start, critical, Shift).Count),
        ];
        foreach (var row in rows)
        {
            await log.WriteLineAsync(Invariant($"{row.Measure}: median {row.MedianMs:N2} ms, p95 {row.P95Ms:N2} ms"));
        }

        if (options.EndToEnd)
        {
            rows.AddRange(await TimeOnSqliteAsync(plan, targets, critical, log, cancellationToken));
        }

        var machine = Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        return new ScheduleBenchmarkReport(machine, plan.Describe(), rows);
    }

    private static ScheduleBenchmarkRow Time(string measure, int runs, Func<int, int?> run)
    {
        for (var i = 0; i < Math.Min(WarmUpCalls, runs); i++)
        {
            run(i);
        }

        GC.Collect();
        var milliseconds = new double[runs];
        var moved = new int?[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            moved[i] = run(i);
            milliseconds[i] = clock.Elapsed.TotalMilliseconds;
        }

        return Row(measure, milliseconds, moved);
    }

    private static async Task<List<ScheduleBenchmarkRow>> TimeOnSqliteAsync(
        RandomPlan plan, int[] targets, int critical, TextWriter log, CancellationToken cancellationToken)
    {
        var user = new CurrentUser();
        user.ActAs(Tenant, "6f1c0d6e-0b1a-4c55-9d3e-bench0000002", "Bench", "bench@contoso.example");
        await using var database = await BenchmarkDatabase.CreateSqliteAsync(user, cancellationToken);
        var clock = Stopwatch.StartNew();
        var projectId = await SeedAsync(database, user, plan, cancellationToken);
        await log.WriteLineAsync(Invariant($"SQLite: seeded {plan.Tasks.Count:N0} tasks through CoordinatorDb.SaveChangesAsync in {clock.Elapsed.TotalSeconds:N1} s"));

        var reads = new double[targets.Length];
        for (var i = -WarmUpCalls; i < reads.Length; i++)
        {
            clock.Restart();
            await using var db = database.Open(user);
            var project = await db.Projects.FirstAsync(p => p.Id == projectId, cancellationToken);
            await ProjectSchedules.ComputeAsync(db, project, plan.Start, cancellationToken);
            if (i >= 0)
            {
                reads[i] = clock.Elapsed.TotalMilliseconds;
            }
        }

        List<ScheduleBenchmarkRow> rows = [Row(ReadOnSqlite, reads, new int?[reads.Length])];
        rows.Add(await TimeShiftsAsync(ShiftOnSqlite, database, user, projectId, plan.Start, targets, cancellationToken));
        await log.WriteLineAsync(Invariant($"{rows[^1].Measure}: median {rows[^1].MedianMs:N1} ms"));
        rows.Add(await TimeShiftsAsync(CriticalShiftOnSqlite, database, user, projectId, plan.Start,
            [.. Enumerable.Repeat(critical, Math.Min(CriticalShiftsOnSqlite, targets.Length))], cancellationToken));
        await log.WriteLineAsync(Invariant($"{rows[^1].Measure}: median {rows[^1].MedianMs:N1} ms"));
        return rows;
    }

    // Each shift is undone afterwards (untimed), so that every one starts from the same plan.
    private static async Task<ScheduleBenchmarkRow> TimeShiftsAsync(string measure, BenchmarkDatabase database, CurrentUser user, string projectId,
        DateOnly today, int[] targets, CancellationToken cancellationToken)
    {
        var milliseconds = new double[targets.Length];
        var moved = new int?[targets.Length];
        for (var i = -1; i < targets.Length; i++)
        {
            var target = targets[Math.Max(i, 0)];
            var clock = Stopwatch.StartNew();
            ShiftResult result;
            await using (var db = database.Open(user))
            {
                var project = await db.Projects.FirstAsync(p => p.Id == projectId, cancellationToken);
                result = await ProjectSchedules.ShiftAsync(db, project, target, Shift, today, cancellationToken)
                    ?? throw new InvalidOperationException($"{ProjectTask.KeyOf(target)} is missing from the seeded plan.");
            }

            if (i >= 0)
            {
                (milliseconds[i], moved[i]) = (clock.Elapsed.TotalMilliseconds, result.Moved.Count);
            }

            await RestoreAsync(database, user, projectId, result.Moved, cancellationToken);
        }

        return Row(measure, milliseconds, moved);
    }

    private static async Task<string> SeedAsync(BenchmarkDatabase database, CurrentUser user, RandomPlan plan, CancellationToken cancellationToken)
    {
        await using var db = database.Open(user);
        var now = DateTime.UtcNow;
        var project = new Project
        {
            TenantId = Tenant, Name = "Schedule benchmark", Start = plan.Start, Holidays = [.. plan.Holidays], CreatedAt = now, CreatedBy = user.ObjectId,
            LastTaskNumber = plan.Tasks.Count,
        };
        project.Members.Add(new Member
        {
            TenantId = Tenant, ProjectId = project.Id, Email = user.Email, Name = user.Name, Role = ProjectRole.Manager, UserObjectId = user.ObjectId, Joined = now,
        });
        db.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var batch in plan.Tasks.Chunk(BatchSize))
        {
            db.AddRange(batch.Select(task => new ProjectTask
            {
                TenantId = Tenant, ProjectId = project.Id, Number = task.Number, Title = Invariant($"Work package {task.Number}"),
                Start = task.Start, Finish = task.Finish, BaselineStart = task.BaselineStart, BaselineFinish = task.BaselineFinish,
                Milestone = task.Milestone, Predecessors = [.. task.Predecessors ?? []], CreatedAt = now, CreatedBy = user.ObjectId,
            }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return project.Id;
    }

    private static async Task RestoreAsync(BenchmarkDatabase database, CurrentUser user, string projectId, IReadOnlyList<MovedTask> moved, CancellationToken cancellationToken)
    {
        await using var db = database.Open(user);
        var numbers = moved.Select(m => m.Number).ToHashSet();
        var tasks = await db.Tasks.Where(t => t.ProjectId == projectId && numbers.Contains(t.Number)).ToDictionaryAsync(t => t.Number, cancellationToken);
        foreach (var move in moved)
        {
            (tasks[move.Number].Start, tasks[move.Number].Finish) = (move.FromStart, move.FromFinish);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static ScheduleBenchmarkRow Row(string measure, double[] milliseconds, int?[] moved)
    {
        var sorted = milliseconds.Order().ToArray();
        var counts = moved.OfType<int>().Order().ToArray();
        return new ScheduleBenchmarkRow(measure, sorted.Length, counts.Length == 0 ? null : counts[counts.Length / 2],
            Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted[^1]);
    }

    // Linear interpolation between the two nearest ranks of an ascending array.
    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var below = (int)position;
        return below + 1 < sorted.Length ? sorted[below] + (sorted[below + 1] - sorted[below]) * (position - below) : sorted[below];
    }
}
