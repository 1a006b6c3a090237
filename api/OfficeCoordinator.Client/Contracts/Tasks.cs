using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>Finish-to-start: this task may start on the (lag + 1)-th working day after task <paramref name="Task"/> finishes.</summary>
/// <param name="Task">The predecessor's number.</param>
/// <param name="LagDays">Working days of lag; negative for overlap.</param>
public sealed record TaskDependency([property: Range(1, int.MaxValue)] int Task, [property: Range(-WireLimits.LagDays, WireLimits.LagDays)] int LagDays = 0)
{
    /// <summary>The cell form: <c>T-3</c>, <c>T-5+2</c>, <c>T-7-1</c>.</summary>
    public override string ToString() =>
        LagDays == 0 ? $"T-{Task}" : string.Create(CultureInfo.InvariantCulture, $"T-{Task}{LagDays:+0;-0}");
}

/// <summary>Body of <c>POST /api/projects/{projectId}/tasks</c>.</summary>
/// <param name="Title">What is to be done (required).</param>
/// <param name="Description">Details.</param>
/// <param name="Owner">Email of the member who does it.</param>
/// <param name="Requester">Email of the stakeholder who asked for it.</param>
/// <param name="Status">Defaults to NotStarted.</param>
/// <param name="Priority">Defaults to Medium.</param>
/// <param name="Phase">Defaults to Executing.</param>
/// <param name="Start">Planned start.</param>
/// <param name="Finish">Planned finish (due date).</param>
/// <param name="BaselineStart">Baseline start (managers).</param>
/// <param name="BaselineFinish">Baseline finish (managers).</param>
/// <param name="PercentComplete">0 to 100.</param>
/// <param name="PlannedCost">Planned cost in the project's currency.</param>
/// <param name="ActualCost">Actual cost in the project's currency.</param>
/// <param name="Milestone">A zero-length event.</param>
/// <param name="Predecessors">Tasks that must finish first.</param>
public sealed record NewTask(
    [property: MaxLength(WireLimits.Title)] string Title,
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

/// <summary>A tracked task.</summary>
/// <param name="Number">Its number in the project, stable for life.</param>
/// <param name="Key">Its display key, <c>T-12</c>.</param>
/// <param name="Title">What is to be done.</param>
/// <param name="Description">Details.</param>
/// <param name="Owner">Email of the member who does it.</param>
/// <param name="Requester">Email of the stakeholder who asked for it.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Priority">How urgent.</param>
/// <param name="Phase">Project phase.</param>
/// <param name="Start">Planned start.</param>
/// <param name="Finish">Planned finish.</param>
/// <param name="BaselineStart">Baseline start.</param>
/// <param name="BaselineFinish">Baseline finish.</param>
/// <param name="PercentComplete">0 to 100.</param>
/// <param name="PlannedCost">Planned cost.</param>
/// <param name="ActualCost">Actual cost.</param>
/// <param name="Milestone">A zero-length event.</param>
/// <param name="Predecessors">Tasks that must finish first.</param>
/// <param name="Source">The email it was made from.</param>
/// <param name="Version">Its version; the ETag.</param>
/// <param name="Attachments">Documents linked on it (only in GET of one task).</param>
/// <param name="Emails">Emails added to it after it was made, newest first (only in GET of one task; its own email is <paramref name="Source"/>).</param>
public sealed record TaskItem(
    int Number,
    string Key,
    string Title,
    string? Description,
    string? Owner,
    string? Requester,
    WorkStatus Status,
    TaskPriority Priority,
    ProjectPhase Phase,
    DateOnly? Start,
    DateOnly? Finish,
    DateOnly? BaselineStart,
    DateOnly? BaselineFinish,
    int PercentComplete,
    decimal? PlannedCost,
    decimal? ActualCost,
    bool Milestone,
    IReadOnlyList<TaskDependency> Predecessors,
    EmailSource? Source,
    long Version,
    IReadOnlyList<TaskAttachment>? Attachments = null,
    IReadOnlyList<TaskEmail>? Emails = null);

/// <summary>An email added to a task.</summary>
/// <param name="InternetMessageId">The message's identity across mailboxes.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="From">Sender.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="WebLink">A link to open it.</param>
public sealed record TaskEmail(string InternetMessageId, string? Subject, EmailAddress From, DateTimeOffset ReceivedAt, string? WebLink);

/// <summary>Body of <c>POST /api/projects/{projectId}/tasks/{number}/emails</c>.</summary>
/// <param name="Email">The message to add to the task (in Entra mode read from the mailbox by its item id).</param>
public sealed record AddTaskEmailRequest(EmailMessage Email);

/// <summary>What to set on a task made from an email; anything missing comes from the email.</summary>
/// <param name="Title">Overrides the cleaned subject.</param>
/// <param name="Owner">Member email; the caller when omitted.</param>
/// <param name="Start">Planned start.</param>
/// <param name="Finish">Planned finish; the suggested due date when omitted.</param>
/// <param name="Priority">Defaults to Medium.</param>
/// <param name="Phase">Defaults to Executing.</param>
/// <param name="Requester">Who asked for it; the sender when omitted.</param>
/// <param name="Description">Replaces the description read from the body (the pane shows it for editing).</param>
public sealed record EmailTaskOptions(
    string? Title = null,
    string? Owner = null,
    DateOnly? Start = null,
    DateOnly? Finish = null,
    TaskPriority? Priority = null,
    ProjectPhase? Phase = null,
    string? Requester = null,
    string? Description = null);

/// <summary>Body of <c>POST /api/projects/{projectId}/tasks/from-email</c>.</summary>
/// <param name="Email">The message.</param>
/// <param name="Task">What to set instead of what the message suggests.</param>
public sealed record EmailTaskRequest(EmailMessage Email, EmailTaskOptions? Task = null);

/// <summary>Filters of the task list, with paging.</summary>
public sealed record TaskQuery
{
    /// <summary>Statuses, comma-separated.</summary>
    [Refit.AliasAs("status")] public string? Status { get; init; }

    /// <summary>Owner email.</summary>
    [Refit.AliasAs("owner")] public string? Owner { get; init; }

    /// <summary>Words of the title or description.</summary>
    [Refit.AliasAs("q")] public string? Q { get; init; }

    /// <summary>Tasks made from this email thread.</summary>
    [Refit.AliasAs("conversationId")] public string? ConversationId { get; init; }

    /// <summary>Items per page: 1 to 500, default 50.</summary>
    [Refit.AliasAs("limit")] public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [Refit.AliasAs("cursor")] public string? Cursor { get; init; }

    /// <summary>number, title, status, priority, start, finish, owner; <c>-field</c> for descending.</summary>
    [Refit.AliasAs("sort")] public string? Sort { get; init; }
}
