using Microsoft.Graph;
using Microsoft.Graph.Models;
using OfficeCoordinator.Client.Contracts;
using EmailAddress = OfficeCoordinator.Client.Contracts.EmailAddress;
using EmailAttachment = OfficeCoordinator.Client.Contracts.EmailAttachment;

namespace OfficeCoordinator.Api.Mail;

// A message as the caller's mailbox holds it, with its attachments listed (not their content).
public sealed record MailboxMessage(EmailMessage Email, IReadOnlyList<EmailAttachment> Attachments);

// The caller's mailbox through Graph (Mail.Read), with immutable ids, so a message or attachment keeps its id when
// the user moves it to another folder.
public sealed class GraphMailbox(GraphServiceClient graph)
{
    // Ids that survive a move to another folder; every call that reads or makes messages asks for them.
    public const string ImmutableIds = "IdType=\"ImmutableId\"";

    private static readonly string[] MessageFields =
        ["id", "subject", "body", "from", "sender", "toRecipients", "ccRecipients", "internetMessageId", "conversationId", "webLink", "receivedDateTime"];

    // The message read in the reader's time zone (Graph gives receivedDateTime in UTC; dates in the text are read in it).
    public async Task<MailboxMessage> ReadAsync(string itemId, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var message = await graph.Me.Messages[itemId].GetAsync(request =>
        {
            request.QueryParameters.Select = MessageFields;
            request.QueryParameters.Expand = ["attachments($select=id,name,size,contentType,isInline)"];
            request.Headers.Add("Prefer", ImmutableIds);
        }, cancellationToken) ?? throw new InvalidOperationException("Microsoft 365 returned no message.");

        var received = message.ReceivedDateTime ?? DateTimeOffset.UnixEpoch;
        var sender = message.From?.EmailAddress ?? message.Sender?.EmailAddress;
        var html = message.Body?.ContentType == BodyType.Html;
        var email = new EmailMessage(
            message.InternetMessageId ?? message.Id ?? itemId,
            message.ConversationId,
            message.Id ?? itemId,
            message.Subject,
            new EmailAddress(sender?.Name, sender?.Address ?? ""),
            Addresses(message.ToRecipients),
            Addresses(message.CcRecipients),
            TimeZoneInfo.ConvertTime(received, zone),
            html ? null : message.Body?.Content,
            html ? message.Body?.Content : null,
            message.WebLink);
        var attachments = (message.Attachments ?? []).Select(a => new EmailAttachment(
            a.Id ?? "", a.Name ?? "attachment", a.Size ?? 0, a.ContentType, a.IsInline ?? false,
            a is FileAttachment || a.OdataType == "#microsoft.graph.fileAttachment" ? AttachmentKind.File : AttachmentKind.Item)).ToList();
        return new MailboxMessage(email, attachments);
    }

    // One file attachment with its content.
    public async Task<byte[]> ReadAttachmentAsync(string itemId, string attachmentId, CancellationToken cancellationToken)
    {
        var attachment = await graph.Me.Messages[itemId].Attachments[attachmentId].GetAsync(request => request.Headers.Add("Prefer", ImmutableIds), cancellationToken);
        return attachment is FileAttachment { ContentBytes: { } content } ? content : [];
    }

    private static List<EmailAddress> Addresses(List<Recipient>? recipients) =>
        [.. (recipients ?? []).Where(r => !string.IsNullOrWhiteSpace(r.EmailAddress?.Address)).Select(r => new EmailAddress(r.EmailAddress!.Name, r.EmailAddress.Address!))];
}
