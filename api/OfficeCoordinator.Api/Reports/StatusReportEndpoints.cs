using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Client.Contracts;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Api.Reports;

// Status reports (DESIGN.md "Keeping stakeholders informed"): the preview of the next report, computed from the record.
public static class StatusReportEndpoints
{
    public static RouteGroupBuilder MapStatusReports(this IEndpointRouteBuilder app)
    {
        var project = app.MapProjectGroup("", "Status reports");
        project.MapGet("/status-report", PreviewAsync);
        return project;
    }

    // Any member; writes nothing. asOf defaults to today; since to the project's start (or its first task's).
    private static async Task<Results<Ok<StatusReportPreview>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        string? audience, string? asOf, string? since, ProjectAccess access, CoordinatorDb db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        Audience? only = null;
        if (!string.IsNullOrWhiteSpace(audience))
        {
            if (Enum.TryParse<Audience>(audience.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !audience.Trim().All(char.IsAsciiDigit))
            {
                only = parsed;
            }
            else
            {
                errors.Add("audience", $"audience is one of {string.Join(", ", Enum.GetNames<Audience>())}.");
            }
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var statusDate = QueryValues.ReadDate(asOf, "asOf", errors) ?? today;
        var from = QueryValues.ReadDate(since, "since", errors);
        if (statusDate < today)
        {
            // The record keeps no past values (% complete, actual cost): a past status date cannot be computed honestly.
            errors.Add("asOf", $"asOf may not be before today ({today:yyyy-MM-dd}): the record keeps no past values of progress and cost.");
        }

        if (from is { } start && start > statusDate)
        {
            errors.Add("since", "since must not be after asOf.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        try
        {
            var model = await LoadAsync(db, access.Project, statusDate, from, [], cancellationToken);
            var register = await db.Stakeholders.AsNoTracking().Where(s => s.ProjectId == access.Project.Id).ToListAsync(cancellationToken);
            var rendered = Audiences.Render(model, model.ComputedStatus, null, register, only, allowMoneyForExternal: false);
            return TypedResults.Ok(new StatusReportPreview(model.AsOf, model.Since, model.ComputedStatus, model.ComputedStatus, model.Reasons, model,
                rendered.Renderings, rendered.OtherChannels, rendered.Unreviewed));
        }
        catch (ScheduleException unschedulable)
        {
            return Problems.Conflict(unschedulable.Message);
        }
    }

    public static async Task<StatusReportModel> LoadAsync(CoordinatorDb db, Project project, DateOnly asOf, DateOnly? since, IReadOnlyList<int> previousCriticalPath,
        CancellationToken cancellationToken)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.ProjectId == project.Id).OrderBy(t => t.Number).ToListAsync(cancellationToken);
        var communications = await db.Communications.AsNoTracking().Where(c => c.ProjectId == project.Id).ToListAsync(cancellationToken);
        var obstacles = await db.Obstacles.AsNoTracking().Where(o => o.ProjectId == project.Id).ToListAsync(cancellationToken);
        // When each decision was approved or rejected: the last change of its status, from the history.
        var decided = await db.History.AsNoTracking()
            .Where(h => h.ProjectId == project.Id && h.Entity == "communication" && h.Field == "decision.status"
                && (h.NewValue == nameof(DecisionStatus.Approved) || h.NewValue == nameof(DecisionStatus.Rejected)))
            .Select(h => new { h.EntityId, h.At }).ToListAsync(cancellationToken);
        var decidedOn = decided.GroupBy(h => h.EntityId).ToDictionary(g => g.Key, g => DateOnly.FromDateTime(g.Max(h => h.At)));
        var start = since ?? project.Start ?? tasks.Min(t => t.Start ?? t.Finish) ?? DateOnly.FromDateTime(project.CreatedAt);
        return StatusComputation.Compute(new StatusInputs(project, tasks, communications, obstacles, project.ReportSettings ?? new ReportSettings(),
            asOf, start > asOf ? asOf : start, previousCriticalPath, decidedOn));
    }
}
