using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using ObstacleDto = OfficeCoordinator.Client.Contracts.Obstacle;
using OfficeCoordinator.Api.Idempotency;

namespace OfficeCoordinator.Api.Obstacles;

// Raise an obstacle, tell people, propose a solution, see it through; linked open tasks are Blocked meanwhile.
public static class ObstacleEndpoints
{
    private static readonly string[] Sortable = ["raisedAt", "status"];

    public static RouteGroupBuilder MapObstacles(this IEndpointRouteBuilder app)
    {
        var obstacles = app.MapProjectGroup("/obstacles", "Obstacles");
        obstacles.MapGet("/", ListAsync).Describe("Obstacles_List", "List the project's obstacles");
        obstacles.MapPost("/", RaiseAsync).Describe("Obstacles_Create", "Raise an obstacle").RequireProjectRole(ProjectRole.Coordinator, "raise obstacles").Idempotent();
        obstacles.MapGet("/{id}", GetAsync).Describe("Obstacles_Get", "Read an obstacle");
        obstacles.MapPatch("/{id}", UpdateAsync).Describe("Obstacles_Update", "Change an obstacle (JSON merge patch)")
            .RequireProjectRole(ProjectRole.Coordinator, "change obstacles")
            .Accepts<ObstaclePatch>("application/json", "application/merge-patch+json");
        obstacles.MapItemHistory("obstacle", "{id}");
        return obstacles;
    }

