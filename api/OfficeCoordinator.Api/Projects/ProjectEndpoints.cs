using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Client.Contracts;
using ProjectDto = OfficeCoordinator.Client.Contracts.Project;
using OfficeCoordinator.Api.Idempotency;

namespace OfficeCoordinator.Api.Projects;

public static partial class ProjectEndpoints
{
    private static readonly string[] Sortable = ["name", "start", "finish", "created"];

    // Fields only a manager may change: the budget, its currency and the calendar of the plan.
    private static readonly string[] ManagerFields = ["start", "finish", "budget", "currency", "workingDays", "holidays", "reportSettings"];

    public static RouteGroupBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization();
        projects.MapGet("/", ListProjects).Describe("Projects_List", "List the caller's projects");
        projects.MapPost("/", CreateProject).Describe("Projects_Create", "Create a project, with the caller as its manager").Idempotent();

        var project = app.MapProjectGroup("", "Projects");
        project.MapGet("/", (ProjectAccess access, SignInModeAccessor signIn, HttpResponse response) =>
        {
            response.SetETag(access.Project.Version);
            return TypedResults.Ok(access.Project.AsDto(access.Role, signIn.Mode));
        }).Describe("Projects_Get", "Read a project");
        project.MapPatch("/", UpdateProject).Describe("Projects_Update", "Change a project (JSON merge patch)")
            .RequireProjectRole(ProjectRole.Coordinator, "change the project")
            .Accepts<ProjectPatch>("application/json", "application/merge-patch+json");
        return projects;
    }

    private static async Task<Results<Ok<Page<ProjectDto>>, ValidationProblem>> ListProjects(
        int? limit, string? cursor, string? sort, string? q, CoordinatorDb db, CurrentUser user, SignInModeAccessor signIn,
        CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var page = PageRequest.Read(limit, cursor, sort, q, Sortable, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        await ProjectAccess.BindInvitationsAsync(db, user, cancellationToken);
        var mine = from member in db.Members.AsNoTracking()
                   where member.UserObjectId == user.ObjectId
                   join project in db.Projects on member.ProjectId equals project.Id
                   select new { project, member.Role };
        if (page.Q is { } text)
        {
            var lowered = text.ToLowerInvariant();
            mine = mine.Where(m => m.project.Name.ToLower().Contains(lowered));
        }

        var ordered = (page.Sort, page.Descending) switch
        {
            ("start", false) => mine.OrderBy(m => m.project.Start),
            ("start", true) => mine.OrderByDescending(m => m.project.Start),
            ("finish", false) => mine.OrderBy(m => m.project.Finish),
            ("finish", true) => mine.OrderByDescending(m => m.project.Finish),
            ("created", false) => mine.OrderBy(m => m.project.CreatedAt),
            ("created", true) => mine.OrderByDescending(m => m.project.CreatedAt),
            (_, true) => mine.OrderByDescending(m => m.project.Name),
            _ => mine.OrderBy(m => m.project.Name),
        };
        var rows = await page.Slice(ordered.ThenBy(m => m.project.Id)).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, m => m.project.AsDto(m.Role, signIn.Mode)));
    }

    private static async Task<Results<Created<ProjectDto>, ValidationProblem>> CreateProject(
        NewProject input, CoordinatorDb db, CurrentUser user, TimeProvider time, SignInModeAccessor signIn, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var errors = new Validation();
        errors.Text("name", input.Name, "Name", Validation.NameLength, required: true);
        errors.Text("description", input.Description, "Description", Validation.DescriptionLength);
        ValidatePlanFields(errors, input.Start, input.Finish, input.Budget, input.Currency, input.WorkingDays, input.Holidays);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var project = new Project
        {
            TenantId = user.TenantId,
            Name = input.Name.Trim(),
            Description = input.Description?.Trim(),
            Start = input.Start,
            Finish = input.Finish,
            Budget = input.Budget,
            Currency = input.Currency ?? Project.DefaultCurrency,
            WorkingDays = [.. (input.WorkingDays ?? Project.DefaultWorkingDays).Distinct().Order()],
            Holidays = [.. (input.Holidays ?? []).Distinct().Order()],
            CreatedAt = now,
            CreatedBy = user.ObjectId,
        };
        project.Members.Add(new Member
        {
            TenantId = user.TenantId,
            ProjectId = project.Id,
            Email = user.SignInName.Length > 0 ? user.SignInName : user.ObjectId,
            Name = user.Name,
            Role = ProjectRole.Manager,
            UserObjectId = user.ObjectId,
            Joined = now,
        });
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);

        response.SetETag(project.Version);
        return TypedResults.Created($"/api/projects/{project.Id}", project.AsDto(ProjectRole.Manager, signIn.Mode));
    }

    private static async Task<Results<Ok<ProjectDto>, ValidationProblem, ProblemHttpResult>> UpdateProject(
        JsonObject patch, ProjectAccess access, CoordinatorDb db, IOptions<JsonOptions> json, SignInModeAccessor signIn, HttpRequest request, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var project = access.Project;
        var errors = new Validation();
        var body = new MergePatch(patch, json.Value.SerializerOptions, errors);
        if (access.Role != ProjectRole.Manager && ManagerFields.FirstOrDefault(body.Has) is { } managerField)
        {
            return Problems.Forbidden($"Only a project manager can change {managerField}; you are a {access.Role} on this project.");
        }

        if (Preconditions.CheckIfMatch(request, project.Version) is { } precondition)
        {
            return precondition;
        }

        if (body.TryGet<string>("name", out var name))
        {
            errors.Text("name", name, "Name", Validation.NameLength, required: true);
            project.Name = name?.Trim() ?? project.Name;
        }

        if (body.TryGet<string>("description", out var description))
        {
            errors.Text("description", description, "Description", Validation.DescriptionLength);
            project.Description = description?.Trim();
        }

        body.Set<DateOnly?>("start", start => project.Start = start);
        body.Set<DateOnly?>("finish", finish => project.Finish = finish);
        body.Set<decimal?>("budget", budget => project.Budget = budget);
        body.Set<string>("currency", currency => project.Currency = currency ?? Project.DefaultCurrency);
        body.Set<List<DayOfWeek>>("workingDays", workingDays => project.WorkingDays = [.. (workingDays ?? [.. Project.DefaultWorkingDays]).Distinct().Order()]);
        body.Set<List<DateOnly>>("holidays", holidays => project.Holidays = [.. (holidays ?? []).Distinct().Order()]);
        if (body.TryGet<JsonObject>("reportSettings", out var thresholds))
        {
            // null restores the defaults; an object patches them member by member.
            project.ReportSettings = thresholds is null ? null : Reports.ReportThresholds.Patched(project.ReportSettings ?? new ReportSettings(), body.Nested("reportSettings")!, errors);
        }

        if (errors.IsValid)
        {
            ValidatePlanFields(errors, project.Start, project.Finish, project.Budget, project.Currency, project.WorkingDays, project.Holidays);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem(); // nothing saved: the tracked changes die with the request
        }

        await db.SaveChangesAsync(cancellationToken);
        response.SetETag(project.Version);
        return TypedResults.Ok(project.AsDto(access.Role, signIn.Mode));
    }

    private static void ValidatePlanFields(Validation errors, DateOnly? start, DateOnly? finish, decimal? budget, string? currency,
        IReadOnlyCollection<DayOfWeek>? workingDays, IReadOnlyCollection<DateOnly>? holidays)
    {
        if (start is { } s && finish is { } f && f < s)
        {
            errors.Add("finish", "Finish must not be before the start.");
        }

        errors.Money("budget", budget, "Budget");

        if (currency is not null && !CurrencyCode().IsMatch(currency))
        {
            errors.Add("currency", "Currency must be an ISO 4217 code such as EUR or USD.");
        }

        if (workingDays is { Count: 0 })
        {
            errors.Add("workingDays", "At least one weekday must be a working day.");
        }

        if (holidays is { Count: > 1_000 })
        {
            errors.Add("holidays", "At most 1,000 holidays can be listed.");
        }
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
