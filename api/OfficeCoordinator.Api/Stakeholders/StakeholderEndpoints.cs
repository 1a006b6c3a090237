using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;
using StakeholderDto = OfficeCoordinator.Client.Contracts.Stakeholder;
using OfficeCoordinator.Api.Idempotency;

namespace OfficeCoordinator.Api.Stakeholders;

public static class StakeholderEndpoints
{
    private static readonly string[] Sortable = ["name", "email", "organization", "influence", "interest"];

    public static RouteGroupBuilder MapStakeholders(this IEndpointRouteBuilder app)
    {
        var stakeholders = app.MapProjectGroup("/stakeholders", "Stakeholders");
        stakeholders.MapGet("/", ListStakeholders).Describe("Stakeholders_List", "List the project's stakeholders");
        stakeholders.MapPost("/", CreateStakeholder).Describe("Stakeholders_Create", "Add a stakeholder").RequireProjectRole(ProjectRole.Coordinator, "add stakeholders").Idempotent();
        stakeholders.MapGet("/{id}", GetStakeholder).Describe("Stakeholders_Get", "Read a stakeholder");
        stakeholders.MapPatch("/{id}", UpdateStakeholder).Describe("Stakeholders_Update", "Change a stakeholder (JSON merge patch)").ProducesProblems(409)
            .RequireProjectRole(ProjectRole.Coordinator, "change stakeholders")
            .Accepts<StakeholderPatch>("application/json", "application/merge-patch+json");
        stakeholders.MapItemHistory("stakeholder", "{id}");
        return stakeholders;
    }

