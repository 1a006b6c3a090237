using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Communications;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Obstacles;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Api.Tasks;

namespace OfficeCoordinator.Api.Plans;

// Everything the shared workbook shows, read once: the project and its people, the tasks by number (with their source
// emails), the registers and logs, and which tasks the schedule finds critical or late at GeneratedAt.
public sealed record PlanExport(
    Project Project,
    IReadOnlyList<Member> Members,
    IReadOnlyList<ProjectTask> Tasks,
    IReadOnlyList<Stakeholder> Stakeholders,
    IReadOnlyList<Communication> Communications,
    IReadOnlyList<Obstacle> Obstacles,
    IReadOnlySet<int> CriticalTasks,
    IReadOnlySet<int> LateTasks,
    DateTimeOffset GeneratedAt)
{
    // What a publish could not merge from the shared file: written on a Conflicts sheet, so nothing typed there is lost.
    public IReadOnlyList<PlanConflictNote> Conflicts { get; init; } = [];

    // The tasks whose forecast finish is after their baseline finish (the schedule's finish variance above zero).
    public IReadOnlySet<int> SlippedTasks { get; init; } = new HashSet<int>();

    // The latest published status report, for the Status sheet (null before the first).
    public Client.Contracts.StatusReport? LatestReport { get; init; }

    // A decision is a communication of kind Decision: it appears in the log and again in the Decisions table.
    public IEnumerable<Communication> Decisions => Communications.Where(c => c.IsDecision);

    // Throws ScheduleException when the engine cannot schedule the plan (as GET /schedule answers 409).
    public static async Task<PlanExport> LoadAsync(CoordinatorDb db, Project project, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var members = await db.Members.AsNoTracking()
            .Where(m => m.ProjectId == project.Id).OrderBy(m => m.Email).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Include(t => t.SourceEmail)
            .Where(t => t.ProjectId == project.Id).OrderBy(t => t.Number).ToListAsync(cancellationToken);
        var stakeholders = await db.Stakeholders.AsNoTracking()
            .Where(s => s.ProjectId == project.Id).OrderBy(s => s.Name).ThenBy(s => s.Email).ToListAsync(cancellationToken);
        var communications = await db.Communications.AsNoTracking().Include(c => c.SourceEmail)
            .Where(c => c.ProjectId == project.Id).OrderBy(c => c.OccurredAt).ThenBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var obstacles = await db.Obstacles.AsNoTracking()
            .Where(o => o.ProjectId == project.Id).OrderBy(o => o.RaisedAt).ToListAsync(cancellationToken);

        // The schedule of exactly these tasks, so the Timeline agrees with the Plan sheet, computed as GET /schedule
        // computes it (the same engine, today as the UTC date of now), so the Summary's counts are the schedule's.
        var planned = tasks.Select(t => new PlannedTask(t.Number, t.Start, t.Finish, t.Milestone, t.Predecessors, t.Status, t.BaselineStart, t.BaselineFinish)).ToList();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var schedule = ScheduleEngine.Compute(planned, ProjectCalendar.Of(project), project.Start, today);
        var latest = await Reports.StatusReportEndpoints.LatestAsync(db, project.Id, cancellationToken);
        return new PlanExport(
            project, members, tasks, stakeholders, communications, obstacles,
            schedule.Tasks.Where(t => t.Critical).Select(t => t.Number).ToHashSet(),
            schedule.Tasks.Where(t => t.Late).Select(t => t.Number).ToHashSet(),
            now)
        {
            LatestReport = latest?.AsDto(),
            SlippedTasks = schedule.Tasks.Where(t => t.FinishVariance > 0).Select(t => t.Number).ToHashSet(),
        };
    }
}

// One cell of the shared file that conflicted: where it was, the base, the server's value and the file's, and who saved it.
public sealed record PlanConflictNote(string Cell, string Task, string Column, string? Base, string? Server, string? File, string SavedBy);
