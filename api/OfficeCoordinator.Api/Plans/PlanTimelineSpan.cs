using OfficeCoordinator.Api.Tasks;

namespace OfficeCoordinator.Api.Plans;

// The days the Timeline draws (DESIGN.md: the project's start to finish), in whole weeks from the Monday of the first.
// A project without a start or finish takes the tasks' earliest or latest date instead, at most MaxDerivedWeeks from
// the other end, so that one task due years away cannot make the sheet hundreds of weeks wide. Task dates outside
// the span are not drawn; the Plan flags them.
public readonly record struct PlanTimelineSpan(DateOnly First, DateOnly Last)
{
    public const int MaxDerivedWeeks = 104;

    // Even a project's own range stops at ten years of weeks.
    public const int MaxWeeks = 520;

    public DateOnly FirstMonday => MondayOf(First);

    public int Weeks => (MondayOf(Last).DayNumber - FirstMonday.DayNumber) / 7 + 1;

    public bool Contains(DateOnly day) => day >= First && day <= Last;

    // Whether the task has a start or finish the Timeline does not draw.
    public bool Excludes(ProjectTask task) => task.Start is { } start && !Contains(start) || task.Finish is { } finish && !Contains(finish);

    // The week (0-based) a day falls in.
    public int WeekOf(DateOnly day) => (MondayOf(day).DayNumber - FirstMonday.DayNumber) / 7;

    // Null when neither the project nor any task has a date: there is nothing to draw.
    public static PlanTimelineSpan? Of(PlanExport plan)
    {
        var dates = plan.Tasks.SelectMany(t => new[] { t.Start, t.Finish }).OfType<DateOnly>().ToList();
        DateOnly? earliest = dates.Count > 0 ? dates.Min() : null;
        DateOnly? latest = dates.Count > 0 ? dates.Max() : null;
        var (start, finish) = (plan.Project.Start, plan.Project.Finish);
        DateOnly first, last;
        if (start is { } from)
        {
            first = from;
            last = finish is { } to && to >= from ? to : Earlier(latest is { } day && day > from ? day : from, from.AddDays(7 * MaxDerivedWeeks - 1));
        }
        else if (finish is { } to)
        {
            last = to;
            first = Later(earliest is { } day && day < to ? day : to, to.AddDays(-7 * MaxDerivedWeeks + 1));
        }
        else if (earliest is { } day)
        {
            first = day;
            last = Earlier(latest!.Value, day.AddDays(7 * MaxDerivedWeeks - 1));
        }
        else
        {
            return null;
        }

        return new PlanTimelineSpan(first, Earlier(last, MondayOf(first).AddDays(7 * MaxWeeks - 1)));
    }

    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
