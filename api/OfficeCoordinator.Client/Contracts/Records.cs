using System.ComponentModel.DataAnnotations;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>The decision a communication of kind Decision carries.</summary>
/// <param name="Text">What was decided.</param>
/// <param name="DecidedBy">Email of who decided.</param>
/// <param name="Rationale">Why.</param>
/// <param name="Status">Proposed when logged; managers approve, reject or supersede.</param>
/// <param name="ReviewOn">When to look at it again.</param>
public sealed record DecisionDetails(
    [property: MaxLength(WireLimits.Text)] string Text,
    [property: MaxLength(WireLimits.Email)] string? DecidedBy = null,
    [property: MaxLength(WireLimits.Text)] string? Rationale = null,
    DecisionStatus? Status = null,
    DateOnly? ReviewOn = null);

/// <summary>Body of <c>POST /api/projects/{projectId}/communications</c>.</summary>
/// <param name="Summary">What was said (required).</param>
/// <param name="Kind">Update, Request, Decision, Escalation or Note.</param>
/// <param name="Channel">Email, Meeting, Call, Chat or Other; Email when a source email is given.</param>
/// <param name="Direction">Inbound, Outbound or Internal.</param>
/// <param name="OccurredAt">When; the email's receivedAt or now when omitted.</param>
/// <param name="Participants">Who took part; unknown addresses become stakeholders.</param>
/// <param name="LinkedTasks">Numbers of the tasks it concerns.</param>
/// <param name="SourceEmail">The email it was logged from.</param>
/// <param name="Decision">Required when the kind is Decision.</param>
public sealed record NewCommunication(
    [property: MaxLength(WireLimits.Text)] string Summary,
    CommunicationKind Kind = CommunicationKind.Note,
    Channel? Channel = null,
    Direction? Direction = null,
    DateTimeOffset? OccurredAt = null,
    [property: MaxLength(WireLimits.People)] IReadOnlyList<EmailAddress>? Participants = null,
    IReadOnlyList<int>? LinkedTasks = null,
    EmailMessage? SourceEmail = null,
    DecisionDetails? Decision = null);

/// <summary>A logged communication, or a decision.</summary>
/// <param name="Id">Opaque id (also the decision's id).</param>
/// <param name="OccurredAt">When.</param>
/// <param name="Channel">How.</param>
/// <param name="Direction">Which way.</param>
/// <param name="Kind">What.</param>
/// <param name="Summary">What was said.</param>
/// <param name="Participants">Who took part.</param>
/// <param name="LinkedTasks">Tasks it concerns.</param>
/// <param name="Source">The email it was logged from.</param>
/// <param name="Decision">The decision, for kind Decision.</param>
/// <param name="LoggedBy">Who logged it.</param>
/// <param name="Version">Its version; the ETag.</param>
/// <param name="Delivery">For outbound reports and requests: Sent, Inserted or Withdrawn.</param>
/// <param name="ReportNumber">The status report it carried.</param>
public sealed record Communication(
    string Id,
    DateTimeOffset OccurredAt,
    Channel Channel,
    Direction Direction,
    CommunicationKind Kind,
    string Summary,
    IReadOnlyList<EmailAddress> Participants,
    IReadOnlyList<int> LinkedTasks,
    EmailSource? Source,
    DecisionDetails? Decision,
    Actor LoggedBy,
    long Version,
    Delivery? Delivery = null,
    int? ReportNumber = null);

/// <summary>Body of <c>POST /api/projects/{projectId}/obstacles</c>.</summary>
/// <param name="Statement">What stands in the way (required).</param>
/// <param name="Impact">What it does to the plan.</param>
/// <param name="CommunicatedTo">Emails of the people told about it.</param>
/// <param name="ProposedSolution">The way out.</param>
/// <param name="Owner">Member email of who chases it.</param>
/// <param name="Status">Open when omitted.</param>
/// <param name="LinkedTasks">Tasks it blocks.</param>
/// <param name="SourceEmail">The email it was raised from.</param>
public sealed record NewObstacle(
    [property: MaxLength(WireLimits.Statement)] string Statement,
    [property: MaxLength(WireLimits.Text)] string? Impact = null,
    [property: MaxLength(WireLimits.People)] IReadOnlyList<string>? CommunicatedTo = null,
    [property: MaxLength(WireLimits.Text)] string? ProposedSolution = null,
    [property: MaxLength(WireLimits.Email)] string? Owner = null,
    ObstacleStatus? Status = null,
    IReadOnlyList<int>? LinkedTasks = null,
    EmailMessage? SourceEmail = null);

