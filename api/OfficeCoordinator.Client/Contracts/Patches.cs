using System.ComponentModel.DataAnnotations;

namespace OfficeCoordinator.Client.Contracts;

// The bodies of the PATCH routes: JSON merge patches (RFC 7396), sent as application/json or
// application/merge-patch+json. A member left out stays as it is; null clears what may be empty, and a member that may
// not be empty refuses null with 400. These records describe the members each route reads, for the OpenAPI document
// and for clients; the API reads the body member by member, so that "absent" and "null" stay apart.

/// <summary>Body of <c>PATCH /api/projects/{projectId}</c> (coordinators and managers).</summary>
/// <param name="Name">The project's name; cannot be cleared.</param>
/// <param name="Description">What it is about.</param>
/// <param name="Start">Planned start.</param>
/// <param name="Finish">Planned finish.</param>
/// <param name="Budget">Budget in the project's currency.</param>
/// <param name="Currency">ISO 4217 code; null goes back to the default.</param>
/// <param name="WorkingDays">Working weekdays; null goes back to Monday to Friday.</param>
/// <param name="Holidays">Days off, in addition to the weekend.</param>
/// <param name="ReportSettings">Status report thresholds, merged member by member; null goes back to the defaults.</param>
public sealed record ProjectPatch(
    [property: MaxLength(WireLimits.Name)] string? Name = null,
    [property: MaxLength(WireLimits.Text)] string? Description = null,
    DateOnly? Start = null,
    DateOnly? Finish = null,
    [property: Range(typeof(decimal), "0", WireLimits.MaxMoney)] decimal? Budget = null,
    [property: RegularExpression("^[A-Z]{3}$")] string? Currency = null,
    IReadOnlyList<DayOfWeek>? WorkingDays = null,
    [property: MaxLength(WireLimits.Holidays)] IReadOnlyList<DateOnly>? Holidays = null,
    ReportSettingsPatch? ReportSettings = null);

/// <summary>Status report thresholds to change (managers); the others keep their values.</summary>
/// <param name="GreenAmberSlipDays">Forecast finish this many working days after the baseline (or more): Amber.</param>
/// <param name="AmberRedSlipDays">More than this many working days: Red.</param>
/// <param name="MilestoneRedDays">A milestone more than this many working days late: Red.</param>
/// <param name="SpiAmber">SPI below this: Amber.</param>
/// <param name="CpiAmber">CPI below this: Amber.</param>
/// <param name="CpiRed">CPI below this: Red.</param>
/// <param name="EacAmber">EAC above budget times this: Amber.</param>
/// <param name="EacRed">EAC above budget times this: Red.</param>
/// <param name="BlockedRedDays">An obstacle blocking critical work longer than this many working days: Red.</param>
/// <param name="DecisionWaitAmberDays">A decision awaiting approval longer than this many working days: Amber.</param>
public sealed record ReportSettingsPatch(
    [property: Range(0, 250)] int? GreenAmberSlipDays = null,
    [property: Range(0, 250)] int? AmberRedSlipDays = null,
    [property: Range(0, 250)] int? MilestoneRedDays = null,
    [property: Range(typeof(decimal), "0", "10", MinimumIsExclusive = true)] decimal? SpiAmber = null,
    [property: Range(typeof(decimal), "0", "10", MinimumIsExclusive = true)] decimal? CpiAmber = null,
    [property: Range(typeof(decimal), "0", "10", MinimumIsExclusive = true)] decimal? CpiRed = null,
    [property: Range(typeof(decimal), "0", "10", MinimumIsExclusive = true)] decimal? EacAmber = null,
    [property: Range(typeof(decimal), "0", "10", MinimumIsExclusive = true)] decimal? EacRed = null,
    [property: Range(0, 250)] int? BlockedRedDays = null,
    [property: Range(0, 250)] int? DecisionWaitAmberDays = null);

/// <summary>Body of <c>PATCH /api/projects/{projectId}/tasks/{number}</c>; contributors change only status, percentComplete and actualCost of their own tasks, and only managers move the baseline.</summary>
/// <param name="Title">What is to be done; cannot be cleared.</param>
/// <param name="Description">Details.</param>
/// <param name="Owner">Email of the member who does it.</param>
/// <param name="Requester">Email of the stakeholder who asked for it.</param>
/// <param name="Status">Where it stands; cannot be cleared. Done sets percentComplete to 100 unless it is given.</param>
/// <param name="Priority">How urgent; cannot be cleared.</param>
/// <param name="Phase">Project phase; cannot be cleared.</param>
/// <param name="Start">Planned start.</param>
/// <param name="Finish">Planned finish (due date).</param>
/// <param name="BaselineStart">Baseline start (managers).</param>
/// <param name="BaselineFinish">Baseline finish (managers).</param>
/// <param name="PercentComplete">0 to 100; cannot be cleared.</param>
/// <param name="PlannedCost">Planned cost in the project's currency.</param>
/// <param name="ActualCost">Actual cost in the project's currency.</param>
/// <param name="Milestone">A zero-length event; null means false.</param>
/// <param name="Predecessors">Tasks that must finish first; replaces the list.</param>
public sealed record TaskPatch(
    [property: MaxLength(WireLimits.Title)] string? Title = null,
    [property: MaxLength(WireLimits.Text)] string? Description = null,
    [property: MaxLength(WireLimits.Email)] string? Owner = null,
    [property: MaxLength(WireLimits.Email)] string? Requester = null,
    WorkStatus? Status = null,
    TaskPriority? Priority = null,
    ProjectPhase? Phase = null,
    DateOnly? Start = null,
    DateOnly? Finish = null,
    DateOnly? BaselineStart = null,
    DateOnly? BaselineFinish = null,
    [property: Range(0, 100)] int? PercentComplete = null,
    [property: Range(typeof(decimal), "0", WireLimits.MaxMoney)] decimal? PlannedCost = null,
    [property: Range(typeof(decimal), "0", WireLimits.MaxMoney)] decimal? ActualCost = null,
    bool? Milestone = null,
    IReadOnlyList<TaskDependency>? Predecessors = null);

