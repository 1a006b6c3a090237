using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tasks;

public sealed class ProjectTask : IProjectRecord, Search.ISearchable
{
    public const int TitleLength = WireLimits.Title;

    [NotInHistory] public string Id { get; init; } = Ids.New();
    [NotInHistory] public required string TenantId { get; init; }
    [NotInHistory] public required string ProjectId { get; init; }
    [NotInHistory] public int Number { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public string? Owner { get; set; }
    public string? Requester { get; set; }
    public WorkStatus Status { get; set; } = WorkStatus.NotStarted;
    public TaskPriority Priority { get; set; } = TaskPriority.Medium;
    public ProjectPhase Phase { get; set; } = ProjectPhase.Executing;
    public DateOnly? Start { get; set; }
    public DateOnly? Finish { get; set; }
    public DateOnly? BaselineStart { get; set; }
    public DateOnly? BaselineFinish { get; set; }
    public int PercentComplete { get; set; }
    public decimal? PlannedCost { get; set; }
    public decimal? ActualCost { get; set; }
    public bool Milestone { get; set; }
    public List<TaskDependency> Predecessors { get; set; } = [];
    [NotInHistory] public WorkStatus? StatusBeforeBlocked { get; set; }
    [NotInHistory] public string? SourceEmailId { get; set; }
    [NotInHistory] public EmailReference? SourceEmail { get; set; }
    [NotInHistory] public long Version { get; set; } = 1;
    [NotInHistory] public DateTime CreatedAt { get; init; }
    [NotInHistory] public required string CreatedBy { get; init; }

    string IProjectRecord.HistoryEntity => "task";
    string IProjectRecord.HistoryId => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    string Search.ISearchable.SearchKind => "task";
    int? Search.ISearchable.SearchNumber => Number;
    string Search.ISearchable.SearchTitle => Title;
    string? Search.ISearchable.SearchBody => Description;

    public static string KeyOf(int number) => $"T-{number}";

    // A shallow copy, as the task's values were before a change (lists are replaced by changes, never edited in place).
    public ProjectTask Copy() => (ProjectTask)MemberwiseClone();

    // The wire shape read straight from the database, for lists: no entity is built or tracked, and only the columns
    // the answer needs (with the source email's) are read. Kept beside AsDto, which it must match.
    public static readonly System.Linq.Expressions.Expression<Func<ProjectTask, TaskItem>> Projection = t => new TaskItem(
        t.Number, KeyOf(t.Number), t.Title, t.Description, t.Owner, t.Requester, t.Status, t.Priority, t.Phase, t.Start, t.Finish,
        t.BaselineStart, t.BaselineFinish, t.PercentComplete, t.PlannedCost, t.ActualCost, t.Milestone, t.Predecessors,
        t.SourceEmail == null
            ? null
            : new EmailSource(
                t.SourceEmail.InternetMessageId, t.SourceEmail.ConversationId, t.SourceEmail.ItemId, t.SourceEmail.Subject,
                new EmailAddress(t.SourceEmail.FromName, t.SourceEmail.FromEmail),
                new DateTimeOffset(t.SourceEmail.ReceivedAt, TimeSpan.Zero), t.SourceEmail.WebLink),
        t.Version,
        null,
        null);

    public TaskItem AsDto() => new(
        Number, KeyOf(Number), Title, Description, Owner, Requester, Status, Priority, Phase, Start, Finish,
        BaselineStart, BaselineFinish, PercentComplete, PlannedCost, ActualCost, Milestone, [.. Predecessors],
        SourceEmail?.AsSource(), Version);
}
