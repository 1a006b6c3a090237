namespace OfficeCoordinator.Api.Projects;

// The project's working days: its working weekdays minus its holidays.
public sealed class ProjectCalendar(IEnumerable<DayOfWeek> workingDays, IEnumerable<DateOnly> holidays)
{
    private readonly HashSet<DayOfWeek> _workingDays = [.. workingDays];
    private readonly HashSet<DateOnly> _holidays = [.. holidays];

    public static ProjectCalendar Default { get; } = new(Project.DefaultWorkingDays, []);

    public static ProjectCalendar Of(Project project) => new(project.WorkingDays, project.Holidays);

    public bool IsWorkingDay(DateOnly day) => _workingDays.Contains(day.DayOfWeek) && !_holidays.Contains(day);
}
