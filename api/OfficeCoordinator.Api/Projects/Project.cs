using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Client.Contracts;
using ProjectDto = OfficeCoordinator.Client.Contracts.Project;

namespace OfficeCoordinator.Api.Projects;

public sealed class Project : IProjectRecord
{
    public static readonly IReadOnlyList<DayOfWeek> DefaultWorkingDays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public const string DefaultCurrency = "EUR";

    [NotInHistory] public string Id { get; init; } = Ids.New();
    [NotInHistory] public required string TenantId { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateOnly? Start { get; set; }
    public DateOnly? Finish { get; set; }
    public decimal? Budget { get; set; }
    public string Currency { get; set; } = DefaultCurrency;
    public List<DayOfWeek> WorkingDays { get; set; } = [.. DefaultWorkingDays];
    public List<DateOnly> Holidays { get; set; } = [];
    public DateTime? BaselineTakenAt { get; set; }
    public string? BaselineTakenBy { get; set; }
    [NotInHistory] public long PlanVersion { get; set; } = 1;
    [NotInHistory] public int LastTaskNumber { get; set; }
    [NotInHistory] public long Version { get; set; } = 1;
    [NotInHistory] public DateTime CreatedAt { get; init; }
    [NotInHistory] public required string CreatedBy { get; init; }

    public List<Member> Members { get; init; } = [];

    string IProjectRecord.ProjectId => Id;
    string IProjectRecord.HistoryEntity => "project";
    string IProjectRecord.HistoryId => Id;

    public ProjectDto AsDto(ProjectRole myRole) => new(
        Id, Name, Description, Start, Finish, Budget, Currency,
        [.. WorkingDays.Order()], [.. Holidays.Order()],
        BaselineTakenAt is { } taken ? new DateTimeOffset(taken, TimeSpan.Zero) : null,
        BaselineTakenBy, PlanVersion, Version, myRole);
}
