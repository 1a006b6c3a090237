using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Api.Schedule;

// A project's plan fed to the engine and written back: the schedule as GET /schedule computes it, a shift as its
// endpoint writes it (both throw ScheduleException for a plan the engine cannot schedule), and many tasks saved at once.
public static class ProjectSchedules
{
    private const int SaveSliceSize = 200;

    public static async Task<ProjectSchedule> ComputeAsync(CoordinatorDb db, Project project, DateOnly today, CancellationToken cancellationToken)
    {
        // The plan version was read with the project, before the tasks: a change in between makes it look older
        // than the schedule, never newer.
        var planVersion = project.PlanVersion;
        var tasks = await PlanOf(db, project.Id).ToListAsync(cancellationToken);
        return ScheduleEngine.Compute(tasks, ProjectCalendar.Of(project), project.Start, today).AsDto(planVersion);
    }

    // Every move in one transaction, with a history entry per changed date; null when there is no such task.
    public static async Task<ShiftResult?> ShiftAsync(
        CoordinatorDb db, Project project, int number, ShiftRequest shift, DateOnly today, CancellationToken cancellationToken)
    {
        // Serialised with every other write to the project, so the cascade is computed on the plan it changes.
        await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        var plan = await PlanOf(db, project.Id).ToListAsync(cancellationToken);
        if (!plan.Any(t => t.Number == number))
        {
            return null;
        }

        var moved = ScheduleEngine.Shift(plan, ProjectCalendar.Of(project), project.Start, today, number, shift);
        if (moved.Count == 0)
        {
            return new ShiftResult(project.PlanVersion - 1, []); // rolled back: the plan version is the one before this transaction
        }

        var moves = moved.ToDictionary(m => m.Number);
        var versions = new Dictionary<int, long>(moves.Count);
        await ChangeTasksAsync(db, project.Id, moves.Keys, task => (task.Start, task.Finish) = (moves[task.Number].ToStart, moves[task.Number].ToFinish),
            cancellationToken, saved: task => versions[task.Number] = task.Version);
        await transaction.CommitAsync(cancellationToken);
        return new ShiftResult(project.PlanVersion, [.. moved.Select(m => m with { Version = versions.GetValueOrDefault(m.Number) })]);
    }

    // Changes and saves the tasks (and whatever else the context holds changed) inside the caller's transaction.
    // A slice at a time, each with a fresh change tracker, so that a cascade over thousands of tasks never holds
    // them all (and their history entries) in one tracker.
    public static async Task ChangeTasksAsync(
        CoordinatorDb db, string projectId, IEnumerable<int> numbers, Action<ProjectTask> change, CancellationToken cancellationToken,
        Action<ProjectTask>? saved = null)
    {
        foreach (var slice in numbers.Chunk(SaveSliceSize).DefaultIfEmpty([]))
        {
            var tasks = await db.Tasks.Where(t => t.ProjectId == projectId && slice.Contains(t.Number)).ToListAsync(cancellationToken);
            tasks.ForEach(change);
            await db.SaveChangesAsync(cancellationToken);
            if (saved is not null)
            {
                tasks.ForEach(saved);
            }

            db.ChangeTracker.Clear();
        }
    }

    private static IQueryable<PlannedTask> PlanOf(CoordinatorDb db, string projectId) =>
        db.Tasks.AsNoTracking()
            .Where(t => t.ProjectId == projectId)
            .Select(t => new PlannedTask(t.Number, t.Start, t.Finish, t.Milestone, t.Predecessors, t.Status, t.BaselineStart, t.BaselineFinish));
}
