using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace OfficeCoordinator.Api.Emails;

public static partial class EmailBodies
{
    public const int MaxDescriptionLength = 10_000;

    // Raw-text containers are here too: their content parses as text and would carry markup into the description.
    private static readonly HashSet<string> NeverRendered = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "script", "style", "template", "noscript", "title", "iframe", "noembed", "noframes", "xmp",
        "plaintext", "textarea", "select", "object", "embed", "svg", "math",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre", "hr",
        "blockquote", "section", "article", "header", "footer", "address", "dl", "dt", "dd", "center",
    };

    private static readonly string[] QuoteMarkers = ["gmail_quote", "AppleOriginalContents", "moz-cite-prefix", "yahoo_quoted"];

    // Outlook puts the quoted message after these markers as siblings, so everything that follows goes.
    private static readonly string[] CutMarkers = ["divRplyFwdMsg", "appendonsend"];

    public static string ToDescription(string? bodyText, string? bodyHtml)
    {
        var text = !string.IsNullOrWhiteSpace(bodyText) ? bodyText
            : !string.IsNullOrWhiteSpace(bodyHtml) ? HtmlToText(bodyHtml)
            : "";
        // Control characters (a stray NUL or BEL in a mail body) mean nothing to a reader; tabs and line breaks stay.
        text = string.Concat(text.Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t'));
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var kept = lines.Take(CutIndex(lines)).Select(line => line.TrimEnd());
        var tidy = BlankLines().Replace(string.Join('\n', kept), "\n\n").Trim();
        return Shorten(tidy, MaxDescriptionLength);
    }

    internal static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength - 1; // room for the ellipsis
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        // Prefer a word boundary, but not at the price of losing half the text (CJK has no spaces).
        for (var i = cut; i > cut / 2; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                cut = i;
                break;
            }
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), "…");
    }

    // Above this many tags the HTML parser's cost grows too fast on hostile nesting; a linear pass reads the text instead.
    internal const int MaxParsedTags = 20_000;

    private static string HtmlToText(string html)
    {
        if (html.AsSpan().Count('<') > MaxParsedTags)
        {
            return LinearHtmlToText(html);
        }

        var document = new HtmlParser().ParseDocument(html);
        var root = (INode?)document.Body ?? document.DocumentElement;
        var withoutQuotes = Render(root, dropQuotes: true);

        // A bare forward is all quote: then the quoted message is the content.
        return string.IsNullOrWhiteSpace(withoutQuotes) ? Render(root, dropQuotes: false) : withoutQuotes;
    }

    // Markup-free text in linear time: hidden content dropped, block tags as line breaks, entities decoded.
    private static string LinearHtmlToText(string html)
    {
        var text = HiddenElements().Replace(html, " ");
        text = BlockTags().Replace(text, "\n");
        text = AnyTag().Replace(text, "");
        text = System.Net.WebUtility.HtmlDecode(text);
        return AnyTag().Replace(text.Replace("<", "", StringComparison.Ordinal).Replace(">", "", StringComparison.Ordinal), "");
    }

    [GeneratedRegex(@"<(?:head|script|style|template|noscript|title|iframe|xmp|textarea|svg|math|noembed|noframes|object)\b[^>]*>[\s\S]*?</(?:head|script|style|template|noscript|title|iframe|xmp|textarea|svg|math|noembed|noframes|object)\s*>",
        RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex HiddenElements();

    [GeneratedRegex(@"</?(?:p|div|br|li|tr|h[1-6]|table|ul|ol|pre|hr|blockquote)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex BlockTags();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.NonBacktracking)]
    private static partial Regex AnyTag();

    // Iterative, so a deeply nested message cannot overflow the stack.
    private static string Render(INode root, bool dropQuotes)
    {
        var text = new StringBuilder();
        var pending = new Stack<(INode Node, bool Leaving)>();
        pending.Push((root, false));
        var preDepth = 0;
        while (pending.Count > 0)
        {
            var (node, leaving) = pending.Pop();
            if (node is IText textNode)
            {
                AppendText(text, textNode.Data, preDepth > 0);
                continue;
            }

            if (node is not IElement element)
            {
                continue;
            }

            var name = element.LocalName;
            if (leaving)
            {
                Leave(text, element);
                preDepth -= name == "pre" ? 1 : 0;
                continue;
            }

            if (dropQuotes && HasMarker(element, CutMarkers))
            {
                break;
            }

            if (IsSkipped(element, dropQuotes))
            {
                continue;
            }

            preDepth += name == "pre" ? 1 : 0;
            if (name == "br")
            {
                TrimTrailingSpaces(text).Append('\n');
            }
            else if (Blocks.Contains(name))
            {
                EnsureLineBreak(text);
            }

            pending.Push((element, true));
            for (var child = element.LastChild; child is not null; child = child.PreviousSibling)
            {
                pending.Push((child, false));
            }
        }

        // A non-breaking space holds an Outlook blank line open while rendering; in the text it is a space.
        return text.Replace('\u00A0', ' ').ToString();
    }

    private static bool IsSkipped(IElement element, bool dropQuotes) =>
        NeverRendered.Contains(element.LocalName)
        || element.HasAttribute("hidden")
        || DisplayNone().IsMatch(element.GetAttribute("style") ?? "")
        || HasMarker(element, ["signature"])
        || (dropQuotes && (element.LocalName == "blockquote" || HasMarker(element, QuoteMarkers)));

    private static bool HasMarker(IElement element, string[] markers)
    {
        var names = $"{element.Id} {element.ClassName}";
        return markers.Any(marker => names.Contains(marker, StringComparison.OrdinalIgnoreCase));
    }

    private static void Leave(StringBuilder text, IElement element)
    {
        if (element.LocalName is "td" or "th")
        {
            AppendText(text, " ", pre: false);
        }
        else if (element.LocalName == "a" && LinkTarget(element) is { } url)
        {
            text.Append(" (").Append(url).Append(')');
        }
        else if (Blocks.Contains(element.LocalName))
        {
            EnsureLineBreak(text);
        }
    }

    private static string? LinkTarget(IElement anchor)
    {
        var label = anchor.TextContent.Trim();
        if (label.Length == 0
            || !Uri.TryCreate(anchor.GetAttribute("href")?.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.OriginalString.AsSpan().IndexOfAny('<', '>') >= 0) // a real address has no markup in it
        {
            return null;
        }

        var url = uri.AbsoluteUri;
        return string.Equals(Bare(label), Bare(url), StringComparison.OrdinalIgnoreCase) ? null : url;

        static string Bare(string link) => LinkScheme().Replace(link, "").TrimEnd('/');
    }

    private static void AppendText(StringBuilder text, string value, bool pre)
    {
        if (pre)
        {
            text.Append(value.Replace("\r\n", "\n", StringComparison.Ordinal));
            return;
        }

        value = HtmlWhitespace().Replace(value, " ");
        if (text.Length == 0 || text[^1] is '\n' or ' ')
        {
            value = value.TrimStart(' ');
        }

        text.Append(value);
    }

    private static void EnsureLineBreak(StringBuilder text)
    {
        TrimTrailingSpaces(text);
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }
    }

    private static StringBuilder TrimTrailingSpaces(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }

        return text;
    }

    // The first line that starts a quoted reply or a signature, once there is something of the sender's own above it.
    private static int CutIndex(string[] lines)
    {
        var seenContent = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (seenContent && StartsQuoteOrSignature(lines, i))
            {
                return i;
            }

            seenContent |= !string.IsNullOrWhiteSpace(lines[i]);
        }

        return lines.Length;
    }

    private static bool StartsQuoteOrSignature(string[] lines, int i)
    {
        var line = lines[i];
        var next = i + 1 < lines.Length ? lines[i + 1] : "";
        return line is "--" or "-- "
            || line.StartsWith('>')
            || Underscores().IsMatch(line)
            || OriginalMessage().IsMatch(line)
            || Attribution().IsMatch(line)
            || (AttributionStart().IsMatch(line) && Attribution().IsMatch($"{line} {next}"))
            || (HeaderFrom().IsMatch(line) && lines.Skip(i + 1).Take(4).Any(HeaderField().IsMatch));
    }

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"[ \t\n\r\f]+")]
    private static partial Regex HtmlWhitespace();

    [GeneratedRegex(@"display\s*:\s*none", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DisplayNone();

    [GeneratedRegex(@"^(?:https?://|mailto:)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkScheme();

    [GeneratedRegex(@"^_{5,}\s*$")]
    private static partial Regex Underscores();

    [GeneratedRegex(@"^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Oorspronkelijk bericht|Forwarded message|Weitergeleitete Nachricht)\s*-{2,}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^\s*(?:On|Am|Le|El|Op)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"^\s*(?:On\s.+\swrote|Am\s.+\sschrieb.*|Le\s.+\sa écrit\s*|El\s.+\sescribió|Op\s.+\sschreef.*):\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^\s*\*?(?:From|Von|De|Van)\s*:\*?\s*\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\s*\*?(?:Sent|Gesendet|Envoyé|Enviado|Date|Datum|Verzonden|Subject|Betreff|Objet|Asunto|Onderwerp)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderField();
}
