using System.Text;

namespace OfficeCoordinator.Api.Documents;

// A file name from mail reduced to one that is safe in any folder: no path, no "..", no control or reserved
// characters, at most 120 characters with its extension kept.
public static class FileNames
{
    public const int MaxLength = 120;

    // File systems count bytes (255 at most for a name); room is left for " (n)" and a temporary suffix.
    public const int MaxBytes = 180;

    public static string Safe(string? name)
    {
        var leaf = (name ?? "").Replace('\\', '/');
        leaf = leaf[(leaf.LastIndexOf('/') + 1)..].Normalize(NormalizationForm.FormC);
        var safe = new StringBuilder(leaf.Length);
        foreach (var character in leaf)
        {
            safe.Append(char.IsControl(character) || character is '<' or '>' or ':' or '"' or '|' or '?' or '*' or '#' or '%' ? '_' : character);
        }

        var result = safe.ToString().Trim().Trim('.').Trim();
        while (result.Contains("..", StringComparison.Ordinal))
        {
            result = result.Replace("..", ".", StringComparison.Ordinal);
        }

        if (result.Length == 0)
        {
            result = "attachment";
        }

        if (result.Length > MaxLength || Encoding.UTF8.GetByteCount(result) > MaxBytes)
        {
            var extension = Path.GetExtension(result);
            extension = extension.Length is > 1 and <= 10 ? extension : "";
            var stem = result[..^extension.Length];
            stem = stem[..Math.Min(stem.Length, MaxLength - extension.Length)];
            while (stem.Length > 1 && Encoding.UTF8.GetByteCount(stem + extension) > MaxBytes)
            {
                stem = stem[..^(char.IsLowSurrogate(stem[^1]) ? 2 : 1)];
            }

            result = stem.TrimEnd() + extension;
        }

        return result;
    }

    // "report.pdf" -> "report (2).pdf"
    public static string Numbered(string name, int number)
    {
        var extension = Path.GetExtension(name);
        return $"{name[..^extension.Length]} ({number}){extension}";
    }
}
