using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Mail;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Emails;

// The message a request is about. Local mode: what the pane sent, checked. Entra mode: read from the caller's mailbox
// by the pane's item id (only itemId and timeZone are taken from the request), so what is stored is what the mailbox
// holds, not what a client claims.
public sealed class MessageReader(SignInModeAccessor signIn, IServiceProvider services)
{
    public sealed record Result(EmailMessage? Email, IReadOnlyList<EmailAttachment>? Attachments, Validation Errors)
    {
        public bool IsValid => Errors.IsValid;
    }

    public bool FromMailbox => signIn.Mode == SignInMode.Entra;

    public Task<Result> ReadAsync(EmailMessage? email, string path, CancellationToken cancellationToken) =>
        ReadAsync(email, path, new Validation(), cancellationToken);

    // Adds what is wrong to `errors`, which may already hold the request's other problems (no mailbox read then).
    public async Task<Result> ReadAsync(EmailMessage? email, string path, Validation errors, CancellationToken cancellationToken)
    {
        if (!FromMailbox)
        {
            EmailMessages.Validate(email, errors, path);
            return new Result(errors.IsValid ? email : null, null, errors);
        }

        if (email is null)
        {
            return new Result(null, null, errors.Add(path, "The email is required: its itemId in your mailbox."));
        }

        errors.Text($"{path}.itemId", email.ItemId, "itemId", EmailMessages.IdLength, required: true)
            .Text($"{path}.timeZone", email.TimeZone, "timeZone", 100);
        var zone = TimeZoneOf(email.TimeZone, $"{path}.timeZone", errors);
        if (!errors.IsValid)
        {
            return new Result(null, null, errors);
        }

        var message = await services.GetRequiredService<GraphAccess>().Mailbox().ReadAsync(email.ItemId!.Trim(), zone!, cancellationToken);
        var read = EmailMessages.Normalized(message.Email);
        // Only a sender without an internet address remains (a message that never left an Exchange organisation's
        // legacy addressing): the task needs a requester, so that is said.
        return new Result(read, message.Attachments, EmailMessages.Validate(read, errors, path));
    }

    // A Windows or IANA name (Office gives either, by platform); none: UTC.
    public static TimeZoneInfo? TimeZoneOf(string? name, string path, Validation errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return TimeZoneInfo.Utc;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(name.Trim(), out var zone))
        {
            return zone;
        }

        errors.Add(path, $"'{(name.Length > 40 ? name[..40] + "…" : name)}' is not a time zone: give a Windows or IANA name, such as W. Europe Standard Time or Europe/Berlin.");
        return null;
    }
}
