namespace OfficeCoordinator.Api.Documents;

// An email attachment copied into the project's document folder and linked on a task. The row is written only after
// the copy succeeded, so no row ever claims a copy that is not there; SourceKey makes the copy once per (task, attachment).
public sealed class TaskDocument
{
    public string Id { get; init; } = Data.Ids.New();
    public required string TenantId { get; init; }
    public required string ProjectId { get; init; }
    public required string TaskId { get; init; }
    public required string SourceKey { get; init; }
    public required string Name { get; init; }
    public long Size { get; init; }
    public string? ContentType { get; init; }
    public string? WebUrl { get; init; }
    public required string AddedBy { get; init; }
    public DateTime AddedAt { get; init; }
}
