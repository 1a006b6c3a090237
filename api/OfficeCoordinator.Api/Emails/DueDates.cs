using System.Globalization;
using System.Text.RegularExpressions;

namespace OfficeCoordinator.Api.Emails;

public static partial class DueDates
{
    private const string WeekdayName =
        @"(?:monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat|sunday|sun)\b\.?";

    private const string MonthName =
        @"(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)\b\.?";

    private const string EndOfDay =
        @"eod|cob|eob|close\s+of\s+(?:the\s+)?business(?:\s+day)?|end\s+of\s+(?:the\s+)?(?:business\s+)?day|end\s+of\s+business";

    // Words that make the date after them a deadline; "before" alone means the working day before.
    private const string Trigger =
        @"\b(?:(?<before>before)|by|until|till|not?\s+later\s+than|due|on\s+or\s+before|deadline(?:\s+is)?\s*:?|" + EndOfDay + @"),?\s+(?:(?:on|by)\s+)?";

    private const string Date =
        @"(?:(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?<m>" + MonthName + @")(?:,?\s+(?<y>\d{4}))?"
        + @"|(?<m>" + MonthName + @")\s+(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<y>\d{4}))?"
        + @"|(?<y>\d{4})-(?<mn>\d{1,2})-(?<d>\d{1,2}))(?!\d)";

    private const int Searched = 10_000; // calendar days a working-day walk may take before giving up

    public static DateOnly? Suggest(string? subject, string? body, DateTimeOffset receivedAt, Func<DateOnly, bool>? isWorkingDay = null)
    {
        // The clock time in the sender's offset, not UTC: "tomorrow" at 23:30 local is the local tomorrow.
        var day = DateOnly.FromDateTime(receivedAt.DateTime);
        if (day.Year is < 1000 or > 9000)
        {
            return null;
        }

        var working = isWorkingDay ?? (date => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        var found = Candidates($"{subject}\n{body}", day, working).Where(date => date >= day).ToList();
        return found.Count == 0 ? null : found.Min();
    }

    private static IEnumerable<DateOnly> Candidates(string text, DateOnly day, Func<DateOnly, bool> isWorkingDay)
    {
        foreach (var match in WeekdayDeadline().Matches(text).Cast<Match>())
        {
            var date = FirstAfter(day, WeekdayOf(match.Groups["wd"].Value));
            yield return match.Groups["before"].Success ? WorkingDayBefore(date, isWorkingDay) : date;
        }

        foreach (var match in DateDeadline().Matches(text).Cast<Match>())
        {
            if (Resolve(match, day) is { } date)
            {
                yield return match.Groups["before"].Success ? WorkingDayBefore(date, isWorkingDay) : date;
            }
        }

        foreach (var match in Tomorrow().Matches(text).Cast<Match>())
        {
            yield return day.AddDays(match.Groups["after"].Success ? 2 : 1);
        }

        // "EOD tomorrow" or "COB Friday" name another day, which the other rules read.
        if (Today().Matches(text).Any(match => !match.Groups["tomorrow"].Success && !match.Groups["later"].Success))
        {
            yield return day;
        }

        foreach (var match in Within().Matches(text).Cast<Match>())
        {
            var count = CountOf(match.Groups["n"].Value);
            var date = match.Groups["working"].Success ? AddWorkingDays(day, count, isWorkingDay)
                : string.Equals(match.Groups["unit"].Value, "week", StringComparison.OrdinalIgnoreCase) ? day.AddDays(7 * count)
                : day.AddDays(count);
            if (date is { } found)
            {
                yield return found;
            }
        }

        foreach (var match in NextWeekday().Matches(text).Cast<Match>())
        {
            yield return MondayOf(day).AddDays(7 + ((int)WeekdayOf(match.Groups["wd"].Value) + 6) % 7);
        }

        foreach (var match in EndOfWeek().Matches(text).Cast<Match>())
        {
            var friday = MondayOf(day).AddDays(4);
            yield return match.Groups["next"].Success || day > friday ? friday.AddDays(7) : friday;
        }

        foreach (var match in EndOfMonth().Matches(text).Cast<Match>())
        {
            var month = match.Groups["next"].Success ? day.AddMonths(1) : day;
            yield return new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
        }
    }

    private static DateOnly? Resolve(Match match, DateOnly day)
    {
        var d = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        var m = match.Groups["mn"].Success
            ? int.Parse(match.Groups["mn"].Value, CultureInfo.InvariantCulture)
            : MonthOf(match.Groups["m"].Value);
        if (match.Groups["y"].Success)
        {
            return TryDate(int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture), m, d);
        }

        // Without a year: the next occurrence on or after the day received (29 Feb may be years away).
        for (var year = day.Year; year <= day.Year + 8; year++)
        {
            if (TryDate(year, m, d) is { } date && date >= day)
            {
                return date;
            }
        }

        return null;
    }

