using System.Globalization;
using System.Text;

namespace OfficeCoordinator.Api.Search;

// Matching, bm25 ranking and snippets in memory over a bounded set of search documents, as FTS5 does them on SQLite
// (unicode61 tokens with diacritics removed, bm25 with the title weighted 4 to the body's 1, snippets of 16 tokens
// with matches in [brackets]). Each word's weight comes from how many of the given documents hold it, not the database.
public static class SearchText
{
    public sealed record Document(long Id, string Kind, string RecordId, int? Number, string Title, string? Body);

    // A search word folded as the tokens are; the last one also matches as a prefix.
    public readonly record struct Term(string Text, bool Prefix);

    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double TitleWeight = 4.0;
    private const int SnippetTokens = 16;

    public static Term[] Terms(IReadOnlyList<string> words) => [.. words.Select((w, i) => new Term(Fold(w), i == words.Count - 1))];

    public static List<SearchRow> Rank(IReadOnlyList<Document> documents, IReadOnlyList<string> words, int limit)
    {
        var terms = Terms(words);
        var holding = new int[terms.Length];
        var matches = new List<(Document Document, double[] Frequency, int Length)>();
        long tokens = 0;
        var titleHits = new int[terms.Length];
        var bodyHits = new int[terms.Length];
        foreach (var document in documents)
        {
            Array.Clear(titleHits);
            Array.Clear(bodyHits);
            var length = Count(document.Title, terms, titleHits) + Count(document.Body, terms, bodyHits);
            tokens += length;
            var all = true;
            for (var t = 0; t < terms.Length; t++)
            {
                if (titleHits[t] + bodyHits[t] > 0)
                {
                    holding[t]++;
                }
                else
                {
                    all = false;
                }
            }

            if (all)
            {
                matches.Add((document, [.. titleHits.Select((hits, t) => TitleWeight * hits + bodyHits[t])], length));
            }
        }

        if (matches.Count == 0)
        {
            return [];
        }

        // bm25 as FTS5 computes it, over these documents: a word in most of them weighs almost nothing.
        var averageLength = (double)tokens / documents.Count;
        var weights = holding.Select(n => Math.Max(1e-6, Math.Log((documents.Count - n + 0.5) / (n + 0.5)))).ToArray();
        return [.. matches
            .Select(m => (m.Document, Score: Enumerable.Range(0, terms.Length).Sum(t =>
                weights[t] * m.Frequency[t] * (K1 + 1) / (m.Frequency[t] + K1 * (1 - B + B * m.Length / averageLength)))))
            .OrderByDescending(m => m.Score).ThenByDescending(m => m.Document.Id)
            .Take(limit)
            .Select(m => new SearchRow
            {
                Kind = m.Document.Kind, RecordId = m.Document.RecordId, Number = m.Document.Number, Title = m.Document.Title,
                Snippet = Snippet(m.Document.Title, m.Document.Body, terms), Rank = m.Score,
            })];
    }

    // Up to 16 tokens of the title or the body, whichever window holds the most of the words (the title on a tie),
    // with each match in [brackets] and … where text was left out; null when neither holds a word.
    public static string? Snippet(string title, string? body, IReadOnlyList<Term> terms)
    {
        (string Text, List<(int Start, int End, int Term)> Tokens, int From, int Score)? best = null;
        foreach (var text in new[] { title, body })
        {
            if (text is null)
            {
                continue;
            }

            var found = new List<(int Start, int End, int Term)>();
            foreach (var (start, end) in Tokens(text))
            {
                found.Add((start, end, Matching(text.AsSpan(start, end - start), terms)));
            }

            for (var first = 0; first < found.Count; first++)
            {
                if (found[first].Term < 0)
                {
                    continue;
                }

                // Distinct words count a thousand each, repeats one; the window is then centred on its matches.
                var seen = new HashSet<int>();
                var score = 0;
                var last = first;
                for (var i = first; i < Math.Min(found.Count, first + SnippetTokens); i++)
                {
                    if (found[i].Term >= 0)
                    {
                        score += seen.Add(found[i].Term) ? 1000 : 1;
                        last = i;
                    }
                }

                if (best is null || score > best.Value.Score)
                {
                    var from = Math.Clamp(first - (SnippetTokens - (last - first + 1)) / 2, 0, Math.Max(0, found.Count - SnippetTokens));
                    best = (text, found, from, score);
                }
            }
        }

        if (best is not { } chosen)
        {
            return null;
        }

        var snippet = new StringBuilder();
        var to = Math.Min(chosen.Tokens.Count, chosen.From + SnippetTokens) - 1;
        if (chosen.From > 0)
        {
            snippet.Append('…');
        }

        for (var i = chosen.From; i <= to; i++)
        {
            var (start, end, term) = chosen.Tokens[i];
            if (i > chosen.From)
            {
                snippet.Append(chosen.Text.AsSpan(chosen.Tokens[i - 1].End, start - chosen.Tokens[i - 1].End));
            }

            if (term >= 0)
            {
                snippet.Append('[').Append(chosen.Text.AsSpan(start, end - start)).Append(']');
            }
            else
            {
                snippet.Append(chosen.Text.AsSpan(start, end - start));
            }
        }

        if (to < chosen.Tokens.Count - 1)
        {
            snippet.Append('…');
        }

        return snippet.ToString();
    }

    // Tokens counted, and each word's matches added to hits.
    private static int Count(string? text, Term[] terms, int[] hits)
    {
        if (text is null)
        {
            return 0;
        }

        var count = 0;
        foreach (var (start, end) in Tokens(text))
        {
            count++;
            var span = text.AsSpan(start, end - start);
            for (var t = 0; t < terms.Length; t++)
            {
                if (Matches(span, terms[t]))
                {
                    hits[t]++;
                }
            }
        }

        return count;
    }

    private static int Matching(ReadOnlySpan<char> token, IReadOnlyList<Term> terms)
    {
        for (var t = 0; t < terms.Count; t++)
        {
            if (Matches(token, terms[t]))
            {
                return t;
            }
        }

        return -1;
    }

    private static bool Matches(ReadOnlySpan<char> token, Term term)
    {
        if (token.Length < term.Text.Length && Ascii.IsValid(token))
        {
            return false;
        }

        var folded = Ascii.IsValid(token) ? token : Fold(token.ToString()).AsSpan();
        return term.Prefix
            ? folded.StartsWith(term.Text, StringComparison.OrdinalIgnoreCase)
            : folded.Equals(term.Text, StringComparison.OrdinalIgnoreCase);
    }

    // Letters and digits, as the search words are read (SearchEndpoints.Words).
    private static IEnumerable<(int Start, int End)> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var inWord = char.IsLetterOrDigit(text[i]) || char.IsNumber(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return (start, i);
                start = -1;
            }
        }

        if (start >= 0)
        {
            yield return (start, text.Length);
        }
    }

    // Lower case without diacritics, as unicode61 with remove_diacritics folds a token.
    private static string Fold(string word)
    {
        var lower = word.ToLowerInvariant();
        if (Ascii.IsValid(lower))
        {
            return lower;
        }

        var folded = new StringBuilder(lower.Length);
        foreach (var c in lower.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
