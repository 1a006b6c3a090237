namespace OfficeCoordinator.Benchmarks.Search;

// Repeatable text over a vocabulary of pseudo-words, counting in how many documents each word occurs.
public sealed class SearchCorpus
{
    private static readonly string[] Onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kl", "pr", "st", "tr"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ou"];

    private readonly Random _random;
    private readonly string[] _words;
    private readonly double[] _cumulative;
    private readonly int[] _documentCounts;
    private readonly HashSet<int> _inDocument = [];

    // textSeed: another stream of text over the same vocabulary (a concurrent writer's), seed's own by default.
    public SearchCorpus(int seed, int vocabularySize = 5_000, int? textSeed = null)
    {
        _random = new Random(seed);
        _words = MakeVocabulary(_random, vocabularySize);
        if (textSeed is { } text)
        {
            _random = new Random(text);
        }

        // Zipf-Mandelbrot (exponent 2, offset 10): the top word is ~9% of all words, as "the" is in English,
        // and the tail stays rare even at 100,000 documents, so rare-word queries exist at every size.
        _cumulative = new double[vocabularySize];
        var total = 0.0;
        for (var rank = 0; rank < vocabularySize; rank++)
        {
            total += 1.0 / Math.Pow(rank + 11, 2);
            _cumulative[rank] = total;
        }

        _documentCounts = new int[vocabularySize];
    }

    public IReadOnlyList<string> Vocabulary => _words;

    public int Next(int minValue, int maxValue) => _random.Next(minValue, maxValue);

    public T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    // Words of the current document, lower case, separated by spaces.
    public string Words(int min, int max) => string.Join(' ', Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Word()));

    public string Name() => $"{Capitalized(Word())} {Capitalized(Word())}";

    // Counts the words of the current document and starts the next.
    public void EndDocument()
    {
        foreach (var word in _inDocument)
        {
            _documentCounts[word]++;
        }

        _inDocument.Clear();
    }

    public IEnumerable<string> MostFrequent(int count) =>
        Enumerable.Range(0, _words.Length).OrderByDescending(i => _documentCounts[i]).Take(count).Select(i => _words[i]);

    // Words in 1..maxDocuments documents that begin no other word: a search's last word also matches as a prefix.
    public IEnumerable<string> Rare(int maxDocuments) =>
        Enumerable.Range(0, _words.Length)
            .Where(i => _documentCounts[i] > 0 && _documentCounts[i] <= maxDocuments)
            .Select(i => _words[i])
            .Where(word => !_words.Any(other => other.Length > word.Length && other.StartsWith(word, StringComparison.Ordinal)));

    private string Word()
    {
        var index = Array.BinarySearch(_cumulative, _random.NextDouble() * _cumulative[^1]);
        index = Math.Min(index < 0 ? ~index : index, _words.Length - 1);
        _inDocument.Add(index);
        return _words[index];
    }

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string[] MakeVocabulary(Random random, int size)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>(size);
        while (ordered.Count < size)
        {
            var word = string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => Onsets[random.Next(Onsets.Length)] + Vowels[random.Next(Vowels.Length)]));
            if (words.Add(word))
            {
                ordered.Add(word);
            }
        }

        return [.. ordered];
    }
}
