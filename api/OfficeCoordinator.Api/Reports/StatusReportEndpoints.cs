using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Idempotency;
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
        project.MapGet("/status-report", PreviewAsync).Describe("StatusReports_Preview", "Compute today's status report without publishing it").ProducesProblems(409)
            .WithQuery(
                new("audience", typeof(Audience), "Only the rendering for this audience."),
                new("asOf", typeof(DateOnly), "The status date; today when omitted."),
                new("since", typeof(DateOnly), "The start of the period; the last report's status date, or the project's start."));
        project.MapGet("/status-reports", ListAsync).Describe("StatusReports_List", "List published status reports");
        project.MapGet("/status-reports/{number:int}", GetAsync).Describe("StatusReports_Get", "Read a published status report");
        project.MapPost("/status-reports", PublishAsync).Describe("StatusReports_Publish", "Publish a status report").RequireProjectRole(ProjectRole.Coordinator, "publish status reports").Idempotent();
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

        var previous = await LatestAsync(db, access.Project.Id, cancellationToken);
        var statusDate = StatusDate(asOf, previous, time, errors);
        var from = QueryValues.ReadDate(since, "since", errors);
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
            var model = await LoadAsync(db, access.Project, statusDate, from ?? previous?.AsOf, previous?.ReadModel().CriticalPath, cancellationToken);
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

    // The status date: today by default; earlier only down to the previous report's (the record keeps no past values of
    // progress and cost, so an earlier date could not be computed honestly).
    private static DateOnly StatusDate(string? asOf, PublishedReport? previous, TimeProvider time, Validation errors) =>
        StatusDate(QueryValues.ReadDate(asOf, "asOf", errors), previous, time, errors);

    private static DateOnly StatusDate(DateOnly? asOf, PublishedReport? previous, TimeProvider time, Validation errors)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var date = asOf ?? today;
        var earliest = previous is null ? today : previous.AsOf < today ? previous.AsOf : today;
        if (date > today.AddDays(366))
        {
            errors.Add("asOf", "asOf may be at most a year ahead: a status is about now.");
            return today;
        }

        if (date < earliest)
        {
            errors.Add("asOf", previous is null
                ? $"asOf may not be before today ({today:yyyy-MM-dd}): the record keeps no past values of progress and cost."
                : $"asOf may not be before the previous report's ({earliest:yyyy-MM-dd}): the record keeps no past values of progress and cost.");
        }

        return date;
    }

    // The project's latest published report (the previous one for the next, the Status sheet's), or null.
    public static Task<PublishedReport?> LatestAsync(CoordinatorDb db, string projectId, CancellationToken cancellationToken) =>
        db.StatusReports.AsNoTracking().Where(r => r.ProjectId == projectId).OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);

    private static async Task<Results<Ok<Page<StatusReportSummary>>, ValidationProblem>> ListAsync(int? limit, string? cursor, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var page = PageRequest.Read(limit, cursor, null, null, [], errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var rows = await page.Slice(db.StatusReports.AsNoTracking().Where(r => r.ProjectId == access.Project.Id).OrderByDescending(r => r.Number))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, r => r.AsSummary()));
    }

    private static async Task<Results<Ok<StatusReport>, ProblemHttpResult>> GetAsync(int number, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken) =>
        await db.StatusReports.AsNoTracking().FirstOrDefaultAsync(r => r.ProjectId == access.Project.Id && r.Number == number, cancellationToken) is { } report
            ? TypedResults.Ok(report.AsDto())
            : Problems.NotFound($"There is no status report {PublishedReport.KeyOf(number)} in this project.");

    // Coordinators and managers publish; only managers override the status or allow money for externals. The report
    // is computed, rendered and stored as it is now: it never changes afterwards.
    private static async Task<Results<Created<StatusReport>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        NewStatusReport input, ProjectAccess access, CoordinatorDb db, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var project = access.Project;
        if (access.Role != ProjectRole.Manager && (input.Override is not null || input.IncludeMoneyForExternal == true))
        {
            return Problems.Forbidden($"Only a project manager can {(input.Override is not null ? "override the status" : "allow money in external renderings")}; you are a {access.Role} on this project.");
        }

        var errors = new Validation();
        if (input.Override is { } changed)
        {
            if (changed.Status is not { } overridden || !Enum.IsDefined(overridden))
            {
                errors.Add("override.status", "override.status is required: Green, Amber or Red.");
            }

            errors.Text("override.note", changed.Note, "The note", 2_000);
        }

        var previous = await LatestAsync(db, project.Id, cancellationToken);
        var statusDate = StatusDate(input.AsOf, previous, time, errors);
        if (input.Supersedes is { } supersedes && !await db.StatusReports.AnyAsync(r => r.ProjectId == project.Id && r.Number == supersedes, cancellationToken))
        {
            errors.Add("supersedes", $"There is no report {PublishedReport.KeyOf(supersedes)} in this project to supersede.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        PublishedReport report;
        try
        {
            var statusOverride = input.Override is { Status: { } set } o ? new ReportOverride(set, o.Note?.Trim(), access.Membership.Email) : null;
            report = await PublishReportAsync(db, project, previous, statusDate, statusOverride, input.IncludeMoneyForExternal == true, input.Supersedes,
                new Actor(user.Name, access.Membership.Email), time, cancellationToken);
        }
        catch (ScheduleException unschedulable)
        {
            return Problems.Conflict(unschedulable.Message);
        }

        return TypedResults.Created($"/api/projects/{project.Id}/status-reports/{report.Number}", report.AsDto());
    }

    // Computes, renders and stores the next report in one project write (with what alsoWrite adds, such as a schedule's
    // outbox rows); the demo data publishes its first report with it.
    public static async Task<PublishedReport> PublishReportAsync(CoordinatorDb db, Project project, PublishedReport? previous, DateOnly statusDate,
        ReportOverride? statusOverride, bool allowMoneyForExternal, int? supersedes, Actor publisher, TimeProvider time, CancellationToken cancellationToken,
        Action<PublishedReport>? alsoWrite = null)
    {
        var model = await LoadAsync(db, project, statusDate, previous?.AsOf, previous?.ReadModel().CriticalPath, cancellationToken);
        var register = await db.Stakeholders.AsNoTracking().Where(s => s.ProjectId == project.Id).ToListAsync(cancellationToken);
        var status = statusOverride?.Status ?? model.ComputedStatus;
        var rendered = Audiences.Render(model, status, statusOverride, register, null, allowMoneyForExternal);

        await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        var number = (await db.StatusReports.Where(r => r.ProjectId == project.Id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0) + 1;
        var report = new PublishedReport
        {
            TenantId = project.TenantId, ProjectId = project.Id, Number = number, AsOf = model.AsOf, Since = model.Since, Status = status,
            ComputedStatus = model.ComputedStatus, OverrideNote = statusOverride?.Note, OverrideBy = statusOverride?.By,
            IncludeMoneyForExternal = allowMoneyForExternal, Supersedes = supersedes,
            ModelJson = JsonSerializer.Serialize(model, PublishedReport.Json), RenderingsJson = JsonSerializer.Serialize(rendered.Renderings, PublishedReport.Json),
            PublishedByEmail = publisher.Email, PublishedByName = publisher.Name, PublishedAt = time.GetUtcNow().UtcDateTime,
        };
        db.StatusReports.Add(report);
        if (supersedes is { } corrected
            && await db.StatusReports.FirstOrDefaultAsync(r => r.ProjectId == project.Id && r.Number == corrected, cancellationToken) is { } old)
        {
            old.SupersededBy = number;
        }

        alsoWrite?.Invoke(report);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return report;
    }

    public static async Task<StatusReportModel> LoadAsync(CoordinatorDb db, Project project, DateOnly asOf, DateOnly? since, IReadOnlyList<int>? previousCriticalPath,
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
