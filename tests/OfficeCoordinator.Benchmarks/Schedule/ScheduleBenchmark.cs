using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using static System.FormattableString;
using Member = OfficeCoordinator.Api.Projects.Member;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Benchmarks.Schedule;

public sealed record ScheduleBenchmarkOptions(
    int Tasks = 10_000, int Dependencies = 20_000, int Iterations = 200, int Shifts = 20, bool EndToEnd = true, string? Postgres = null);

// Allocated: managed bytes allocated per run. Peak RSS: the process's resident high-water mark during the measure
// (reset before it), which includes the plan and runtime the benchmark itself holds.
public sealed record ScheduleBenchmarkRow(
    string Measure, int Runs, int? MedianMoved, int? MaxMoved, double MedianMs, double P95Ms, double P99Ms, double MaxMs, double AllocatedMiB, double? PeakRssMiB);

public sealed record ScheduleBenchmarkReport(string Machine, string Plan, IReadOnlyList<ScheduleBenchmarkRow> Rows)
{
    public const string Header = "| Measure | Runs | Tasks moved (median) | Tasks moved (max) | Median ms | p95 ms | p99 ms | Max ms | Allocated MiB per run | Peak RSS MiB |";

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Schedule benchmark: {Plan}; machine: {Machine}"));
        text.AppendLine().AppendLine(Header).AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            var moved = row.MedianMoved is { } count ? Invariant($"{count:N0}") : "–";
            var most = row.MaxMoved is { } max ? Invariant($"{max:N0}") : "–";
            var peak = row.PeakRssMiB is { } rss ? Invariant($"{rss:N0}") : "–";
            text.AppendLine(Invariant(
                $"| {row.Measure} | {row.Runs:N0} | {moved} | {most} | {row.MedianMs:N2} | {row.P95Ms:N2} | {row.P99Ms:N2} | {row.MaxMs:N2} | {row.AllocatedMiB:N1} | {peak} |"));
        }

        return text.ToString();
    }
}

// Times the schedule engine on a large random plan (the pure computation, and cascading shifts), then the same
// work as the API does it through ProjectSchedules, which the endpoints call, on SQLite and (when a server is given)
// PostgreSQL: GET /schedule's load and compute; a shift's load, cascade, bulk write with history and commit; and a
// baseline of every task. A shift of a random task moves a few tasks; a shift of the first critical task moves
// everything behind it on the critical path.
public static class ScheduleBenchmark
{
    public const string Computation = "Schedule computation: ScheduleEngine.Compute";
    public const string EngineShift = "Shift a random task +3 days, cascade: ScheduleEngine.Shift";
    public const string EngineCriticalShift = "Shift the first critical task +3 days, cascade: ScheduleEngine.Shift";

    public static string ReadOn(string database) => $"GET /schedule's work on {database}: read the plan, compute";

    public static string ShiftOn(string database) =>
        $"Shift a random task +3 days end to end on {database}, after another write: read the plan, cascade, write with history, commit";

    public static string CachedShiftOn(string database) =>
        $"Shift a random task +3 days end to end on {database}, one after another (the plan kept from the previous shift)";

    public static string CriticalShiftOn(string database) => $"Shift the first critical task +3 days end to end on {database}";

    public static string BaselineOn(string database) => $"Take the baseline of every task end to end on {database} (after the critical shift)";

    private const string Tenant = "bench";
    private const int Seed = 20_261_130;
    private const int WarmUpCalls = 5;
    private const int BatchSize = 1_000;
    private const int CriticalShifts = 3;
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

        var described = plan.Describe();
        if (options.EndToEnd)
        {
            var user = new CurrentUser();
            user.ActAs(Tenant, "6f1c0d6e-0b1a-4c55-9d3e-bench0000002", "Bench", "bench@contoso.example");
            List<BenchmarkDatabase> databases = [await BenchmarkDatabase.CreateSqliteAsync(user, cancellationToken)];
            try
            {
                if (options.Postgres is { } postgres)
                {
                    databases.Add(await BenchmarkDatabase.CreatePostgresAsync(postgres, user, cancellationToken));
                }

                var projects = new List<string>();
                foreach (var database in databases)
                {
                    var clock = Stopwatch.StartNew();
                    projects.Add(await SeedAsync(database, user, plan, cancellationToken));
                    await log.WriteLineAsync(Invariant($"{database.Name}: seeded {plan.Tasks.Count:N0} tasks through CoordinatorDb.SaveChangesAsync in {clock.Elapsed.TotalSeconds:N1} s"));
                }

                // The generated plan is the benchmark's, not the API's: let it go before the peaks are measured.
                var start = plan.Start;
                plan = null!;
                for (var i = 0; i < databases.Count; i++)
                {
                    rows.AddRange(await TimeEndToEndAsync(databases[i], user, projects[i], start, targets, critical, log, cancellationToken));
                }
            }
            finally
            {
                foreach (var database in databases)
                {
                    await database.DisposeAsync();
                }
            }
        }

