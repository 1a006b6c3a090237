using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Client.Contracts;
using MemberDto = OfficeCoordinator.Client.Contracts.Member;

namespace OfficeCoordinator.Api.Projects;

// A person's role on one project. Invited by email; bound to a (tenant, object id) the first time
// that person signs in, after which only the object id counts.
public sealed class Member : IProjectRecord
{
    [NotInHistory] public string Id { get; init; } = Ids.New();
    [NotInHistory] public required string TenantId { get; init; }
    [NotInHistory] public required string ProjectId { get; init; }
    [NotInHistory] public required string Email { get; init; }
    public string? Name { get; set; }
    public ProjectRole Role { get; set; }
    [NotInHistory] public string? UserObjectId { get; set; }
    [NotInHistory] public DateTime Joined { get; init; }
    [NotInHistory] public long Version { get; set; } = 1;

    string IProjectRecord.HistoryEntity => "member";
    string IProjectRecord.HistoryId => Email;

    public MemberDto AsDto() => new(Email, Name, Role, new DateTimeOffset(Joined, TimeSpan.Zero), Version);

    // Roles in order of what they may do; a higher role may do everything a lower one may.
    public static int Rank(ProjectRole role) => role switch
    {
        ProjectRole.Manager => 3,
        ProjectRole.Coordinator => 2,
        ProjectRole.Contributor => 1,
        _ => 0,
    };
}