    private static DateOnly? TryDate(int year, int month, int day) =>
        year is >= 1000 and <= 9000 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    private static DateOnly FirstAfter(DateOnly day, DayOfWeek weekday)
    {
        var ahead = ((int)weekday - (int)day.DayOfWeek + 7) % 7;
        return day.AddDays(ahead == 0 ? 7 : ahead);
    }

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static DateOnly WorkingDayBefore(DateOnly date, Func<DateOnly, bool> isWorkingDay)
    {
        for (var candidate = date.AddDays(-1); candidate > date.AddDays(-Searched); candidate = candidate.AddDays(-1))
        {
            if (isWorkingDay(candidate))
            {
                return candidate;
            }
        }

        return date.AddDays(-1);
    }

    private static DateOnly? AddWorkingDays(DateOnly day, int count, Func<DateOnly, bool> isWorkingDay)
    {
        var date = day;
        for (var steps = 0; count > 0 && steps < Searched; steps++)
        {
            date = date.AddDays(1);
            count -= isWorkingDay(date) ? 1 : 0;
        }

        return count == 0 ? date : null;
    }

    private static DayOfWeek WeekdayOf(string name) => name[..3].ToLowerInvariant() switch
    {
        "mon" => DayOfWeek.Monday,
        "tue" => DayOfWeek.Tuesday,
        "wed" => DayOfWeek.Wednesday,
        "thu" => DayOfWeek.Thursday,
        "fri" => DayOfWeek.Friday,
        "sat" => DayOfWeek.Saturday,
        _ => DayOfWeek.Sunday,
    };

    private static int MonthOf(string name) =>
        Array.IndexOf(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], name[..3].ToLowerInvariant()) + 1;

    private static int CountOf(string number) => number.ToLowerInvariant() switch
    {
        "a" or "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => int.Parse(number, CultureInfo.InvariantCulture),
    };

    // A weekday followed by a date ("Friday, 5 Dec") is read by the date rule instead.
    [GeneratedRegex(Trigger + @"(?:this\s+)?(?<wd>" + WeekdayName + @")(?!,?\s+(?:the\s+)?\d|,?\s+" + MonthName + ")",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeekdayDeadline();

    [GeneratedRegex(Trigger + "(?:" + WeekdayName + @",?\s+)?" + Date, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateDeadline();

    [GeneratedRegex(@"\b(?<after>(?:the\s+)?day\s+after\s+)?tomorrow\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tomorrow();

    [GeneratedRegex(
        @"\b(?:today\b|(?<tomorrow>tomorrow\W{1,3}(?:(?:by|at|before)\s+)?)?(?:" + EndOfDay + @")\b"
        + @"(?<later>\W{1,3}(?:(?:on|of|this|next)\s+)?(?:tomorrow|" + WeekdayName + "|" + MonthName
        + @"|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + MonthName + @"|\d{4}-\d))?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Today();

    [GeneratedRegex(
        @"\b(?:within|in)\s+(?:the\s+next\s+)?(?<n>\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:(?<working>working|business)\s+)?(?<unit>day|week)s?\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Within();

    [GeneratedRegex(@"\bnext\s+(?<wd>" + WeekdayName + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NextWeekday();

    [GeneratedRegex(@"\b(?:(?<next>end\s+of\s+next\s+week)|end\s+of\s+(?:the\s+|this\s+)?week|eow)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndOfWeek();

    [GeneratedRegex(@"\b(?:(?<next>end\s+of\s+next\s+month)|end\s+of\s+(?:the\s+|this\s+)?month|eom)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndOfMonth();
}
