using System.Collections;
using System.Globalization;

namespace OfficeCoordinator.Api.History;

// Values as history shows them: the wire's text forms (dates yyyy-MM-dd, instants ISO 8601, enums by name).
public static class HistoryValues
{
    public static string? Format(object? value) => value switch
    {
        null => null,
        string text => text,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime instant => DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        Enum name => name.ToString(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Format)),
        _ => value.ToString(),
    };
}
