using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Reports;

// One rendering of a report on its way out through Microsoft 365. The row is written before anything is sent; the
// draft's id is kept as soon as Graph made it, so a retry, a restart or a second instance sends that draft and never
// makes another. Sent is final.
public sealed class ReportMessage
{
    public string Id { get; init; } = Data.Ids.New();
    public required string TenantId { get; init; }
    public required string ProjectId { get; init; }
    public int ReportNumber { get; init; }
    public Audience Audience { get; init; }
    public bool External { get; init; }
    public MessageState State { get; set; } = MessageState.Created;
    public string? GraphMessageId { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? SentAt { get; set; }
    public required string SentByEmail { get; set; }
    public required string SentByName { get; set; }
    public string? CommunicationId { get; set; }

    // A scheduled send: the application identity sends it from the mailbox of this user (the object id of whoever set
    // the schedule), and the scheduler resumes it until it is sent. Null: the sender's own mailbox, on their behalf.
    public string? Mailbox { get; set; }

    // A request working on this rendering holds it until then; Attempts is the concurrency token that makes the claim
    // one request's only.
    public DateTime? ClaimedUntil { get; set; }
    public int Attempts { get; set; }
}
