using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Documents;
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

    // The document folder (DESIGN.md "Microsoft Graph"): set by a manager in Entra mode, always Local in Local mode.
    [HistoryName("documents.kind")] public DocumentFolderKind? DocumentsKind { get; set; }
    [HistoryName("documents.driveId")] public string? DocumentsDriveId { get; set; }
    [HistoryName("documents.folderPath")] public string? DocumentsFolderPath { get; set; }
    [NotInHistory] public string? DocumentsWebUrl { get; set; }

    // The plan as last published there: bookkeeping of the folder, not a change to the plan.
    [NotInHistory] public string? SharedPlanWebUrl { get; set; }
    [NotInHistory] public string? SharedPlanETag { get; set; }
    [NotInHistory] public DateTime? SharedPlanPublishedAt { get; set; }
    [NotInHistory] public string? SharedPlanPublishedBy { get; set; }

    // The thresholds of the status report's overall status (null: the defaults); managers change them.
    [HistoryName("reportSettings")] public ReportSettings? ReportSettings { get; set; }

    public List<Member> Members { get; init; } = [];

    string IProjectRecord.ProjectId => Id;
    string IProjectRecord.HistoryEntity => "project";
    string IProjectRecord.HistoryId => Id;

    // In Local mode every project has its Local folder from the start (no PUT needed).
    public ProjectDto AsDto(ProjectRole myRole, SignInMode mode) => new(
        Id, Name, Description, Start, Finish, Budget, Currency,
        [.. WorkingDays.Order()], [.. Holidays.Order()],
        BaselineTakenAt is { } taken ? new DateTimeOffset(taken, TimeSpan.Zero) : null,
        BaselineTakenBy, PlanVersion, Version, myRole, DocumentFolders.FolderOf(this, mode),
        SharedPlanETag is { } etag && SharedPlanWebUrl is { } url && SharedPlanPublishedAt is { } at
            ? new SharedPlan(url, etag, new DateTimeOffset(at, TimeSpan.Zero), SharedPlanPublishedBy ?? "")
            : null,
        ReportSettings ?? new ReportSettings());
}
