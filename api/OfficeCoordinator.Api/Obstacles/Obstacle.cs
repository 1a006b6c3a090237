using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.Search;
using OfficeCoordinator.Client.Contracts;
using ObstacleDto = OfficeCoordinator.Client.Contracts.Obstacle;

namespace OfficeCoordinator.Api.Obstacles;

public sealed class Obstacle : IProjectRecord, ISearchable
{
    [NotInHistory] public string Id { get; init; } = Ids.New();
    [NotInHistory] public required string TenantId { get; init; }
    [NotInHistory] public required string ProjectId { get; init; }
    public required string Statement { get; set; }
    public string? Impact { get; set; }
    public List<string> CommunicatedTo { get; set; } = [];
    public string? ProposedSolution { get; set; }
    public string? Owner { get; set; }
    public ObstacleStatus Status { get; set; } = ObstacleStatus.Open;
    public List<int> LinkedTasks { get; set; } = [];
    [NotInHistory] public string? SourceEmailId { get; set; }
    [NotInHistory] public EmailReference? SourceEmail { get; set; }
    [NotInHistory] public required string RaisedByEmail { get; init; }
    [NotInHistory] public required string RaisedByName { get; init; }
    [NotInHistory] public DateTime RaisedAt { get; init; }
    public DateTime? ResolvedAt { get; set; }
    [NotInHistory] public long Version { get; set; } = 1;

    // Open, SolutionProposed and Implementing keep an obstacle open; Resolved and Accepted close it.
    public static bool IsOpenStatus(ObstacleStatus status) => status is ObstacleStatus.Open or ObstacleStatus.SolutionProposed or ObstacleStatus.Implementing;

    public bool IsOpen => IsOpenStatus(Status);

    string IProjectRecord.HistoryEntity => "obstacle";
    string IProjectRecord.HistoryId => Id;

    string ISearchable.SearchKind => "obstacle";
    int? ISearchable.SearchNumber => null;
    string ISearchable.SearchTitle => Statement;
    string? ISearchable.SearchBody => $"{Impact}\n{ProposedSolution}";

    public ObstacleDto AsDto() => new(
        Id, Statement, Impact, [.. CommunicatedTo], ProposedSolution, Owner, Status, [.. LinkedTasks], SourceEmail?.AsSource(),
        new Actor(RaisedByName, RaisedByEmail), new DateTimeOffset(RaisedAt, TimeSpan.Zero),
        ResolvedAt is { } resolved ? new DateTimeOffset(resolved, TimeSpan.Zero) : null, Version);
}
