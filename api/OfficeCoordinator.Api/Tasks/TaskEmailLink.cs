using OfficeCoordinator.Api.Emails;

namespace OfficeCoordinator.Api.Tasks;

// An email added to a task after it was made ("add this email to T-5"), once per (task, email). The email the task
// was made from stays its SourceEmail; these are the thread's later messages that belong to the same work.
public sealed class TaskEmailLink
{
    public string Id { get; init; } = Data.Ids.New();
    public required string TenantId { get; init; }
    public required string ProjectId { get; init; }
    public required string TaskId { get; init; }
    public required string EmailId { get; init; }
    public EmailReference? Email { get; init; }
    public required string AddedBy { get; init; }
    public DateTime AddedAt { get; init; }
}