    private static async Task<Results<Ok<Page<StakeholderDto>>, ValidationProblem>> ListStakeholders(
        int? limit, string? cursor, string? sort, string? q, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var page = PageRequest.Read(limit, cursor, sort, q, Sortable, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var register = db.Stakeholders.AsNoTracking().Where(s => s.ProjectId == access.Project.Id);
        if (page.Q is { } text)
        {
            var lowered = text.ToLowerInvariant();
            register = register.Where(s => s.Name.ToLower().Contains(lowered) || (s.Email != null && s.Email.Contains(lowered))
                || (s.Organization != null && s.Organization.ToLower().Contains(lowered)));
        }

        var ordered = (page.Sort, page.Descending) switch
        {
            ("email", false) => register.OrderBy(s => s.Email),
            ("email", true) => register.OrderByDescending(s => s.Email),
            ("organization", false) => register.OrderBy(s => s.Organization),
            ("organization", true) => register.OrderByDescending(s => s.Organization),
            ("influence", false) => register.OrderBy(s => s.Influence),
            ("influence", true) => register.OrderByDescending(s => s.Influence),
            ("interest", false) => register.OrderBy(s => s.Interest),
            ("interest", true) => register.OrderByDescending(s => s.Interest),
            (_, true) => register.OrderByDescending(s => s.Name),
            _ => register.OrderBy(s => s.Name),
        };
        var rows = await page.Slice(ordered.ThenBy(s => s.Id)).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, s => s.AsDto()));
    }

    private static async Task<Results<Created<StakeholderDto>, ValidationProblem, ProblemHttpResult>> CreateStakeholder(
        NewStakeholder input, ProjectAccess access, CoordinatorDb db, TimeProvider time, HttpResponse response, CancellationToken cancellationToken)
    {
        var project = access.Project;
        var email = input.Email?.Trim().ToLowerInvariant();
        var stakeholder = new Stakeholder
        {
            TenantId = project.TenantId,
            ProjectId = project.Id,
            Name = input.Name?.Trim() ?? "",
            Email = string.IsNullOrEmpty(email) ? null : email,
            Organization = input.Organization?.Trim(),
            Title = input.Title?.Trim(),
            Influence = input.Influence ?? 3,
            Interest = input.Interest ?? 3,
            Engagement = input.Engagement ?? Engagement.Neutral,
            PreferredChannel = input.PreferredChannel ?? Channel.Email,
            Notes = input.Notes?.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var errors = Validate(stakeholder, new Validation());
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        stakeholder.Internal = input.Internal
            ?? (stakeholder.Email is not null && await StakeholderRegister.IsInternalAsync(db, project.Id, stakeholder.Email, cancellationToken));
        if (await IsTakenAsync(db, stakeholder, cancellationToken) is { } taken)
        {
            return taken;
        }

        db.Stakeholders.Add(stakeholder);
        await db.SaveChangesAsync(cancellationToken);
        response.SetETag(stakeholder.Version);
        return TypedResults.Created($"/api/projects/{project.Id}/stakeholders/{stakeholder.Id}", stakeholder.AsDto());
    }

    private static async Task<Results<Ok<StakeholderDto>, ProblemHttpResult>> GetStakeholder(
        string id, ProjectAccess access, CoordinatorDb db, HttpResponse response, CancellationToken cancellationToken)
    {
        var stakeholder = await db.Stakeholders.FirstOrDefaultAsync(s => s.ProjectId == access.Project.Id && s.Id == id, cancellationToken);
        if (stakeholder is null)
        {
            return NotFound(id);
        }

        response.SetETag(stakeholder.Version);
        return TypedResults.Ok(stakeholder.AsDto());
    }

    private static async Task<Results<Ok<StakeholderDto>, ValidationProblem, ProblemHttpResult>> UpdateStakeholder(
        string id, JsonObject patch, ProjectAccess access, CoordinatorDb db, IOptions<JsonOptions> json, HttpRequest request, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var stakeholder = await db.Stakeholders.FirstOrDefaultAsync(s => s.ProjectId == access.Project.Id && s.Id == id, cancellationToken);
        if (stakeholder is null)
        {
            return NotFound(id);
        }

        if (Preconditions.CheckIfMatch(request, stakeholder.Version) is { } precondition)
        {
            return precondition;
        }

        var errors = new Validation();
        var body = new MergePatch(patch, json.Value.SerializerOptions, errors);
        body.Set<string>("name", name => stakeholder.Name = name?.Trim() ?? "");
        body.Set<string>("email", email => stakeholder.Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant());
        body.Set<string>("organization", organization => stakeholder.Organization = organization?.Trim());
        body.Set<string>("title", title => stakeholder.Title = title?.Trim());
        body.Set<bool?>("internal", isInternal => stakeholder.Internal = isInternal ?? false);
        body.Set<int?>("influence", influence => stakeholder.Influence = influence ?? 3);
        body.Set<int?>("interest", interest => stakeholder.Interest = interest ?? 3);
        if (body.Has("influence") || body.Has("interest"))
        {
            stakeholder.Reviewed = true; // placing someone on the grid is reviewing them
        }

        body.Set<bool?>("reviewed", reviewed => stakeholder.Reviewed = reviewed ?? true);
        body.Set<Engagement?>("engagement", engagement => stakeholder.Engagement = engagement ?? Engagement.Neutral);
        body.Set<Channel?>("preferredChannel", channel => stakeholder.PreferredChannel = channel ?? Channel.Email);
        body.Set<string>("notes", notes => stakeholder.Notes = notes?.Trim());
        if (!Validate(stakeholder, errors).IsValid)
        {
            return errors.ToProblem();
        }

        if (await IsTakenAsync(db, stakeholder, cancellationToken) is { } taken)
        {
            return taken;
        }

        await db.SaveChangesAsync(cancellationToken);
        response.SetETag(stakeholder.Version);
        return TypedResults.Ok(stakeholder.AsDto());
    }

    private static Validation Validate(Stakeholder stakeholder, Validation errors)
    {
        errors.Text("name", stakeholder.Name, "Name", Validation.NameLength, required: true)
            .Email("email", stakeholder.Email, "Email", required: false)
            .Text("organization", stakeholder.Organization, "Organization", Validation.NameLength)
            .Text("title", stakeholder.Title, "Title", Validation.NameLength)
            .Text("notes", stakeholder.Notes, "Notes", Validation.DescriptionLength);
        if (stakeholder.Influence is < 1 or > 5)
        {
            errors.Add("influence", "Influence must be from 1 to 5.");
        }

        if (stakeholder.Interest is < 1 or > 5)
        {
            errors.Add("interest", "Interest must be from 1 to 5.");
        }

        return errors;
    }

    private static async Task<ProblemHttpResult?> IsTakenAsync(CoordinatorDb db, Stakeholder stakeholder, CancellationToken cancellationToken) =>
        stakeholder.Email is { } email
        && await db.Stakeholders.AnyAsync(s => s.ProjectId == stakeholder.ProjectId && s.Email == email && s.Id != stakeholder.Id, cancellationToken)
            ? Problems.Conflict($"{email} is already in this project's stakeholder register.")
            : null;

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"There is no stakeholder '{id}' in this project.");
}