        var machine = Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        return new ScheduleBenchmarkReport(machine, described, rows);
    }

    private static ScheduleBenchmarkRow Time(string measure, int runs, Func<int, int?> run)
    {
        for (var i = 0; i < Math.Min(WarmUpCalls, runs); i++)
        {
            run(i);
        }

        var memory = Memory.Start();
        var milliseconds = new double[runs];
        var moved = new int?[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            moved[i] = run(i);
            milliseconds[i] = clock.Elapsed.TotalMilliseconds;
        }

        return Row(measure, milliseconds, moved, memory);
    }

    private static async Task<List<ScheduleBenchmarkRow>> TimeEndToEndAsync(BenchmarkDatabase database, CurrentUser user, string projectId, DateOnly start,
        int[] targets, int critical, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = new Stopwatch();
        var reads = new double[targets.Length];
        Memory? memory = null;
        for (var i = -WarmUpCalls; i < reads.Length; i++)
        {
            memory ??= i == 0 ? Memory.Start() : null;
            clock.Restart();
            await using var db = database.Open(user);
            var project = await db.Projects.FirstAsync(p => p.Id == projectId, cancellationToken);
            using var cold = new PlanCache(); // as after any write: the plan is read
            await ProjectSchedules.ComputeAsync(db, cold, project, start, cancellationToken);
            if (i >= 0)
            {
                reads[i] = clock.Elapsed.TotalMilliseconds;
            }
        }

        List<ScheduleBenchmarkRow> rows = [Row(ReadOn(database.Name), reads, new int?[reads.Length], memory!)];
        using var plans = new PlanCache();
        rows.Add(await TimeShiftsAsync(ShiftOn(database.Name), database, plans, user, projectId, start, targets, cancellationToken));
        await log.WriteLineAsync(Invariant($"{rows[^1].Measure}: median {rows[^1].MedianMs:N1} ms, p99 {rows[^1].P99Ms:N1} ms"));
        rows.Add(await TimeSuccessiveShiftsAsync(CachedShiftOn(database.Name), database, plans, user, projectId, start, targets, cancellationToken));
        await log.WriteLineAsync(Invariant($"{rows[^1].Measure}: median {rows[^1].MedianMs:N1} ms, p99 {rows[^1].P99Ms:N1} ms"));
        rows.Add(await TimeShiftsAsync(CriticalShiftOn(database.Name), database, plans, user, projectId, start,
            [.. Enumerable.Repeat(critical, Math.Min(CriticalShifts, targets.Length))], cancellationToken));
        await log.WriteLineAsync(Invariant($"{rows[^1].Measure}: median {rows[^1].MedianMs:N1} ms, peak RSS {rows[^1].PeakRssMiB:N0} MiB"));
        rows.Add(await TimeBaselinesAsync(BaselineOn(database.Name), database, plans, user, projectId, start, critical,
            Math.Min(CriticalShifts, targets.Length), cancellationToken));
        await log.WriteLineAsync(Invariant($"{rows[^1].Measure}: median {rows[^1].MedianMs:N1} ms"));
        return rows;
    }

    // Each shift is undone afterwards (untimed) by a write around the plan cache, as any other write would be, so that
    // every one starts from the same plan and reads it.
    private static async Task<ScheduleBenchmarkRow> TimeShiftsAsync(string measure, BenchmarkDatabase database, PlanCache plans, CurrentUser user, string projectId,
        DateOnly today, int[] targets, CancellationToken cancellationToken)
    {
        var milliseconds = new double[targets.Length];
        var moved = new int?[targets.Length];
        var memory = Memory.Start();
        for (var i = -1; i < targets.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = await ShiftAsync(database, plans, user, projectId, today, targets[Math.Max(i, 0)], cancellationToken);
            if (i >= 0)
            {
                (milliseconds[i], moved[i]) = (clock.Elapsed.TotalMilliseconds, result.Moved.Count);
            }

            memory.Pause();
            await RestoreAsync(database, user, projectId, result.Moved, cancellationToken);
            if (i < 0)
            {
                memory = Memory.Start(); // the first shift warms up; its allocations are not counted
            }

            memory.Resume();
        }

        return Row(measure, milliseconds, moved, memory);
    }

    // Shifts one after another, as a coordinator rescheduling several tasks does: each finds the plan the previous one
    // wrote in the plan cache. They are undone together afterwards (untimed), newest first.
    private static async Task<ScheduleBenchmarkRow> TimeSuccessiveShiftsAsync(string measure, BenchmarkDatabase database, PlanCache plans, CurrentUser user,
        string projectId, DateOnly today, int[] targets, CancellationToken cancellationToken)
    {
        var milliseconds = new double[targets.Length];
        var moved = new int?[targets.Length];
        var undo = new List<IReadOnlyList<MovedTask>>();
        undo.Add((await ShiftAsync(database, plans, user, projectId, today, targets[0], cancellationToken)).Moved); // reads the plan
        var memory = Memory.Start();
        for (var i = 0; i < targets.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = await ShiftAsync(database, plans, user, projectId, today, targets[i], cancellationToken);
            (milliseconds[i], moved[i]) = (clock.Elapsed.TotalMilliseconds, result.Moved.Count);
            undo.Add(result.Moved);
        }

        var row = Row(measure, milliseconds, moved, memory);
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            await RestoreAsync(database, user, projectId, undo[i], cancellationToken);
        }

        return row;
    }

    // The critical shift leaves the dates away from the baseline (untimed), the baseline is taken (timed), and the
    // shift is undone, so that every run rewrites the baseline of the tasks behind the first critical one.
    private static async Task<ScheduleBenchmarkRow> TimeBaselinesAsync(string measure, BenchmarkDatabase database, PlanCache plans, CurrentUser user, string projectId,
        DateOnly today, int critical, int runs, CancellationToken cancellationToken)
    {
        var milliseconds = new double[runs];
        var moved = new int?[runs];
        var memory = Memory.Start();
        for (var i = 0; i < runs; i++)
        {
            memory.Pause();
            var shifted = await ShiftAsync(database, plans, user, projectId, today, critical, cancellationToken);
            memory.Resume();
            var clock = Stopwatch.StartNew();
            await using (var db = database.Open(user))
            {
                var project = await db.Projects.FirstAsync(p => p.Id == projectId, cancellationToken);
                var (result, errors) = await ProjectSchedules.TakeBaselineAsync(db, project, null, user.Email, DateTime.UtcNow, cancellationToken);
                (milliseconds[i], moved[i]) = (clock.Elapsed.TotalMilliseconds, result?.Tasks.Count ?? throw new InvalidOperationException(errors?.ToString()));
            }

            memory.Pause();
            await RestoreAsync(database, user, projectId, shifted.Moved, cancellationToken);
            memory.Resume();
        }

        return Row(measure, milliseconds, moved, memory);
    }

    private static async Task<ShiftResult> ShiftAsync(
        BenchmarkDatabase database, PlanCache plans, CurrentUser user, string projectId, DateOnly today, int target, CancellationToken cancellationToken)
    {
        await using var db = database.Open(user);
        var project = await db.Projects.FirstAsync(p => p.Id == projectId, cancellationToken);
        return await ProjectSchedules.ShiftAsync(db, plans, project, target, Shift, today, cancellationToken)
            ?? throw new InvalidOperationException($"{ProjectTask.KeyOf(target)} is missing from the seeded plan.");
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

    // The moved tasks back to their earlier dates, written as an undo would be: one project write, in batches.
    private static async Task RestoreAsync(BenchmarkDatabase database, CurrentUser user, string projectId, IReadOnlyList<MovedTask> moved, CancellationToken cancellationToken)
    {
        await using var db = database.Open(user);
        await using var transaction = await db.BeginProjectWriteAsync(projectId, cancellationToken);
        await db.WriteTaskDatesAsync(projectId, TaskDatePair.Schedule, [.. moved.Select(m => new TaskDates(m.Number, m.FromStart, m.FromFinish))], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static ScheduleBenchmarkRow Row(string measure, double[] milliseconds, int?[] moved, Memory memory)
    {
        var sorted = milliseconds.Order().ToArray();
        var counts = moved.OfType<int>().Order().ToArray();
        return new ScheduleBenchmarkRow(measure, sorted.Length, counts.Length == 0 ? null : counts[counts.Length / 2], counts.Length == 0 ? null : counts[^1],
            Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted[^1],
            memory.AllocatedBytes / (1024.0 * 1024.0) / sorted.Length, memory.PeakRssMiB());
    }

    // Linear interpolation between the two nearest ranks of an ascending array.
    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var below = (int)position;
        return below + 1 < sorted.Length ? sorted[below] + (sorted[below + 1] - sorted[below]) * (position - below) : sorted[below];
    }

    // What a measure allocates (managed, this process, excluding paused stretches) and the resident high-water mark
    // from its start (PeakMemory; where the mark cannot be reset, no peak is reported).
    private sealed class Memory
    {
        private long _allocated;
        private long _since;
        private bool _peakReset;
        private bool _paused;

        public static Memory Start()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return new Memory { _since = GC.GetTotalAllocatedBytes(precise: true), _peakReset = PeakMemory.Reset() };
        }

        public long AllocatedBytes => _allocated + (_paused ? 0 : GC.GetTotalAllocatedBytes(precise: true) - _since);

        public void Pause() => (_allocated, _paused) = (AllocatedBytes, true);

        public void Resume() => (_since, _paused) = (GC.GetTotalAllocatedBytes(precise: true), false);

        public double? PeakRssMiB() => _peakReset ? PeakMemory.PeakRssMiB() : null;
    }
}
