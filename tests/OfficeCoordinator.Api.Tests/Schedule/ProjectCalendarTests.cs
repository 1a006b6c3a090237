using OfficeCoordinator.Api.Projects;

namespace OfficeCoordinator.Api.Tests.Schedule;

public sealed class ProjectCalendarTests
{
    private static readonly DateOnly Monday = new(2026, 11, 30);

    [Fact]
    public void Adding_working_days_skips_weekends_and_holidays_and_starts_from_the_next_working_day()
    {
        var calendar = new ProjectCalendar(Project.DefaultWorkingDays, [new DateOnly(2026, 12, 2)]);

        var fromMonday = calendar.AddWorkingDays(Monday, 4);
        var fromSaturday = calendar.AddWorkingDays(new DateOnly(2026, 12, 5), 0);
        var backwards = calendar.AddWorkingDays(new DateOnly(2026, 12, 7), -3);

        fromMonday.Should().Be(new DateOnly(2026, 12, 7), "Wednesday is a holiday and the weekend does not count");
        fromSaturday.Should().Be(new DateOnly(2026, 12, 7));
        backwards.Should().Be(new DateOnly(2026, 12, 1));
    }

    [Fact]
    public void Working_days_between_two_dates_count_forwards_and_backwards()
    {
        var calendar = new ProjectCalendar(Project.DefaultWorkingDays, [new DateOnly(2026, 12, 25)]);

        var overWeekend = calendar.WorkingDaysBetween(new DateOnly(2026, 12, 4), new DateOnly(2026, 12, 7));
        var overChristmas = calendar.WorkingDaysBetween(new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 28));
        var backwards = calendar.WorkingDaysBetween(new DateOnly(2026, 12, 28), new DateOnly(2026, 12, 21));

        overWeekend.Should().Be(1);
        overChristmas.Should().Be(4);
        backwards.Should().Be(-4);
    }

    [Fact]
    public void A_working_week_from_Sunday_to_Thursday_works_the_same_way()
    {
        var calendar = new ProjectCalendar(
            [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], []);

        var afterThursday = calendar.AddWorkingDays(new DateOnly(2026, 12, 3), 1);

        afterThursday.Should().Be(new DateOnly(2026, 12, 6), "Friday and Saturday are the weekend");
        calendar.IsWorkingDay(new DateOnly(2026, 12, 4)).Should().BeFalse();
    }

    [Fact]
    public void Serial_numbers_of_working_days_agree_with_walking_the_calendar_day_by_day()
    {
        var random = new Random(20261130);
        for (var round = 0; round < 20; round++)
        {
            var weekdays = Enum.GetValues<DayOfWeek>().Where(_ => random.Next(3) > 0).DefaultIfEmpty(DayOfWeek.Wednesday).ToList();
            var holidays = Enumerable.Range(0, 40).Select(_ => Monday.AddDays(random.Next(-30, 700))).ToList();
            var calendar = new ProjectCalendar(weekdays, holidays);
            var expected = calendar.WorkingDayNumber(Monday.AddDays(-40));

            for (var day = Monday.AddDays(-40); day < Monday.AddDays(730); day = day.AddDays(1))
            {
                calendar.WorkingDayNumber(day).Should().Be(expected, "{0} in round {1}", day, round);
                if (calendar.IsWorkingDay(day))
                {
                    calendar.WorkingDayDate(expected).Should().Be(day);
                    expected++;
                }
            }
        }
    }

    [Fact]
    public void A_calendar_without_a_working_weekday_is_refused()
    {
        var create = () => new ProjectCalendar([], []);

        create.Should().Throw<ArgumentException>().WithMessage("*at least one working weekday*");
    }
}
