using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;
using Member = OfficeCoordinator.Api.Projects.Member;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Api.Demo;

// The product-launch project a newcomer finds after `dotnet run` (Development only, first start only).
internal static class DemoData
{
    public const string ProjectName = "Contoso product launch";

    public static readonly (string Name, string Email, ProjectRole Role)[] People =
    [
        ("Alice Manager", "alice@contoso.com", ProjectRole.Manager),
        ("Bob Coordinator", "bob@contoso.com", ProjectRole.Coordinator),
        ("Dan Contributor", "dan@contoso.com", ProjectRole.Contributor),
        ("Carol Viewer", "carol@contoso.com", ProjectRole.Viewer),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var user = services.GetRequiredService<CurrentUser>();
        var (managerName, managerEmail, _) = People[0];
        user.ActAs(CurrentUser.LocalTenant, DevTokenIssuer.StableObjectId(CurrentUser.LocalTenant, managerEmail).ToString(), managerName, managerEmail);

        var db = services.GetRequiredService<CoordinatorDb>();
        if (await db.Projects.AnyAsync(cancellationToken))
        {
            return;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var project = new Project
        {
            TenantId = CurrentUser.LocalTenant,
            Name = ProjectName,
            Description = "Launch of the Contoso Aurora headset: readiness, venue, press and the launch event itself.",
            Start = today.AddDays(-14),
            Finish = today.AddDays(70),
            Budget = 250_000m,
            Currency = "EUR",
            CreatedAt = now,
            CreatedBy = user.ObjectId,
        };
        foreach (var (name, email, role) in People)
        {
            project.Members.Add(new Member
            {
                TenantId = CurrentUser.LocalTenant,
                ProjectId = project.Id,
                Email = email,
                Name = name,
                Role = role,
                UserObjectId = DevTokenIssuer.StableObjectId(CurrentUser.LocalTenant, email).ToString(),
                Joined = now,
            });
        }

        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
    }
}