/// <summary>Body of <c>PATCH /api/projects/{projectId}/stakeholders/{id}</c>.</summary>
/// <param name="Name">Full name; cannot be cleared.</param>
/// <param name="Email">Email address, unique in the project.</param>
/// <param name="Organization">Company or department.</param>
/// <param name="Title">Job title.</param>
/// <param name="Internal">Inside the organisation; null means false.</param>
/// <param name="Influence">1 to 5; null goes back to 3.</param>
/// <param name="Interest">1 to 5; null goes back to 3.</param>
/// <param name="Reviewed">Whether a person has looked at a stakeholder added from email; null means true.</param>
/// <param name="Engagement">Current engagement; null goes back to Neutral.</param>
/// <param name="PreferredChannel">How they like to be reached; null goes back to Email.</param>
/// <param name="Notes">Anything worth knowing.</param>
public sealed record StakeholderPatch(
    [property: MaxLength(WireLimits.Name)] string? Name = null,
    [property: MaxLength(WireLimits.Email)] string? Email = null,
    [property: MaxLength(WireLimits.Name)] string? Organization = null,
    [property: MaxLength(WireLimits.Name)] string? Title = null,
    bool? Internal = null,
    [property: Range(1, 5)] int? Influence = null,
    [property: Range(1, 5)] int? Interest = null,
    bool? Reviewed = null,
    Engagement? Engagement = null,
    Channel? PreferredChannel = null,
    [property: MaxLength(WireLimits.Text)] string? Notes = null);

/// <summary>Body of <c>PATCH /api/projects/{projectId}/obstacles/{id}</c>.</summary>
/// <param name="Statement">What blocks; cannot be cleared.</param>
/// <param name="Impact">What it holds up.</param>
/// <param name="CommunicatedTo">Emails of who was told; replaces the list.</param>
/// <param name="ProposedSolution">How it could be solved.</param>
/// <param name="Owner">Email of the member chasing it.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="LinkedTasks">Numbers of the tasks it blocks; replaces the list.</param>
public sealed record ObstaclePatch(
    [property: MaxLength(WireLimits.Statement)] string? Statement = null,
    [property: MaxLength(WireLimits.Text)] string? Impact = null,
    [property: MaxLength(WireLimits.People)] IReadOnlyList<string>? CommunicatedTo = null,
    [property: MaxLength(WireLimits.Text)] string? ProposedSolution = null,
    [property: MaxLength(WireLimits.Email)] string? Owner = null,
    ObstacleStatus? Status = null,
    IReadOnlyList<int>? LinkedTasks = null);

/// <summary>Body of <c>PATCH /api/projects/{projectId}/communications/{id}</c>.</summary>
/// <param name="OccurredAt">When; null keeps it.</param>
/// <param name="Channel">How; null keeps it.</param>
/// <param name="Direction">Which way; null keeps it.</param>
/// <param name="Kind">What; a Decision keeps its kind.</param>
/// <param name="Summary">What was said; cannot be cleared.</param>
/// <param name="Delivery">For outbound reports and requests.</param>
/// <param name="LinkedTasks">Numbers of the tasks it concerns; replaces the list.</param>
/// <param name="Participants">Who took part; replaces the list.</param>
/// <param name="Decision">For a communication of kind Decision: its decision's members, merged (not null: a decision cannot be removed).</param>
public sealed record CommunicationPatch(
    DateTimeOffset? OccurredAt = null,
    Channel? Channel = null,
    Direction? Direction = null,
    CommunicationKind? Kind = null,
    [property: MaxLength(WireLimits.Text)] string? Summary = null,
    Delivery? Delivery = null,
    IReadOnlyList<int>? LinkedTasks = null,
    [property: MaxLength(WireLimits.People)] IReadOnlyList<EmailAddress>? Participants = null,
    [property: NotNull] DecisionPatch? Decision = null);

/// <summary>Body of <c>PATCH /api/projects/{projectId}/decisions/{id}</c>, and a communication patch's <c>decision</c>.</summary>
/// <param name="Text">What was decided.</param>
/// <param name="DecidedBy">Email of who decided.</param>
/// <param name="Rationale">Why.</param>
/// <param name="Status">Where the decision stands; cannot be cleared.</param>
/// <param name="ReviewOn">When to look at it again.</param>
public sealed record DecisionPatch(
    [property: MaxLength(WireLimits.Text)] string? Text = null,
    [property: MaxLength(WireLimits.Email)] string? DecidedBy = null,
    [property: MaxLength(WireLimits.Text)] string? Rationale = null,
    DecisionStatus? Status = null,
    DateOnly? ReviewOn = null);

/// <summary>A merge patch member the API refuses as null: it may be left out, but not cleared.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotNullAttribute : Attribute;
