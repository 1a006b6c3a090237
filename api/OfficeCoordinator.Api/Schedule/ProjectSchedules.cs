using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Api.Schedule;

// A project's plan fed to the engine and written back: the schedule as GET /schedule computes it, a shift as its
// endpoint writes it (both throw ScheduleException for a plan the engine cannot schedule). The plan is read without
// tracking, as the few columns the engine needs, and kept by plan version (PlanCache); the moves are written in
// batches (CoordinatorDb.WriteTaskDatesAsync).
public static class ProjectSchedules
{
    public static async Task<ProjectSchedule> ComputeAsync(CoordinatorDb db, PlanCache plans, Project project, DateOnly today, CancellationToken cancellationToken)
    {
        // The plan version was read with the project, before the tasks: a change in between makes it look older
        // than the schedule, never newer. Filed under that version, such a plan is only found by a reader that saw
        // the same version, and would have read the same newer tasks from the database.
        var planVersion = project.PlanVersion;
        var tasks = await PlanAtAsync(db, plans, project, planVersion, cancellationToken);
        return ScheduleEngine.Compute(tasks, ProjectCalendar.Of(project), project.Start, today).AsDto(planVersion);
    }

    // Every move in one transaction, with a history entry per changed date; null when there is no such task.
    public static async Task<ShiftResult?> ShiftAsync(
        CoordinatorDb db, PlanCache plans, Project project, int number, ShiftRequest shift, DateOnly today, CancellationToken cancellationToken)
    {
        // Serialised with every other write to the project, so the cascade is computed on the plan it changes: the
        // plan as of the version before this write's, which no one can change while the write holds the project.
        if (db.Entry(project).State == EntityState.Detached)
        {
            // The write's plan version is read from the tracked project, which BeginProjectWriteAsync updates.
            throw new InvalidOperationException("Shift a project this context tracks.");
        }

        await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        var plan = await PlanAtAsync(db, plans, project, project.PlanVersion - 1, cancellationToken);

        if (!plan.Any(t => t.Number == number))
        {
            return null;
        }

        var moved = ScheduleEngine.Shift(plan, ProjectCalendar.Of(project), project.Start, today, number, shift);
        if (moved.Count == 0)
        {
            return new ShiftResult(project.PlanVersion - 1, []); // rolled back: the plan version is the one before this transaction
        }

        var versions = await db.WriteTaskDatesAsync(
            project.Id, TaskDatePair.Schedule, [.. moved.Select(m => new TaskDates(m.Number, m.ToStart, m.ToFinish))], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var moves = moved.ToDictionary(m => m.Number);
        plans.Keep(project.TenantId, project.Id, project.PlanVersion,
            [.. plan.Select(t => moves.TryGetValue(t.Number, out var move) ? t with { Start = move.ToStart, Finish = move.ToFinish } : t)]);
        return new ShiftResult(project.PlanVersion, [.. moved.Select(m => m with { Version = versions.GetValueOrDefault(m.Number) })]);
    }

    // The named tasks' dates (or every task's) become their baseline, in one transaction: the project records who took
    // it and when, and each task whose baseline changes gets a history entry per changed date and a new version.
    public static async Task<(BaselineResult? Result, Validation? Errors)> TakeBaselineAsync(
        CoordinatorDb db, Project project, IReadOnlyList<int>? named, string takenBy, DateTime takenAt, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        var dates = await db.Tasks.AsNoTracking().Where(t => t.ProjectId == project.Id)
            .Select(t => new TaskDates(t.Number, t.Start, t.Finish)).ToDictionaryAsync(t => t.Number, cancellationToken);
        if (named is not null && ValidateNumbers(named, dates) is { IsValid: false } errors)
        {
            return (null, errors);
        }

        project.BaselineTakenAt = takenAt;
        project.BaselineTakenBy = takenBy;
        await db.SaveChangesAsync(cancellationToken);
        var baselined = (named ?? [.. dates.Keys]).Order().ToList();
        await db.WriteTaskDatesAsync(project.Id, TaskDatePair.Baseline, [.. baselined.Select(number => dates[number])], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new BaselineResult(project.PlanVersion, new DateTimeOffset(takenAt, TimeSpan.Zero), takenBy, baselined), null);
    }

    private static Validation ValidateNumbers(IReadOnlyList<int> numbers, Dictionary<int, TaskDates> existing)
    {
        var errors = new Validation();
        if (numbers.Count == 0)
        {
            errors.Add("tasks", "Name at least one task, or leave tasks out to baseline every task.");
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (!existing.ContainsKey(numbers[i]))
            {
                errors.Add($"tasks[{i}]", $"{ProjectTask.KeyOf(numbers[i])} does not exist in this project.");
            }
            else if (!seen.Add(numbers[i]))
            {
                errors.Add($"tasks[{i}]", $"{ProjectTask.KeyOf(numbers[i])} is listed twice.");
            }
        }

        return errors;
    }

    // The plan kept under that version, or the plan read from the database and kept under it.
    private static async Task<IReadOnlyList<PlannedTask>> PlanAtAsync(
        CoordinatorDb db, PlanCache plans, Project project, long planVersion, CancellationToken cancellationToken)
    {
        if (plans.Find(project.TenantId, project.Id, planVersion) is { } kept)
        {
            return kept;
        }

        var read = await PlanOf(db, project.Id).ToListAsync(cancellationToken);
        plans.Keep(project.TenantId, project.Id, planVersion, read);
        return read;
    }

    private static IQueryable<PlannedTask> PlanOf(CoordinatorDb db, string projectId) =>
        db.Tasks.AsNoTracking()
            .Where(t => t.ProjectId == projectId)
            .Select(t => new PlannedTask(t.Number, t.Start, t.Finish, t.Milestone, t.Predecessors, t.Status, t.BaselineStart, t.BaselineFinish));
}