    private static async Task<Results<Ok<Page<ObstacleDto>>, ValidationProblem>> ListAsync(
        string? status, int? limit, string? cursor, string? sort, string? q, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var page = PageRequest.Read(limit, cursor, sort, q, Sortable, errors);
        var statuses = QueryValues.ReadEnums<ObstacleStatus>(status, "status", errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var obstacles = db.Obstacles.AsNoTracking().Include(o => o.SourceEmail).Where(o => o.ProjectId == access.Project.Id);
        if (statuses.Count > 0)
        {
            obstacles = obstacles.Where(o => statuses.Contains(o.Status));
        }

        if (page.Q is { } text)
        {
            var lowered = text.ToLowerInvariant();
            obstacles = obstacles.Where(o => o.Statement.ToLower().Contains(lowered) || (o.Impact != null && o.Impact.ToLower().Contains(lowered))
                || (o.ProposedSolution != null && o.ProposedSolution.ToLower().Contains(lowered)));
        }

        // Open ones first, newest first, unless asked otherwise.
        var ordered = (page.Sort, page.Descending) switch
        {
            ("raisedat", false) => obstacles.OrderBy(o => o.RaisedAt),
            ("raisedat", true) => obstacles.OrderByDescending(o => o.RaisedAt),
            _ => obstacles.OrderBy(o => o.ResolvedAt != null).ThenByDescending(o => o.RaisedAt),
        };
        var rows = await page.Slice(ordered.ThenBy(o => o.Id)).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, o => o.AsDto()));
    }

    private static async Task<Results<Created<ObstacleDto>, ValidationProblem, ProblemHttpResult>> RaiseAsync(
        NewObstacle input, ProjectAccess access, CoordinatorDb db, CurrentUser user, TimeProvider time, MessageReader reader, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var project = access.Project;
        var now = time.GetUtcNow().UtcDateTime;
        var status = input.Status ?? ObstacleStatus.Open;
        var obstacle = new Obstacle
        {
            TenantId = project.TenantId,
            ProjectId = project.Id,
            Statement = input.Statement?.Trim() ?? "",
            Impact = input.Impact?.Trim(),
            CommunicatedTo = [.. (input.CommunicatedTo ?? []).Select(e => e?.Trim().ToLowerInvariant() ?? "")],
            ProposedSolution = input.ProposedSolution?.Trim(),
            Owner = TaskEndpoints.NormalizeEmail(input.Owner) ?? access.Membership.Email,
            Status = status,
            LinkedTasks = [.. input.LinkedTasks ?? []],
            RaisedByEmail = access.Membership.Email,
            RaisedByName = user.Name,
            RaisedAt = now,
            ResolvedAt = Obstacle.IsOpenStatus(status) ? null : now,
        };
        var errors = new Validation();
        // In Entra mode the message is read from the caller's mailbox by its item id.
        var sourceEmail = input.SourceEmail is null ? null : (await reader.ReadAsync(input.SourceEmail, "sourceEmail", errors, cancellationToken)).Email;

        if (!(await ValidateAsync(obstacle, db, errors, cancellationToken)).IsValid)
        {
            return errors.ToProblem();
        }

        // The people and the email are looked up before the transaction; the linked tasks are blocked under its lock.
        await db.RetryOnUniqueViolationAsync(async () =>
        {
            await StakeholderRegister.EnsureAllAsync(db, project, obstacle.CommunicatedTo.Select(e => new EmailAddress(null, e)), cancellationToken);
            if (sourceEmail is { } email)
            {
                obstacle.SourceEmail = await EmailReference.FindOrAddAsync(db, project.TenantId, project.Id, email, cancellationToken);
            }

            await using var write = await db.BeginProjectWriteAsync(project.Id, 0, cancellationToken);
            db.Obstacles.Add(obstacle);
            await db.SaveChangesAsync(cancellationToken);
            await ObstacleBlocking.ApplyAsync(db, project.Id, obstacle.LinkedTasks, cancellationToken); // reads the saved obstacle
            await db.SaveChangesAsync(cancellationToken);
            await write.CommitAsync(cancellationToken);
            return obstacle;
        });
        response.SetETag(obstacle.Version);
        return TypedResults.Created($"/api/projects/{project.Id}/obstacles/{obstacle.Id}", obstacle.AsDto());
    }

    private static async Task<Results<Ok<ObstacleDto>, ProblemHttpResult>> GetAsync(
        string id, ProjectAccess access, CoordinatorDb db, HttpResponse response, CancellationToken cancellationToken)
    {
        var obstacle = await FindAsync(db, access.Project.Id, id, cancellationToken);
        if (obstacle is null)
        {
            return NotFound(id);
        }

        response.SetETag(obstacle.Version);
        return TypedResults.Ok(obstacle.AsDto());
    }

    private static async Task<Results<Ok<ObstacleDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, JsonObject patch, ProjectAccess access, CoordinatorDb db, IOptions<JsonOptions> json, TimeProvider time, HttpRequest request,
        HttpResponse response, CancellationToken cancellationToken)
    {
        var project = access.Project;
        var obstacle = await FindAsync(db, project.Id, id, cancellationToken);
        if (obstacle is null)
        {
            return NotFound(id);
        }

        if (Preconditions.CheckIfMatch(request, obstacle.Version) is { } precondition)
        {
            return precondition;
        }

        var linkedBefore = obstacle.LinkedTasks.ToList();
        var errors = new Validation();
        var body = new MergePatch(patch, json.Value.SerializerOptions, errors);
        body.Set<string>("statement", statement => obstacle.Statement = statement?.Trim() ?? "");
        body.Set<string>("impact", impact => obstacle.Impact = impact?.Trim());
        body.Set<List<string>>("communicatedTo", people => obstacle.CommunicatedTo = [.. (people ?? []).Select(e => e?.Trim().ToLowerInvariant() ?? "")]);
        body.Set<string>("proposedSolution", solution => obstacle.ProposedSolution = solution?.Trim());
        body.Set<string>("owner", owner => obstacle.Owner = TaskEndpoints.NormalizeEmail(owner));
        body.Set<List<int>>("linkedTasks", linked => obstacle.LinkedTasks = linked ?? []);
        body.Set<ObstacleStatus?>("status", status =>
        {
            if (status is not { } value)
            {
                errors.Add("status", "status cannot be cleared.");
                return;
            }

            // Closing stamps when; reopening clears it.
            var wasOpen = obstacle.IsOpen;
            obstacle.Status = value;
            obstacle.ResolvedAt = obstacle.IsOpen ? null : wasOpen ? time.GetUtcNow().UtcDateTime : obstacle.ResolvedAt;
        });
        if (!(await ValidateAsync(obstacle, db, errors, cancellationToken)).IsValid)
        {
            return errors.ToProblem();
        }

        await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        await StakeholderRegister.EnsureAllAsync(db, project, obstacle.CommunicatedTo.Select(e => new EmailAddress(null, e)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await ObstacleBlocking.ApplyAsync(db, project.Id, [.. linkedBefore.Union(obstacle.LinkedTasks)], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        response.SetETag(obstacle.Version);
        return TypedResults.Ok(obstacle.AsDto());
    }

    private static async Task<Validation> ValidateAsync(Obstacle obstacle, CoordinatorDb db, Validation errors, CancellationToken cancellationToken)
    {
        errors.Text("statement", obstacle.Statement, "The obstacle", WireLimits.Statement, required: true)
            .Text("impact", obstacle.Impact, "Impact", Validation.DescriptionLength)
            .Text("proposedSolution", obstacle.ProposedSolution, "Proposed solution", Validation.DescriptionLength)
            .Email("owner", obstacle.Owner, "Owner", required: false);
        if (obstacle.CommunicatedTo.Count > StakeholderRegister.MaxPeople)
        {
            errors.Add("communicatedTo", $"At most {StakeholderRegister.MaxPeople:N0} people can be named as told of one obstacle.");
        }

        for (var i = 0; i < Math.Min(obstacle.CommunicatedTo.Count, StakeholderRegister.MaxPeople); i++)
        {
            errors.Email($"communicatedTo[{i}]", obstacle.CommunicatedTo[i], "Email");
        }

        if (obstacle.Owner is { } owner && !errors.Has("owner")
            && !await db.Members.AnyAsync(m => m.ProjectId == obstacle.ProjectId && m.Email == owner, cancellationToken))
        {
            errors.Add("owner", $"{owner} is not a member of this project; invite them first.");
        }

        return await TaskRules.ValidateLinksAsync(db, obstacle.ProjectId, obstacle.LinkedTasks, errors, cancellationToken);
    }

    private static Task<Obstacle?> FindAsync(CoordinatorDb db, string projectId, string id, CancellationToken cancellationToken) =>
        db.Obstacles.Include(o => o.SourceEmail).FirstOrDefaultAsync(o => o.ProjectId == projectId && o.Id == id, cancellationToken);

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"There is no obstacle '{id}' in this project.");
}
