using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Client.Contracts;
using Project = OfficeCoordinator.Api.Projects.Project;
using OfficeCoordinator.Api.Idempotency;

namespace OfficeCoordinator.Api.Tasks;

public static class TaskEndpoints
{
    private static readonly string[] Sortable = ["number", "title", "status", "priority", "start", "finish", "owner"];

    // What a contributor may change, and only on the tasks they own.
    private static readonly string[] ContributorFields = ["status", "percentComplete", "actualCost"];
    private static readonly string[] BaselineFields = ["baselineStart", "baselineFinish"];

    public static RouteGroupBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapProjectGroup("/tasks", "Tasks");
        tasks.MapGet("/", ListTasks).Describe("Tasks_List", "List the project's tasks");
        tasks.MapPost("/", CreateTask).Describe("Tasks_Create", "Create a task").RequireProjectRole(ProjectRole.Coordinator, "create tasks").Idempotent();
        tasks.MapPost("/from-email", TasksFromEmail.CreateAsync).Describe("Tasks_CreateFromEmail", "Make a task from an email").RequireProjectRole(ProjectRole.Coordinator, "create tasks").Idempotent();
        tasks.MapPost("/{number:int}/emails", TaskEmails.AddAsync).Describe("Tasks_AddEmail", "Add an email to a task").RequireProjectRole(ProjectRole.Coordinator, "add emails to tasks").Idempotent();
        tasks.MapGet("/{number:int}", GetTask).Describe("Tasks_Get", "Read a task");
        tasks.MapPatch("/{number:int}", UpdateTask).Describe("Tasks_Update", "Change a task (JSON merge patch)").ProducesProblems(409)
            .RequireProjectRole(ProjectRole.Contributor, "change tasks")
            .Accepts<TaskPatch>("application/json", "application/merge-patch+json");
        tasks.MapDelete("/{number:int}", DeleteTask).Describe("Tasks_Delete", "Delete a task").RequireProjectRole(ProjectRole.Manager, "delete tasks");
        tasks.MapItemHistory("task", "{id:int}");
        return tasks;
    }

    private static async Task<Results<Ok<Page<TaskItem>>, ValidationProblem>> ListTasks(
        string? status, string? owner, string? q, string? conversationId, int? limit, string? cursor, string? sort,
        ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var page = PageRequest.Read(limit, cursor, sort, q, Sortable, errors);
        var statuses = QueryValues.ReadEnums<WorkStatus>(status, "status", errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var tasks = db.Tasks.AsNoTracking().Where(t => t.ProjectId == access.Project.Id);
        if (statuses.Count > 0)
        {
            tasks = tasks.Where(t => statuses.Contains(t.Status));
        }

        if (!string.IsNullOrWhiteSpace(owner))
        {
            var address = owner.Trim().ToLowerInvariant();
            tasks = tasks.Where(t => t.Owner == address);
        }

        if (!string.IsNullOrWhiteSpace(conversationId))
        {
            tasks = tasks.Where(t => (t.SourceEmail != null && t.SourceEmail.ConversationId == conversationId)
                || db.TaskEmails.Any(l => l.TaskId == t.Id && l.Email!.ConversationId == conversationId));
        }

        if (page.Q is { } text)
        {
            var lowered = text.ToLowerInvariant();
            tasks = tasks.Where(t => t.Title.ToLower().Contains(lowered) || (t.Description != null && t.Description.ToLower().Contains(lowered)));
        }

        var ordered = page.Sort switch
        {
            "title" => Order(tasks, t => t.Title, page.Descending),
            "status" => Order(tasks, StatusRank, page.Descending),
            "priority" => Order(tasks, PriorityRank, page.Descending),
            "start" => Order(tasks, t => t.Start, page.Descending),
            "finish" => Order(tasks, t => t.Finish, page.Descending),
            "owner" => Order(tasks, t => t.Owner, page.Descending),
            _ => Order(tasks, t => t.Number, page.Descending),
        };
        var rows = await page.Slice(ordered.ThenBy(t => t.Number)).Select(ProjectTask.Projection).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, t => t));
    }

    private static async Task<Results<Ok<TaskItem>, ProblemHttpResult>> GetTask(
        int number, ProjectAccess access, CoordinatorDb db, HttpResponse response, CancellationToken cancellationToken)
    {
        var task = await FindAsync(db, access.Project.Id, number, cancellationToken);
        if (task is null)
        {
            return NotFound(number);
        }

        var attachments = await db.TaskDocuments.AsNoTracking().Where(d => d.TaskId == task.Id).OrderBy(d => d.AddedAt).ThenBy(d => d.Name)
            .Select(d => new TaskAttachment(d.Name, d.Size, d.WebUrl, d.AddedBy, new DateTimeOffset(d.AddedAt, TimeSpan.Zero)))
            .ToListAsync(cancellationToken);
        var emails = await TaskEmails.ListAsync(db, task.Id, cancellationToken);
        response.SetETag(task.Version);
        return TypedResults.Ok(task.AsDto() with { Attachments = attachments, Emails = emails });
    }

    private static async Task<Results<Created<TaskItem>, ValidationProblem, ProblemHttpResult>> CreateTask(
        NewTask input, ProjectAccess access, CoordinatorDb db, CurrentUser user, TimeProvider time, HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (access.Role != ProjectRole.Manager && (input.BaselineStart is not null || input.BaselineFinish is not null))
        {
            return Problems.Forbidden($"Only a project manager can set baseline dates; you are a {access.Role} on this project.");
        }

        var project = access.Project;
        var task = new ProjectTask
        {
            TenantId = project.TenantId,
            ProjectId = project.Id,
            Title = input.Title?.Trim() ?? "",
            Description = input.Description?.Trim(),
            Owner = NormalizeEmail(input.Owner),
            Requester = NormalizeEmail(input.Requester),
            Status = input.Status ?? WorkStatus.NotStarted,
            Priority = input.Priority ?? TaskPriority.Medium,
            Phase = input.Phase ?? ProjectPhase.Executing,
            Start = input.Start,
            Finish = input.Finish,
            BaselineStart = input.BaselineStart,
            BaselineFinish = input.BaselineFinish,
            PercentComplete = input.PercentComplete ?? (input.Status == WorkStatus.Done ? 100 : 0),
            PlannedCost = input.PlannedCost,
            ActualCost = input.ActualCost,
            Milestone = input.Milestone ?? false,
            Predecessors = [.. input.Predecessors ?? []],
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = user.ObjectId,
        };
        AlignMilestone(task);
        var errors = await TaskRules.ValidateAsync(task, db, new Validation(), cancellationToken, caller: access.Membership);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        await db.RetryOnUniqueViolationAsync(() => SaveNewAsync(db, project, task, [], cancellationToken));
        response.SetETag(task.Version);
        return TypedResults.Created($"/api/projects/{project.Id}/tasks/{task.Number}", task.AsDto());
    }

    // Registers the people (and the task's requester) as stakeholders before the transaction, which then only numbers
    // the task and writes it. Callers retry on a unique violation (RetryOnUniqueViolationAsync).
    public static async Task<ProjectTask> SaveNewAsync(CoordinatorDb db, Project project, ProjectTask task, IEnumerable<EmailAddress> people,
        CancellationToken cancellationToken)
    {
        await StakeholderRegister.EnsureAllAsync(db, project,
            [.. people, .. task.Requester is { } requester ? [new EmailAddress(null, requester)] : Array.Empty<EmailAddress>()], cancellationToken);
        await using var write = await db.BeginProjectWriteAsync(project.Id, 1, cancellationToken);
        task.Number = write.FirstTaskNumber;
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return task;
    }

    private static async Task<Results<Ok<TaskItem>, ValidationProblem, ProblemHttpResult>> UpdateTask(
        int number, JsonObject patch, ProjectAccess access, CoordinatorDb db, IOptions<JsonOptions> json, HttpRequest request, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var task = await FindAsync(db, access.Project.Id, number, cancellationToken);
        if (task is null)
        {
            return NotFound(number);
        }

        var errors = new Validation();
        var body = new MergePatch(patch, json.Value.SerializerOptions, errors);
        if (Authorize(access, task, body) is { } forbidden)
        {
            return forbidden;
        }

        if (Preconditions.CheckIfMatch(request, task.Version) is { } precondition)
        {
            return precondition;
        }

        var statusBefore = task.Status;
        Apply(task, body, errors);
        AlignMilestone(task);
        if (task.Status != statusBefore && await HeldByObstaclesAsync(db, task, cancellationToken) is { } held)
        {
            return held;
        }

        if (!(await TaskRules.ValidateAsync(task, db, errors, cancellationToken, predecessorsChanged: body.Has("predecessors"), caller: access.Membership)).IsValid)
        {
            return errors.ToProblem();
        }

        if (task.Requester is { } requester)
        {
            await StakeholderRegister.EnsureAsync(db, access.Project, requester, null, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        response.SetETag(task.Version);
        return TypedResults.Ok(task.AsDto());
    }

    // An open obstacle holds its tasks Blocked: only finishing or cancelling them is allowed meanwhile.
    private static async Task<ProblemHttpResult?> HeldByObstaclesAsync(CoordinatorDb db, ProjectTask task, CancellationToken cancellationToken)
    {
        if (task.Status is WorkStatus.Done or WorkStatus.Cancelled)
        {
            task.StatusBeforeBlocked = null;
            return null;
        }

        var holding = await Obstacles.ObstacleBlocking.HoldingAsync(db, task.ProjectId, task.Number, cancellationToken);
        return holding.Count == 0 || task.Status == WorkStatus.Blocked
            ? null
            : Problems.Conflict($"{ProjectTask.KeyOf(task.Number)} is blocked by an open obstacle (\"{holding[0].Statement}\"); resolve or accept it first.");
    }

    private static ProblemHttpResult? Authorize(ProjectAccess access, ProjectTask task, MergePatch body)
    {
        if (access.Role == ProjectRole.Contributor)
        {
            if (task.Owner != access.Membership.Email)
            {
                return Problems.Forbidden($"Contributors change only the tasks they own; {ProjectTask.KeyOf(task.Number)} is not yours.");
            }

            if (body.Members.FirstOrDefault(m => !ContributorFields.Contains(m, StringComparer.OrdinalIgnoreCase) && TaskFieldNames.Contains(m, StringComparer.OrdinalIgnoreCase)) is { } field)
            {
                return Problems.Forbidden($"Contributors change only status, % complete and actual cost; not {field}.");
            }
        }

        if (access.Role != ProjectRole.Manager && BaselineFields.FirstOrDefault(body.Has) is { } baseline)
        {
            return Problems.Forbidden($"Only a project manager can move the baseline ({baseline}); you are a {access.Role} on this project.");
        }

        return null;
    }

    private static readonly string[] TaskFieldNames =
    [
        "title", "description", "owner", "requester", "status", "priority", "phase", "start", "finish", "baselineStart", "baselineFinish",
        "percentComplete", "plannedCost", "actualCost", "milestone", "predecessors",
    ];

    // Applies a merge patch; null clears what may be empty and is refused for what may not.
    private static void Apply(ProjectTask task, MergePatch body, Validation errors)
    {
        void Required<T>(string member, Action<T> set)
            where T : struct
        {
            if (body.TryGet<T?>(member, out var value))
            {
                if (value is { } present)
                {
                    set(present);
                }
                else if (!errors.Has(member))
                {
                    errors.Add(member, $"{member} cannot be cleared.");
                }
            }
        }

        body.Set<string>("title", title => task.Title = title?.Trim() ?? "");
        body.Set<string>("description", description => task.Description = description?.Trim());
        body.Set<string>("owner", owner => task.Owner = NormalizeEmail(owner));
        body.Set<string>("requester", requester => task.Requester = NormalizeEmail(requester));
        var statusChanged = false;
        Required<WorkStatus>("status", status => (task.Status, statusChanged) = (status, status != task.Status));
        Required<TaskPriority>("priority", priority => task.Priority = priority);
        Required<ProjectPhase>("phase", phase => task.Phase = phase);
        Required<int>("percentComplete", percent => task.PercentComplete = percent);
        body.Set<DateOnly?>("start", start => task.Start = start);
        body.Set<DateOnly?>("finish", finish => task.Finish = finish);
        body.Set<DateOnly?>("baselineStart", baselineStart => task.BaselineStart = baselineStart);
        body.Set<DateOnly?>("baselineFinish", baselineFinish => task.BaselineFinish = baselineFinish);
        body.Set<decimal?>("plannedCost", plannedCost => task.PlannedCost = plannedCost);
        body.Set<decimal?>("actualCost", actualCost => task.ActualCost = actualCost);
        body.Set<bool?>("milestone", milestone => task.Milestone = milestone ?? false);
        body.Set<List<TaskDependency>>("predecessors", predecessors => task.Predecessors = predecessors ?? []);
        // Done means done: unless the caller says otherwise, it is 100 % complete.
        if (statusChanged && task.Status == WorkStatus.Done && !body.Has("percentComplete"))
        {
            task.PercentComplete = 100;
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteTask(
        int number, ProjectAccess access, CoordinatorDb db, HttpRequest request, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.ProjectId == access.Project.Id && t.Number == number, cancellationToken);
        if (task is null)
        {
            return NotFound(number);
        }

        if (Preconditions.CheckIfMatch(request, task.Version) is { } precondition)
        {
            return precondition;
        }

        // Successors lose the dependency, each with its own history entry.
        var successors = (await db.Tasks.Where(t => t.ProjectId == access.Project.Id && t.Number != number).ToListAsync(cancellationToken))
            .Where(t => t.Predecessors.Any(p => p.Task == number));
        foreach (var successor in successors)
        {
            successor.Predecessors = [.. successor.Predecessors.Where(p => p.Task != number)];
        }

        db.Tasks.Remove(task);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static Task<ProjectTask?> FindAsync(CoordinatorDb db, string projectId, int number, CancellationToken cancellationToken) =>
        db.Tasks.Include(t => t.SourceEmail).FirstOrDefaultAsync(t => t.ProjectId == projectId && t.Number == number, cancellationToken);

    public static string? NormalizeEmail(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    // A milestone is a point in time: one date stands for both.
    public static void AlignMilestone(ProjectTask task)
    {
        if (task.Milestone)
        {
            task.Start ??= task.Finish;
            task.Finish ??= task.Start;
        }
    }

    public static ProblemHttpResult NotFound(int number) => Problems.NotFound($"There is no task {ProjectTask.KeyOf(number)} in this project.");

    private static IOrderedQueryable<ProjectTask> Order<TKey>(IQueryable<ProjectTask> tasks, Expression<Func<ProjectTask, TKey>> key, bool descending) =>
        descending ? tasks.OrderByDescending(key) : tasks.OrderBy(key);

    // Stored by name; ordered by meaning.
    private static readonly Expression<Func<ProjectTask, int>> StatusRank = t =>
        t.Status == WorkStatus.NotStarted ? 0 : t.Status == WorkStatus.InProgress ? 1 : t.Status == WorkStatus.Blocked ? 2 : t.Status == WorkStatus.Done ? 3 : 4;

    private static readonly Expression<Func<ProjectTask, int>> PriorityRank = t =>
        t.Priority == TaskPriority.Low ? 0 : t.Priority == TaskPriority.Medium ? 1 : t.Priority == TaskPriority.High ? 2 : 3;
}
