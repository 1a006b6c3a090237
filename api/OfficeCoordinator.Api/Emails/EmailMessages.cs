using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Emails;

// Checks an email message as the panes send it, naming each bad member by its JSON path (email.from.email, ...).
public static class EmailMessages
{
    public const int IdLength = WireLimits.MessageId;
    public const int MaxRecipients = WireLimits.Recipients;

    public static Validation Validate(EmailMessage? email, Validation errors, string path = "email")
    {
        if (email is null)
        {
            return errors.Add(path, "The email is required.");
        }

        errors.Text($"{path}.internetMessageId", email.InternetMessageId, "internetMessageId", IdLength, required: true)
            .Text($"{path}.conversationId", email.ConversationId, "conversationId", IdLength)
            .Text($"{path}.itemId", email.ItemId, "itemId", IdLength)
            .Text($"{path}.subject", email.Subject, "Subject", IdLength);
        if (email.From is null)
        {
            errors.Add($"{path}.from", "The sender is required.");
        }
        else
        {
            Address(errors, $"{path}.from", email.From);
        }

        Recipients(errors, $"{path}.to", email.To);
        Recipients(errors, $"{path}.cc", email.Cc);
        if (email.ReceivedAt == default)
        {
            errors.Add($"{path}.receivedAt", "receivedAt is required, as an ISO 8601 instant with the reader's offset.");
        }

        if (email.WebLink is { Length: > 0 } link
            && (link.Length > 2_048 || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{path}.webLink", "webLink must be an https address of at most 2,048 characters.");
        }

        return errors;
    }

    // A message as a mailbox holds it, brought within what the API stores: long names and subjects shortened,
    // recipients without an internet address (or beyond the 500 read) left out, an unusable link dropped. What the
    // mailbox supplies is never refused member by member (DESIGN.md "Limits and safety").
    public static EmailMessage Normalized(EmailMessage email)
    {
        static string? Cut(string? text, int length) => text is { Length: > 0 } && text.Length > length ? text[..length] : text;
        static List<EmailAddress> People(IReadOnlyList<EmailAddress>? people) =>
            [.. (people ?? []).Where(p => Validation.IsEmail(p.Email)).Take(MaxRecipients).Select(p => p with { Name = Cut(p.Name, Validation.NameLength) })];
        var link = email.WebLink is { Length: <= 2_048 } webLink && Uri.TryCreate(webLink, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? webLink : null;
        return email with
        {
            InternetMessageId = Cut(email.InternetMessageId, IdLength)!,
            ConversationId = Cut(email.ConversationId, IdLength),
            ItemId = Cut(email.ItemId, IdLength),
            Subject = Cut(email.Subject, IdLength),
            From = email.From with { Name = Cut(email.From.Name, Validation.NameLength) },
            To = People(email.To),
            Cc = People(email.Cc),
            WebLink = link,
        };
    }

    // Sender, To and Cc once each, by address, with a display name (the address when the email gave none).
    public static IEnumerable<EmailAddress> People(EmailMessage email) =>
        new[] { email.From }.Concat(email.To ?? []).Concat(email.Cc ?? [])
            .Where(p => p is not null && !string.IsNullOrWhiteSpace(p.Email))
            .Select(p => new EmailAddress(string.IsNullOrWhiteSpace(p.Name) ? p.Email.Trim().ToLowerInvariant() : p.Name.Trim(), p.Email.Trim().ToLowerInvariant()))
            .DistinctBy(p => p.Email);

    private static void Recipients(Validation errors, string path, IReadOnlyList<EmailAddress>? people)
    {
        if (people is { Count: > MaxRecipients })
        {
            errors.Add(path, $"At most {MaxRecipients} recipients are read.");
            return;
        }

        for (var i = 0; i < (people?.Count ?? 0); i++)
        {
            if (people![i] is null)
            {
                errors.Add($"{path}[{i}]", "A recipient needs an email address.");
            }
            else
            {
                Address(errors, $"{path}[{i}]", people[i]);
            }
        }
    }

    private static void Address(Validation errors, string path, EmailAddress address) =>
        errors.Email($"{path}.email", address.Email?.Trim(), "Email")
            .Text($"{path}.name", address.Name, "Name", Validation.NameLength);
}
