using System.Text.RegularExpressions;

namespace OfficeCoordinator.Api.Emails;

public static partial class EmailSubjects
{
    private const int MaxTitleLength = 300;
    private const int MaxLineTitleLength = 80;

    public static string StripPrefixes(string? subject)
    {
        var text = Whitespace().Replace(subject ?? "", " ").Trim();
        while (LeadingPrefixOrTag().Match(text) is { Success: true } match)
        {
            var rest = text[match.Length..].TrimStart();

            // As in RFC 5256's base subject, a tag that is all there is stays the subject.
            if (rest.Length == 0 && match.Groups["tag"].Success)
            {
                break;
            }

            text = rest;
        }

        return text;
    }

    public static string TitleFor(string? subject, string description, string sender)
    {
        var title = StripPrefixes(subject);
        if (title.Length == 0)
        {
            var firstLine = (description ?? "").Split('\n')
                .Select(line => Whitespace().Replace(line, " ").Trim())
                .FirstOrDefault(line => line.Length > 0);
            title = firstLine is not null ? EmailBodies.Shorten(firstLine, MaxLineTitleLength)
                : string.IsNullOrWhiteSpace(sender) ? "Email"
                : $"Email from {Whitespace().Replace(sender, " ").Trim()}";
        }

        return EmailBodies.Shorten(title, MaxTitleLength);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // Reply/forward prefixes in the languages Outlook and Gmail write, with an optional counter; square-bracket
    // tags (mailing lists, [EXTERNAL]) and the parenthesised external-sender warnings.
    [GeneratedRegex(
        @"^(?:(?:re|fwd?|aw|wg|tr|sv|vs|antw|rv|res|enc|vb|odp)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]|(?<tag>\[[^\[\]]*\]|\((?:ext|external)(?:[ -](?:sender|email|mail))?\)))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingPrefixOrTag();
}
