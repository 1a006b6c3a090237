using System.ComponentModel.DataAnnotations;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>A person on an email.</summary>
/// <param name="Name">Display name; may be empty.</param>
/// <param name="Email">Address.</param>
public sealed record EmailAddress([property: MaxLength(WireLimits.Name)] string? Name, [property: MaxLength(WireLimits.Email)] string Email);

/// <summary>An email as the Outlook pane reads it.</summary>
/// <param name="InternetMessageId">The message's identity across mailboxes.</param>
/// <param name="ConversationId">The thread.</param>
/// <param name="ItemId">The REST item id in the reader's mailbox.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="From">Sender.</param>
/// <param name="To">Recipients.</param>
/// <param name="Cc">Copied recipients.</param>
/// <param name="ReceivedAt">When it arrived, in the reader's offset (dates in the text are read in it).</param>
/// <param name="BodyText">The body as text.</param>
/// <param name="BodyHtml">The body as HTML, when there is no text.</param>
/// <param name="WebLink">A link that opens the message in Outlook on the web.</param>
/// <param name="TimeZone">The reader's time zone (Windows or IANA name); in Entra mode the message's time is read in it.</param>
public sealed record EmailMessage(
    [property: MaxLength(WireLimits.MessageId)] string InternetMessageId,
    [property: MaxLength(WireLimits.MessageId)] string? ConversationId,
    [property: MaxLength(WireLimits.MessageId)] string? ItemId,
    [property: MaxLength(WireLimits.MessageId)] string? Subject,
    EmailAddress From,
    [property: MaxLength(WireLimits.Recipients)] IReadOnlyList<EmailAddress>? To,
    [property: MaxLength(WireLimits.Recipients)] IReadOnlyList<EmailAddress>? Cc,
    DateTimeOffset ReceivedAt,
    string? BodyText = null,
    string? BodyHtml = null,
    [property: MaxLength(WireLimits.Link)] string? WebLink = null,
    string? TimeZone = null);

/// <summary>The email a record was made from.</summary>
/// <param name="InternetMessageId">The message's identity across mailboxes.</param>
/// <param name="ConversationId">The thread.</param>
/// <param name="ItemId">The REST item id.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="From">Sender.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="WebLink">A link to open it.</param>
public sealed record EmailSource(
    string InternetMessageId,
    string? ConversationId,
    string? ItemId,
    string? Subject,
    EmailAddress From,
    DateTimeOffset ReceivedAt,
    string? WebLink);

/// <summary>Body of <c>POST /api/emails/preview</c>.</summary>
/// <param name="ProjectId">The project whose stakeholders and calendar to use, if any.</param>
/// <param name="Email">The message.</param>
public sealed record EmailPreviewRequest(string? ProjectId, EmailMessage Email);

/// <summary>What <c>from-email</c> would make of a message.</summary>
/// <param name="Title">Task title: the subject without reply and forward prefixes.</param>
/// <param name="Description">The body as bounded plain text, without quoted replies and signature.</param>
/// <param name="SuggestedFinish">A due date read from the text, or null.</param>
/// <param name="Participants">Sender and recipients, each matched to a stakeholder where one exists.</param>
/// <param name="Attachments">The message's attachments as the mailbox lists them (Entra mode), to offer for copying.</param>
public sealed record EmailPreview(
    string Title, string Description, DateOnly? SuggestedFinish, IReadOnlyList<Participant> Participants, IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>An attachment of a message.</summary>
/// <param name="Id">Its id in the mailbox (immutable).</param>
/// <param name="Name">File name.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="IsInline">An image shown in the body rather than attached.</param>
/// <param name="Kind">A file, or an attached item (an email or an event).</param>
public sealed record EmailAttachment(string Id, string Name, long Size, string? ContentType, bool IsInline, AttachmentKind Kind);

/// <summary>Someone on an email.</summary>
/// <param name="Name">Display name (the address when the email gave none).</param>
/// <param name="Email">Address.</param>
/// <param name="StakeholderId">The matching stakeholder of the project, or null.</param>
/// <param name="MemberRole">Their role when they are a member of the project (the team: never offered as a new stakeholder), or null.</param>
public sealed record Participant(string Name, string Email, string? StakeholderId, ProjectRole? MemberRole = null);

/// <summary>Everything linked to an email or its thread, across the caller's projects.</summary>
/// <param name="Items">The linked records.</param>
public sealed record EmailLinks(IReadOnlyList<EmailLink> Items);

/// <summary>A record linked to an email.</summary>
/// <param name="ProjectId">Its project.</param>
/// <param name="ProjectName">Its project's name.</param>
/// <param name="Type"><c>task</c>, <c>communication</c>, <c>decision</c> or <c>obstacle</c>.</param>
/// <param name="Id">Its id (a task's number as text).</param>
/// <param name="Number">A task's number.</param>
/// <param name="Title">What it is called.</param>
/// <param name="Status">Its status.</param>
/// <param name="MatchedBy"><c>message</c> (this very email) or <c>conversation</c> (its thread).</param>
public sealed record EmailLink(
    string ProjectId,
    string ProjectName,
    [property: AllowedValues("task", "communication", "decision", "obstacle")] string Type,
    string Id,
    int? Number,
    string Title,
    string Status,
    [property: AllowedValues("message", "conversation")] string MatchedBy);
