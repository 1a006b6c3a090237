namespace OfficeCoordinator.Api.Http;

// Enum values as a person reads them (DESIGN.md "The shared workbook"): the name's words split and only the first
// capitalised (NotStarted -> "Not started"). Whatever a person types back may be the label or the name, in any case;
// the JSON API keeps the names (EnumNames).
public static class EnumLabels
{
    public static string Of<T>(T value)
        where T : struct, Enum => Of(value.ToString());

    public static string Of(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => [.. Enum.GetNames<T>().Select(Of)];

    // "Not started", "not started", "NotStarted" and "notstarted" are all NotStarted; digits never pass as values.
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        var compact = text?.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (compact is { Length: > 0 } && !char.IsAsciiDigit(compact[0]) && compact[0] != '-'
            && Enum.TryParse(compact, ignoreCase: true, out value) && Enum.IsDefined(value))
        {
            return true;
        }

        value = default;
        return false;
    }
}
