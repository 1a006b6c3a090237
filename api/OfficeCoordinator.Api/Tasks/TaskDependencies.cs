using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tasks;

// Predecessors in their cell form, "T-3, T-5+2, T-7-1": stored, shown in history and written to the workbook alike.
public static partial class TaskDependencies
{
    public static string Format(IEnumerable<TaskDependency> dependencies) => string.Join(", ", dependencies);

    public static bool TryParse(string? text, out List<TaskDependency> dependencies)
    {
        dependencies = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        foreach (var part in text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Cell().Match(part);
            if (!match.Success)
            {
                return false;
            }

            // The cell form allows a space between the lag's sign and its digits ("T-5 + 2"), which int.Parse does not.
            var lag = match.Groups["lag"].Success
                ? int.Parse(string.Concat(match.Groups["lag"].Value.Where(c => !char.IsWhiteSpace(c))), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                : 0;
            dependencies.Add(new TaskDependency(int.Parse(match.Groups["task"].Value, CultureInfo.InvariantCulture), lag));
        }

        return true;
    }

    public static readonly ValueConverter<List<TaskDependency>, string> Converter = new(
        list => Format(list),
        text => Parse(text));

    public static readonly ValueComparer<List<TaskDependency>> Comparer = new(
        (a, b) => (a == null && b == null) || (a != null && b != null && a.SequenceEqual(b)),
        list => list.Aggregate(17, (hash, item) => HashCode.Combine(hash, item)),
        list => list.ToList());

    private static List<TaskDependency> Parse(string text) =>
        TryParseFormatted(text, out var list) || TryParse(text, out list)
            ? list
            : throw new FormatException($"Stored predecessors '{text}' are not in the cell form.");

    // Exactly what Format writes ("T-3, T-5+2, T-7-1"), read without a regex, splitting or substrings: every stored
    // task's predecessors are read this way when a plan is loaded for the schedule. Anything else goes to TryParse.
    private static bool TryParseFormatted(ReadOnlySpan<char> text, out List<TaskDependency> dependencies)
    {
        dependencies = [];
        while (!text.IsEmpty)
        {
            if (!text.StartsWith("T-", StringComparison.Ordinal) || !TryTakeNumber(ref text, 2, 9, out var task))
            {
                return false;
            }

            var lag = 0;
            if (text is ['+' or '-', ..])
            {
                var sign = text[0] == '-' ? -1 : 1;
                if (!TryTakeNumber(ref text, 1, 4, out lag))
                {
                    return false;
                }

                lag *= sign;
            }

            dependencies.Add(new TaskDependency(task, lag));
            if (!text.IsEmpty && !text.StartsWith(", ", StringComparison.Ordinal))
            {
                return false;
            }

            text = text.IsEmpty ? text : text[2..];
        }

        return true;
    }

    // The digits after `skip` characters (1 to `maxDigits` of them), consumed from the text.
    private static bool TryTakeNumber(ref ReadOnlySpan<char> text, int skip, int maxDigits, out int number)
    {
        var rest = text[skip..];
        var digits = rest.IndexOfAnyExceptInRange('0', '9');
        digits = digits < 0 ? rest.Length : digits;
        number = 0;
        if (digits == 0 || digits > maxDigits || !int.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        text = rest[digits..];
        return true;
    }

    [GeneratedRegex(@"^T-?(?<task>\d{1,9})\s*(?<lag>[+-]\s*\d{1,4})?$", RegexOptions.IgnoreCase)]
    private static partial Regex Cell();
}
