using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Client.Contracts;
using StakeholderDto = OfficeCoordinator.Client.Contracts.Stakeholder;

namespace OfficeCoordinator.Api.Stakeholders;

public sealed class Stakeholder : IProjectRecord, Search.ISearchable
{
    [NotInHistory] public string Id { get; init; } = Ids.New();
    [NotInHistory] public required string TenantId { get; init; }
    [NotInHistory] public required string ProjectId { get; init; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public string? Organization { get; set; }
    public string? Title { get; set; }
    public bool Internal { get; set; }
    public int Influence { get; set; } = 3;
    public int Interest { get; set; } = 3;
    public Engagement Engagement { get; set; } = Engagement.Neutral;
    public Channel PreferredChannel { get; set; } = Channel.Email;
    public string? Notes { get; set; }

    // Someone has looked at this person's place in the register (set by hand, or their influence or interest set).
    // Stakeholders the server adds by itself start unreviewed and join no report audience until then.
    public bool Reviewed { get; set; } = true;
    [NotInHistory] public long Version { get; set; } = 1;
    [NotInHistory] public DateTime CreatedAt { get; init; }

    string Search.ISearchable.SearchKind => "stakeholder";
    int? Search.ISearchable.SearchNumber => null;
    string Search.ISearchable.SearchTitle => Name;
    string? Search.ISearchable.SearchBody => $"{Email}\n{Organization}\n{Title}\n{Notes}";

    string IProjectRecord.HistoryEntity => "stakeholder";
    string IProjectRecord.HistoryId => Id;

    public StakeholderDto AsDto() => new(Id, Name, Email, Organization, Title, Internal, Influence, Interest, Engagement, PreferredChannel, Notes, Version, Reviewed);
}
