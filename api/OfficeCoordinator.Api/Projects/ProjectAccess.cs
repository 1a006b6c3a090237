using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Projects;

// The caller's membership of the project named by the route, loaded once per request by the group filter.
// Not a member: 404, as if the project did not exist. A member without the role: 403.
public sealed class ProjectAccess(CoordinatorDb db, CurrentUser user)
{
    private Project? _project;
    private Member? _membership;

    public Project Project => _project ?? throw new InvalidOperationException("The project filter has not run.");
    public Member Membership => _membership ?? throw new InvalidOperationException("The project filter has not run.");
    public ProjectRole Role => Membership.Role;

    public bool IsAtLeast(ProjectRole role) => Member.Rank(Role) >= Member.Rank(role);

    public async Task<bool> LoadAsync(string projectId, CancellationToken cancellationToken)
    {
        // The membership and its project in one query (both tracked: the route may change either).
        var found = await (from m in db.Members
                           where m.ProjectId == projectId
                               && (m.UserObjectId == user.ObjectId || (m.UserObjectId == null && user.SignInName != "" && m.Email == user.SignInName))
                           join p in db.Projects on m.ProjectId equals p.Id
                           orderby m.UserObjectId == null
                           select new { Membership = m, Project = p })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return false;
        }

        if (found.Membership.UserObjectId is null)
        {
            await BindInvitationsAsync(db, user, cancellationToken);
        }

        _membership = found.Membership;
        _project = found.Project;
        return true;
    }

    // Acting for another member of an already loaded project (a publish applies the shared file's edits as the member
    // who saved it): their role's rules apply.
    public void Use(Project project, Member membership)
    {
        _project = project;
        _membership = membership;
    }

    // Only asked after a 404, to tell a probe across tenants from a typo (the security event).
    public Task<bool> BelongsToAnotherTenantAsync(string projectId, CancellationToken cancellationToken) =>
        db.Projects.IgnoreQueryFilters().AnyAsync(p => p.Id == projectId && p.TenantId != user.TenantId, cancellationToken);

    // An invitation by email becomes the caller's membership the first time they sign in with that address
    // in that tenant (Entra: the sign-in name, never the unverified email claim). From then on only the object id counts.
    public static async Task BindInvitationsAsync(CoordinatorDb db, CurrentUser user, CancellationToken cancellationToken)
    {
        if (user.SignInName.Length == 0)
        {
            return;
        }

        var invitations = await db.Members
            .Where(m => m.UserObjectId == null && m.Email == user.SignInName)
            .ToListAsync(cancellationToken);
        foreach (var invitation in invitations)
        {
            invitation.UserObjectId = user.ObjectId;
        }

        if (invitations.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public static string RoleName(ProjectRole role) => role switch
    {
        ProjectRole.Manager => "a project manager",
        ProjectRole.Coordinator => "a coordinator or manager",
        ProjectRole.Contributor => "a contributor, coordinator or manager",
        _ => "a member",
    };
}

public static class ProjectAccessExtensions
{
    public static IServiceCollection AddProjectAccess(this IServiceCollection services) => services.AddScoped<ProjectAccess>();

    // A route group under /api/projects/{projectId} that only the project's members reach.
    public static RouteGroupBuilder MapProjectGroup(this IEndpointRouteBuilder app, string suffix, string tag) =>
        app.MapGroup("/api/projects/{projectId}" + suffix)
            .WithTags(tag)
            .RequireAuthorization()
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                var projectId = http.GetRouteValue("projectId") as string ?? "";
                var access = http.RequestServices.GetRequiredService<ProjectAccess>();
                if (projectId.Length > 64 || !await access.LoadAsync(projectId, http.RequestAborted))
                {
                    if (projectId.Length <= 64 && await access.BelongsToAnotherTenantAsync(projectId, http.RequestAborted))
                    {
                        SecurityEvents.OtherTenantRequested(http, http.RequestServices.GetRequiredService<CurrentUser>(), projectId);
                    }

                    return Problems.NotFound("There is no such project, or you are not a member of it.");
                }

                return await next(context);
            });

    // Refuses members below the given role with 403 that names the role needed.
    public static TBuilder RequireProjectRole<TBuilder>(this TBuilder builder, ProjectRole role, string action)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProjectRoleRequirement(role, action)).AddEndpointFilter(async (context, next) =>
        {
            var access = context.HttpContext.RequestServices.GetRequiredService<ProjectAccess>();
            return access.IsAtLeast(role)
                ? await next(context)
                : Problems.Forbidden($"Only {ProjectAccess.RoleName(role)} can {action}; you are a {access.Role} on this project.");
        });
}

// The role a route needs, as metadata for the OpenAPI document (the filter above enforces it).
public sealed record ProjectRoleRequirement(ProjectRole Role, string Action);
