using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Obstacles;

// A linked task that is not Done or Cancelled is Blocked while any open obstacle links it,
// and gets its earlier status back when the last one closes.
public static class ObstacleBlocking
{
    private static readonly ObstacleStatus[] OpenStatuses = [ObstacleStatus.Open, ObstacleStatus.SolutionProposed, ObstacleStatus.Implementing];

    // Brings the given tasks in line with the obstacles as saved; the caller saves the result.
    public static async Task ApplyAsync(CoordinatorDb db, string projectId, IReadOnlyCollection<int> numbers, CancellationToken cancellationToken)
    {
        if (numbers.Count == 0)
        {
            return;
        }

        var held = await HeldTasksAsync(db, projectId, cancellationToken);
        var tasks = await db.Tasks.Where(t => t.ProjectId == projectId && numbers.Contains(t.Number)).ToListAsync(cancellationToken);
        foreach (var task in tasks)
        {
            if (held.Contains(task.Number) && task.Status is not (WorkStatus.Done or WorkStatus.Cancelled or WorkStatus.Blocked))
            {
                task.StatusBeforeBlocked = task.Status;
                task.Status = WorkStatus.Blocked;
            }
            else if (!held.Contains(task.Number) && task.Status == WorkStatus.Blocked && task.StatusBeforeBlocked is { } earlier)
            {
                task.Status = earlier;
                task.StatusBeforeBlocked = null;
            }
        }
    }

    // The open obstacles that hold a task, for refusing to unblock it by hand.
    public static async Task<List<Obstacle>> HoldingAsync(CoordinatorDb db, string projectId, int number, CancellationToken cancellationToken) =>
        (await db.Obstacles.Where(o => o.ProjectId == projectId && OpenStatuses.Contains(o.Status)).ToListAsync(cancellationToken))
            .Where(o => o.LinkedTasks.Contains(number))
            .ToList();

    private static async Task<HashSet<int>> HeldTasksAsync(CoordinatorDb db, string projectId, CancellationToken cancellationToken) =>
        [.. (await db.Obstacles.Where(o => o.ProjectId == projectId && OpenStatuses.Contains(o.Status))
            .Select(o => o.LinkedTasks).ToListAsync(cancellationToken)).SelectMany(numbers => numbers)];
}
