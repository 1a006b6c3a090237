namespace OfficeCoordinator.Api.Http;

// Query-string filters read strictly: a value that does not parse is named in the 400, never ignored.
public static class QueryValues
{
    public static List<T> ReadEnums<T>(string? text, string path, Validation errors)
        where T : struct, Enum
    {
        var values = new List<T>();
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!char.IsAsciiDigit(name[0]) && Enum.TryParse<T>(name, ignoreCase: true, out var value) && Enum.IsDefined(value))
            {
                values.Add(value);
            }
            else
            {
                errors.Add(path, $"'{name}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");
            }
        }

        return values;
    }

    public static int? ReadInt(string? text, string path, Validation errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(path, $"{path} must be a whole number.");
        return null;
    }

    public static DateOnly? ReadDate(string? text, string path, Validation errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(path, $"{path} must be a date as yyyy-MM-dd.");
        return null;
    }
}