/// <summary>Something in the way of the plan, and its way to a solution.</summary>
/// <param name="Id">Opaque id.</param>
/// <param name="Statement">What stands in the way.</param>
/// <param name="Impact">What it does to the plan.</param>
/// <param name="CommunicatedTo">Who was told.</param>
/// <param name="ProposedSolution">The way out.</param>
/// <param name="Owner">Who chases it.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="LinkedTasks">Tasks it blocks while open.</param>
/// <param name="Source">The email it was raised from.</param>
/// <param name="RaisedBy">Who raised it.</param>
/// <param name="RaisedAt">When.</param>
/// <param name="ResolvedAt">When it was resolved or accepted.</param>
/// <param name="Version">Its version; the ETag.</param>
public sealed record Obstacle(
    string Id,
    string Statement,
    string? Impact,
    IReadOnlyList<string> CommunicatedTo,
    string? ProposedSolution,
    string? Owner,
    ObstacleStatus Status,
    IReadOnlyList<int> LinkedTasks,
    EmailSource? Source,
    Actor RaisedBy,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ResolvedAt,
    long Version);

/// <summary>One search hit.</summary>
/// <param name="Type">task, communication, decision, obstacle, stakeholder or statusReport.</param>
/// <param name="Id">The record's id (a task's number as text).</param>
/// <param name="Number">A task's number.</param>
/// <param name="Title">What the record is called.</param>
/// <param name="Snippet">The matched text, matches in [brackets].</param>
/// <param name="Rank">Higher is better.</param>
public sealed record SearchHit(
    [property: AllowedValues("task", "communication", "decision", "obstacle", "stakeholder", "statusReport")] string Type, string Id, int? Number, string Title, string Snippet, double Rank);

/// <summary>Search results, best first.</summary>
/// <param name="Items">The hits.</param>
public sealed record SearchResults(IReadOnlyList<SearchHit> Items);

/// <summary>Filters of the communication log, with paging.</summary>
public sealed record CommunicationQuery
{
    /// <summary>Kinds, comma-separated.</summary>
    [Refit.AliasAs("kind")] public string? Kind { get; init; }

    /// <summary>Channels, comma-separated.</summary>
    [Refit.AliasAs("channel")] public string? Channel { get; init; }

    /// <summary>A stakeholder id among the participants.</summary>
    [Refit.AliasAs("stakeholder")] public string? Stakeholder { get; init; }

    /// <summary>A linked task number.</summary>
    [Refit.AliasAs("task")] public int? Task { get; init; }

    /// <summary>Occurred on or after this date.</summary>
    [Refit.AliasAs("from")] public string? From { get; init; }

    /// <summary>Occurred on or before this date.</summary>
    [Refit.AliasAs("to")] public string? To { get; init; }

    /// <summary>Words of the summary or decision.</summary>
    [Refit.AliasAs("q")] public string? Q { get; init; }

    /// <summary>Decisions only: statuses, comma-separated.</summary>
    [Refit.AliasAs("status")] public string? Status { get; init; }

    /// <summary>Items per page: 1 to 500, default 50.</summary>
    [Refit.AliasAs("limit")] public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [Refit.AliasAs("cursor")] public string? Cursor { get; init; }

    /// <summary><c>occurredAt</c> (default, newest first with <c>-occurredAt</c>) or <c>kind</c>.</summary>
    [Refit.AliasAs("sort")] public string? Sort { get; init; }
}
