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

    // Everyone on the list as a stakeholder (unknown addresses are added); returns their addresses, once each, in order.
    public static async Task<List<string>> EnsureAllAsync(CoordinatorDb db, Project project, IEnumerable<Client.Contracts.EmailAddress> people, CancellationToken cancellationToken)
    {
        var addresses = new List<string>();
        foreach (var person in people.DistinctBy(p => p.Email.Trim().ToLowerInvariant()))
        {
            addresses.Add((await EnsureAsync(db, project, person.Email, person.Name, cancellationToken)).Email!);
        }

        return addresses;
    }

    // Display names for these addresses: the stakeholder register first, then the project's members.
    public static async Task<Dictionary<string, string>> NamesAsync(CoordinatorDb db, string projectId, IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        var wanted = emails.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var names = await db.Stakeholders.Where(s => s.ProjectId == projectId && s.Email != null && wanted.Contains(s.Email))
            .ToDictionaryAsync(s => s.Email!, s => s.Name, cancellationToken);
        foreach (var member in await db.Members.Where(m => m.ProjectId == projectId && m.Name != null && wanted.Contains(m.Email)).ToListAsync(cancellationToken))
        {
            names.TryAdd(member.Email, member.Name!);
        }

        return names;
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
