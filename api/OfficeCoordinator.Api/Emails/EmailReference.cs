using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Emails;

// An email that records were made from, once per project: its identity across mailboxes (internetMessageId),
// its thread, and enough to show and open it. Never changed once stored.
public sealed class EmailReference
{
    public string Id { get; init; } = Data.Ids.New();
    public required string TenantId { get; init; }
    public required string ProjectId { get; init; }
    public required string InternetMessageId { get; init; }
    public string? ConversationId { get; init; }
    public string? ItemId { get; init; }
    public string? Subject { get; init; }
    public string? FromName { get; init; }
    public required string FromEmail { get; init; }
    public string? To { get; init; }
    public string? Cc { get; init; }
    public DateTime ReceivedAt { get; init; }
    public string? WebLink { get; init; }

    public EmailSource AsSource() => new(
        InternetMessageId, ConversationId, ItemId, Subject, new EmailAddress(FromName, FromEmail),
        new DateTimeOffset(ReceivedAt, TimeSpan.Zero), WebLink);

    public static EmailReference From(EmailMessage email, string tenantId, string projectId) => new()
    {
        TenantId = tenantId,
        ProjectId = projectId,
        InternetMessageId = email.InternetMessageId.Trim(),
        ConversationId = email.ConversationId?.Trim(),
        ItemId = email.ItemId?.Trim(),
        Subject = email.Subject,
        FromName = email.From.Name,
        FromEmail = email.From.Email.Trim().ToLowerInvariant(),
        To = Addresses(email.To),
        Cc = Addresses(email.Cc),
        ReceivedAt = email.ReceivedAt.UtcDateTime,
        WebLink = email.WebLink,
    };

    // One reference per email per project, shared by the task, communications and obstacles made from it.
    public static async Task<EmailReference> FindOrAddAsync(Data.CoordinatorDb db, string tenantId, string projectId, EmailMessage email, CancellationToken cancellationToken)
    {
        var messageId = email.InternetMessageId.Trim();
        return db.Emails.Local.FirstOrDefault(e => e.ProjectId == projectId && e.InternetMessageId == messageId)
            ?? await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
                db.Emails, e => e.ProjectId == projectId && e.InternetMessageId == messageId, cancellationToken)
            ?? db.Emails.Add(From(email, tenantId, projectId)).Entity;
    }

    private static string? Addresses(IReadOnlyList<EmailAddress>? people) =>
        people is null or { Count: 0 } ? null : string.Join("; ", people.Select(p => string.IsNullOrWhiteSpace(p.Name) ? p.Email : $"{p.Name} <{p.Email}>"));
}
