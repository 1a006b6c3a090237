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

            var lag = match.Groups["lag"].Success ? int.Parse(match.Groups["lag"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
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
        TryParse(text, out var list) ? list : throw new FormatException($"Stored predecessors '{text}' are not in the cell form.");

    [GeneratedRegex(@"^T-?(?<task>\d{1,9})\s*(?<lag>[+-]\s*\d{1,4})?$", RegexOptions.IgnoreCase)]
    private static partial Regex Cell();
}
