using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Client.Contracts;
using MemberDto = OfficeCoordinator.Client.Contracts.Member;

namespace OfficeCoordinator.Api.Projects;

public static class MemberEndpoints
{
    private static readonly string[] Sortable = ["email", "name", "role", "joined"];

    public static RouteGroupBuilder MapMembers(this IEndpointRouteBuilder app)
    {
        var members = app.MapProjectGroup("/members", "Members");
        members.MapGet("/", ListMembers).Describe("Members_List", "List the project's members");
        members.MapPut("/{email}", PutMember).Describe("Members_Put", "Add a member or change their role").ProducesProblems(409).RequireProjectRole(ProjectRole.Manager, "manage members");
        members.MapDelete("/{email}", RemoveMember).Describe("Members_Remove", "Remove a member").RequireProjectRole(ProjectRole.Manager, "manage members");
        return members;
    }

    private static async Task<Results<Ok<Page<MemberDto>>, ValidationProblem>> ListMembers(
        int? limit, string? cursor, string? sort, string? q, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var page = PageRequest.Read(limit, cursor, sort, q, Sortable, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var members = db.Members.AsNoTracking().Where(m => m.ProjectId == access.Project.Id);
        if (page.Q is { } text)
        {
            var lowered = text.ToLowerInvariant();
            members = members.Where(m => m.Email.Contains(lowered) || (m.Name != null && m.Name.ToLower().Contains(lowered)));
        }

        var ordered = (page.Sort, page.Descending) switch
        {
            ("name", false) => members.OrderBy(m => m.Name),
            ("name", true) => members.OrderByDescending(m => m.Name),
            ("role", false) => members.OrderBy(RoleRank),
            ("role", true) => members.OrderByDescending(RoleRank),
            ("joined", false) => members.OrderBy(m => m.Joined),
            ("joined", true) => members.OrderByDescending(m => m.Joined),
            (_, true) => members.OrderByDescending(m => m.Email),
            _ => members.OrderBy(m => m.Email),
        };
        var rows = await page.Slice(ordered.ThenBy(m => m.Id)).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, m => m.AsDto()));
    }

    // Invites (201) or changes the role of (200) the member with this email.
    private static async Task<Results<Created<MemberDto>, Ok<MemberDto>, ValidationProblem, ProblemHttpResult>> PutMember(
        string email, MemberRole input, ProjectAccess access, CoordinatorDb db, TimeProvider time, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var address = email.Trim().ToLowerInvariant();
        var errors = new Validation()
            .Email("email", address, "Email")
            .Text("name", input.Name, "Name", Validation.NameLength);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var project = access.Project;
        var name = string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim();
        var existing = await db.Members.AsNoTracking()
            .FirstOrDefaultAsync(m => m.ProjectId == project.Id && m.Email == address, cancellationToken);
        if (existing is not null && existing.Role == input.Role && (name is null || name == existing.Name))
        {
            response.SetETag(existing.Version);
            return TypedResults.Ok(existing.AsDto()); // nothing to change, so the plan version stays
        }

        await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        var member = await db.Members.FirstOrDefaultAsync(m => m.ProjectId == project.Id && m.Email == address, cancellationToken);
        if (member is null)
        {
            member = new Member
            {
                TenantId = project.TenantId,
                ProjectId = project.Id,
                Email = address,
                Name = name,
                Role = input.Role,
                Joined = time.GetUtcNow().UtcDateTime,
            };
            db.Members.Add(member);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            response.SetETag(member.Version);
            return TypedResults.Created($"/api/projects/{project.Id}/members/{Uri.EscapeDataString(address)}", member.AsDto());
        }

        if (member.Role == ProjectRole.Manager && input.Role != ProjectRole.Manager && await IsLastManagerAsync(db, member, cancellationToken))
        {
            return Problems.Conflict($"{member.Email} is the project's last manager; make someone else a manager first.");
        }

        member.Role = input.Role;
        member.Name = name ?? member.Name;

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        response.SetETag(member.Version);
        return TypedResults.Ok(member.AsDto());
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveMember(
        string email, ProjectAccess access, CoordinatorDb db, HttpRequest request, CancellationToken cancellationToken)
    {
        var address = email.Trim().ToLowerInvariant();
        var project = access.Project;
        await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        var member = await db.Members.FirstOrDefaultAsync(m => m.ProjectId == project.Id && m.Email == address, cancellationToken);
        if (member is null)
        {
            return Problems.NotFound($"{address} is not a member of this project.");
        }

        if (Preconditions.CheckIfMatch(request, member.Version) is { } precondition)
        {
            return precondition;
        }

        if (member.Role == ProjectRole.Manager && await IsLastManagerAsync(db, member, cancellationToken))
        {
            return Problems.Conflict($"{member.Email} is the project's last manager and cannot be removed; make someone else a manager first.");
        }

        db.Members.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    // Roles are stored by name; they sort by what they may do, managers first.
    private static readonly System.Linq.Expressions.Expression<Func<Member, int>> RoleRank = m =>
        m.Role == ProjectRole.Manager ? 0 : m.Role == ProjectRole.Coordinator ? 1 : m.Role == ProjectRole.Contributor ? 2 : 3;

    private static async Task<bool> IsLastManagerAsync(CoordinatorDb db, Member member, CancellationToken cancellationToken) =>
        !await db.Members.AnyAsync(
            m => m.ProjectId == member.ProjectId && m.Role == ProjectRole.Manager && m.Id != member.Id, cancellationToken);
}
