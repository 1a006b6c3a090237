namespace OfficeCoordinator.Api.Projects;

// The project's working days: its working weekdays minus its holidays.
public sealed class ProjectCalendar
{
    private readonly HashSet<DayOfWeek> _workingDays;
    private readonly HashSet<DateOnly> _holidays;

    // Working-day arithmetic counts from 0001-01-01, a Monday, so DayNumber % 7 is the weekday counted from Monday.
    private readonly int _workingDaysPerWeek;
    private readonly int[] _workingDaysBeforeWeekday = new int[7];
    private readonly int[] _weekdayOfWorkingDay;
    private readonly int[] _holidayDayNumbers; // sorted; only those on working weekdays take a working day away

    public ProjectCalendar(IEnumerable<DayOfWeek> workingDays, IEnumerable<DateOnly> holidays)
    {
        _workingDays = [.. workingDays];
        _holidays = [.. holidays];
        if (_workingDays.Count == 0)
        {
            throw new ArgumentException("A calendar needs at least one working weekday.", nameof(workingDays));
        }

        var weekdays = new List<int>();
        for (var offset = 0; offset < 7; offset++)
        {
            _workingDaysBeforeWeekday[offset] = weekdays.Count;
            if (_workingDays.Contains(WeekdayAt(offset)))
            {
                weekdays.Add(offset);
            }
        }

        _workingDaysPerWeek = weekdays.Count;
        _weekdayOfWorkingDay = [.. weekdays];
        _holidayDayNumbers = [.. _holidays.Where(day => _workingDays.Contains(day.DayOfWeek)).Select(day => day.DayNumber).Order()];
    }

    public static ProjectCalendar Default { get; } = new(Project.DefaultWorkingDays, []);

    public static ProjectCalendar Of(Project project) => new(project.WorkingDays, project.Holidays);

    public bool IsWorkingDay(DateOnly day) => _workingDays.Contains(day.DayOfWeek) && !_holidays.Contains(day);

    // How many working days come before the day: a working day's serial number, or the next working day's for any other day.
    public int WorkingDayNumber(DateOnly day)
    {
        var (weeks, offset) = Math.DivRem(day.DayNumber, 7);
        return weeks * _workingDaysPerWeek + _workingDaysBeforeWeekday[offset] - HolidaysBefore(day.DayNumber);
    }

    // The working day with this serial number (the inverse of WorkingDayNumber on working days).
    public DateOnly WorkingDayDate(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);

        // Count working weekdays as if there were no holidays, then move on past the holidays in the way.
        var weekdayNumber = number;
        while (true)
        {
            var (weeks, index) = Math.DivRem(weekdayNumber, _workingDaysPerWeek);
            var dayNumber = weeks * 7 + _weekdayOfWorkingDay[index];
            var reached = weekdayNumber - HolidaysBefore(dayNumber);
            if (reached < number)
            {
                weekdayNumber += number - reached;
            }
            else if (Array.BinarySearch(_holidayDayNumbers, dayNumber) >= 0)
            {
                weekdayNumber++;
            }
            else
            {
                return DateOnly.FromDayNumber(dayNumber);
            }
        }
    }

    // Counts from the first working day on or after the day: AddWorkingDays(Monday, 4) is Friday, (Saturday, 0) is Monday.
    public DateOnly AddWorkingDays(DateOnly day, int workingDays) => WorkingDayDate(WorkingDayNumber(day) + workingDays);

    // Working days in [from, to): positive when to is later, negative when it is earlier.
    public int WorkingDaysBetween(DateOnly from, DateOnly to) => WorkingDayNumber(to) - WorkingDayNumber(from);

    private int HolidaysBefore(int dayNumber)
    {
        var found = Array.BinarySearch(_holidayDayNumbers, dayNumber);
        return found >= 0 ? found : ~found;
    }

    private static DayOfWeek WeekdayAt(int offsetFromMonday) => (DayOfWeek)((offsetFromMonday + 1) % 7);
}
