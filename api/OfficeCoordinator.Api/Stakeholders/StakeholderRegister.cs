using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Projects;

namespace OfficeCoordinator.Api.Stakeholders;

// Finding and adding stakeholders by email, for every feature that meets people on an email.
public static class StakeholderRegister
{
    // The stakeholder with this address, added (named by the address when no name is known) if new.
    public static async Task<Stakeholder> EnsureAsync(CoordinatorDb db, Project project, string email, string? name, CancellationToken cancellationToken)
    {
        var address = email.Trim().ToLowerInvariant();
        var known = db.Stakeholders.Local.FirstOrDefault(s => s.ProjectId == project.Id && s.Email == address)
            ?? await db.Stakeholders.FirstOrDefaultAsync(s => s.ProjectId == project.Id && s.Email == address, cancellationToken);
        if (known is not null)
        {
            return known;
        }

        var stakeholder = new Stakeholder
        {
            TenantId = project.TenantId,
            ProjectId = project.Id,
            Name = string.IsNullOrWhiteSpace(name) ? address : name.Trim(),
            Email = address,
            Internal = await IsInternalAsync(db, project.Id, address, cancellationToken),
            CreatedAt = DateTime.UtcNow,
        };
        db.Stakeholders.Add(stakeholder);
        return stakeholder;
    }

    // Someone is internal when their address shares a domain with a member of the project.
    public static async Task<bool> IsInternalAsync(CoordinatorDb db, string projectId, string email, CancellationToken cancellationToken)
    {
        var at = email.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var domain = email[at..];
        return await db.Members.AnyAsync(m => m.ProjectId == projectId && m.Email.EndsWith(domain), cancellationToken);
    }
}
