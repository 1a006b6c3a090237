using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Projects;

namespace OfficeCoordinator.Api.Stakeholders;

// Finding and adding stakeholders by email, for every feature that meets people on an email.
public static class StakeholderRegister
{
    // The most people one record names (participants, communicated to): a meeting of the whole company fits.
    public const int MaxPeople = Client.Contracts.WireLimits.People;

    // The stakeholder with this address, added (named by the address when no name is known) if new and not a member.
    public static Task EnsureAsync(CoordinatorDb db, Project project, string email, string? name, CancellationToken cancellationToken) =>
        EnsureAllAsync(db, project, [new Client.Contracts.EmailAddress(name, email)], cancellationToken);

    // Everyone on the list as a stakeholder (unknown addresses are added); returns their addresses, once each, in order.
    // The project's members are the team, not stakeholders: the server never adds them on its own (a member may still
    // be added by hand), and they stay on the list. A fixed number of queries whatever the list's length: the known
    // ones in slices, the members once.
    public static async Task<List<string>> EnsureAllAsync(CoordinatorDb db, Project project, IEnumerable<Client.Contracts.EmailAddress> people, CancellationToken cancellationToken)
    {
        var distinct = people.Select(p => (Email: p.Email.Trim().ToLowerInvariant(), p.Name)).DistinctBy(p => p.Email).ToList();
        if (distinct.Count == 0)
        {
            return [];
        }

        var known = await KnownAsync(db, project.Id, distinct.Select(p => p.Email), cancellationToken);
        Team? team = null;
        foreach (var (email, name) in distinct.Where(p => !known.ContainsKey(p.Email)))
        {
            team ??= await TeamAsync(db, project.Id, cancellationToken);
            if (!team.Emails.Contains(email))
            {
                known[email] = Add(db, project, email, name, team.Domains);
            }
        }

        return [.. distinct.Select(p => p.Email)];
    }

    private static Stakeholder Add(CoordinatorDb db, Project project, string address, string? name, HashSet<string> memberDomains)
    {
        var stakeholder = new Stakeholder
        {
            TenantId = project.TenantId,
            ProjectId = project.Id,
            Name = string.IsNullOrWhiteSpace(name) ? address : name.Trim(),
            Email = address,
            Internal = memberDomains.Contains(DomainOf(address)),
            Reviewed = false, // added by the server from an email: the coordinator places them (the report preview lists them)
            CreatedAt = DateTime.UtcNow,
        };
        db.Stakeholders.Add(stakeholder);
        return stakeholder;
    }

    // The project's stakeholders with these addresses: the ones this request already added, then the stored ones.
    private static async Task<Dictionary<string, Stakeholder>> KnownAsync(CoordinatorDb db, string projectId, IEnumerable<string> addresses, CancellationToken cancellationToken)
    {
        var wanted = addresses.ToHashSet(StringComparer.Ordinal);
        var known = db.Stakeholders.Local.Where(s => s.ProjectId == projectId && s.Email is not null && wanted.Contains(s.Email))
            .DistinctBy(s => s.Email).ToDictionary(s => s.Email!, StringComparer.Ordinal);
        foreach (var slice in wanted.Where(a => !known.ContainsKey(a)).Chunk(500))
        {
            foreach (var stakeholder in await db.Stakeholders.Where(s => s.ProjectId == projectId && slice.Contains(s.Email!)).ToListAsync(cancellationToken))
            {
                known.TryAdd(stakeholder.Email!, stakeholder);
            }
        }

        return known;
    }

    // The project's members' addresses, and their domains (which make a stakeholder internal).
    private sealed record Team(HashSet<string> Emails, HashSet<string> Domains);

    private static async Task<Team> TeamAsync(CoordinatorDb db, string projectId, CancellationToken cancellationToken)
    {
        var emails = (await db.Members.Where(m => m.ProjectId == projectId).Select(m => m.Email).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return new Team(emails, emails.Select(DomainOf).Where(d => d.Length > 0).ToHashSet(StringComparer.Ordinal));
    }

    private static string DomainOf(string email) => email.LastIndexOf('@') is var at and >= 0 ? email[at..] : "";

    // Display names for these addresses: the stakeholder register first, then the project's members.
    public static async Task<Dictionary<string, string>> NamesAsync(CoordinatorDb db, string projectId, IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        var wanted = emails.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var names = await db.Stakeholders.Where(s => s.ProjectId == projectId && s.Email != null && wanted.Contains(s.Email))
            .Select(s => new { s.Email, s.Name }).ToDictionaryAsync(s => s.Email!, s => s.Name, cancellationToken);
        foreach (var member in await db.Members.Where(m => m.ProjectId == projectId && m.Name != null && wanted.Contains(m.Email)).Select(m => new { m.Email, m.Name }).ToListAsync(cancellationToken))
        {
            names.TryAdd(member.Email, member.Name!);
        }

        return names;
    }

    // Someone is internal when their address shares a domain with a member of the project.
    public static async Task<bool> IsInternalAsync(CoordinatorDb db, string projectId, string email, CancellationToken cancellationToken) =>
        (await TeamAsync(db, projectId, cancellationToken)).Domains.Contains(DomainOf(email));
}
