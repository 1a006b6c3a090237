using System.Globalization;
using OfficeCoordinator.Api.Emails;

namespace OfficeCoordinator.Api.Tests.Emails;

public sealed class DueDatesTests
{
    // 2026-11-18 is a Wednesday, 2026-11-20 a Friday, 2026-11-23 a Monday.
    private const string Wednesday = "2026-11-18T09:15:00Z";
    private const string Friday = "2026-11-20T08:00:00Z";
    private const string Saturday = "2026-11-21T10:00:00Z";
    private const string Sunday = "2026-11-29T10:00:00Z";
    private const string Monday = "2026-11-23T10:00:00Z";

    private static DateOnly? Suggest(string body, string receivedAt, Func<DateOnly, bool>? isWorkingDay = null) =>
        DueDates.Suggest(null, body, DateTimeOffset.Parse(receivedAt, CultureInfo.InvariantCulture), isWorkingDay);

    private static DateOnly? Date(string? value) =>
        value is null ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("Could you get it signed by Friday?", Wednesday, "2026-11-20")]
    [InlineData("BY FRIDAY please", Wednesday, "2026-11-20")]
    [InlineData("by this Friday", Wednesday, "2026-11-20")]
    [InlineData("We hold the date until Friday.", Wednesday, "2026-11-20")]
    [InlineData("no later than Monday", Wednesday, "2026-11-23")]
    [InlineData("The report is due Tuesday.", Wednesday, "2026-11-24")]
    [InlineData("due by Fri.", Wednesday, "2026-11-20")]
    [InlineData("by Wednesday", Wednesday, "2026-11-25")]
    [InlineData("by Friday", Friday, "2026-11-27")]
    [InlineData("by Friday", Saturday, "2026-11-27")]
    [InlineData("by Friday's meeting", Wednesday, "2026-11-20")]
    [InlineData("EOD Friday", Wednesday, "2026-11-20")]
    [InlineData("COB on Monday", Wednesday, "2026-11-23")]
    [InlineData("before Friday", Wednesday, "2026-11-19")]
    public void By_a_weekday_is_the_first_such_weekday_strictly_after_the_day_received(string body, string receivedAt, string expected)
    {
        var suggested = Suggest(body, receivedAt);

        suggested.Should().Be(Date(expected));
    }

    [Theory]
    [InlineData("we need the print approval EOD tomorrow, otherwise the slot moves.", "2026-11-19T15:40:00+01:00", "2026-11-20")]
    [InlineData("by tomorrow", Wednesday, "2026-11-19")]
    [InlineData("end of day tomorrow", Wednesday, "2026-11-19")]
    [InlineData("COB tomorrow", Wednesday, "2026-11-19")]
    [InlineData("Tomorrow by COB please", Wednesday, "2026-11-19")]
    [InlineData("tomorrow EOD", Wednesday, "2026-11-19")]
    [InlineData("Let's talk tomorrow.", Wednesday, "2026-11-19")]
    [InlineData("the day after tomorrow", Wednesday, "2026-11-20")]
    [InlineData("tomorrow", Friday, "2026-11-21")]
    [InlineData("today", Wednesday, "2026-11-18")]
    [InlineData("Today's numbers, please", Wednesday, "2026-11-18")]
    [InlineData("EOD", Wednesday, "2026-11-18")]
    [InlineData("by end of day", Wednesday, "2026-11-18")]
    [InlineData("by the end of the day", Wednesday, "2026-11-18")]
    [InlineData("by COB", Wednesday, "2026-11-18")]
    [InlineData("before close of business", Wednesday, "2026-11-18")]
    [InlineData("by EOD today", Wednesday, "2026-11-18")]
    [InlineData("today at 3pm", Wednesday, "2026-11-18")]
    public void Today_and_tomorrow_are_the_day_received_and_the_next_calendar_day(string body, string receivedAt, string expected)
    {
        var suggested = Suggest(body, receivedAt);

        suggested.Should().Be(Date(expected));
    }

    [Theory]
    [InlineData("tomorrow", "2026-11-19T23:30:00-05:00", "2026-11-20")]
    [InlineData("today", "2026-11-20T00:30:00+01:00", "2026-11-20")]
    [InlineData("by Friday", "2026-11-19T23:30:00-08:00", "2026-11-20")]
    [InlineData("by Friday", "2026-11-20T00:30:00+02:00", "2026-11-27")]
    public void Dates_are_read_in_the_offset_the_message_was_received_in(string body, string receivedAt, string expected)
    {
        var suggested = Suggest(body, receivedAt);

        suggested.Should().Be(Date(expected));
    }

    [Theory]
    [InlineData("must be closed before 5 Dec.", Friday, "2026-12-04")]
    [InlineData("before 7 December", Friday, "2026-12-04")]
    [InlineData("before 1 Mar", "2028-02-10T10:00:00Z", "2028-02-29")]
    [InlineData("by 5 Dec", Friday, "2026-12-05")]
    [InlineData("by 5 December", Friday, "2026-12-05")]
    [InlineData("by Dec 5", Friday, "2026-12-05")]
    [InlineData("by December 5th", Friday, "2026-12-05")]
    [InlineData("by the 5th of December", Friday, "2026-12-05")]
    [InlineData("until 5th December 2026", Friday, "2026-12-05")]
    [InlineData("until December 5th, 2026.", Friday, "2026-12-05")]
    [InlineData("no later than 2026-12-05", Friday, "2026-12-05")]
    [InlineData("due 2026-12-05", Friday, "2026-12-05")]
    [InlineData("on or before Dec. 5", Friday, "2026-12-05")]
    [InlineData("Deadline: 5 Dec", Friday, "2026-12-05")]
    [InlineData("by Friday, 4 December", Wednesday, "2026-12-04")]
    [InlineData("EOD 4 Dec", Wednesday, "2026-12-04")]
    [InlineData("by 5 Jan", "2026-12-20T10:00:00Z", "2027-01-05")]
    [InlineData("before 5 Jan", "2026-12-20T10:00:00Z", "2027-01-04")]
    [InlineData("by 5 Jan 2027", "2026-12-20T10:00:00Z", "2027-01-05")]
    [InlineData("by 18 Nov", Wednesday, "2026-11-18")]
    [InlineData("by 17 Nov", Wednesday, "2027-11-17")]
    [InlineData("by 29 Feb", "2027-03-01T10:00:00Z", "2028-02-29")]
    [InlineData("by 29 February 2028", "2027-03-01T10:00:00Z", "2028-02-29")]
    public void A_named_date_is_the_deadline_and_before_it_is_the_working_day_before(string body, string receivedAt, string expected)
    {
        var suggested = Suggest(body, receivedAt);

        suggested.Should().Be(Date(expected));
    }

    [Theory]
    [InlineData("by 17 Nov 2026", Wednesday)]
    [InlineData("before 18 Nov", Wednesday)]
    [InlineData("by 29 Feb 2027", "2027-01-10T10:00:00Z")]
    [InlineData("by 31 Nov", Wednesday)]
    [InlineData("by 2026-13-01", Wednesday)]
    [InlineData("by 5 pm", Wednesday)]
    [InlineData("by 12 decimals", Wednesday)]
    public void Past_and_impossible_dates_suggest_nothing(string body, string receivedAt)
    {
        var suggested = Suggest(body, receivedAt);

        suggested.Should().BeNull();
    }

    [Theory]
    [InlineData("Please choose within 2 weeks so we can confirm.", Monday, "2026-12-07")]
    [InlineData("within two weeks", Monday, "2026-12-07")]
    [InlineData("within a week", Wednesday, "2026-11-25")]
    [InlineData("within 3 days", Wednesday, "2026-11-21")]
    [InlineData("in 3 days", Wednesday, "2026-11-21")]
    [InlineData("in the next ten days", Wednesday, "2026-11-28")]
    [InlineData("within 3 working days", Wednesday, "2026-11-23")]
    [InlineData("within five business days", Friday, "2026-11-27")]
    [InlineData("within 1 working day", Saturday, "2026-11-23")]
    public void Within_a_period_counts_weeks_calendar_days_or_working_days_from_the_day_received(string body, string receivedAt, string expected)
    {
        var suggested = Suggest(body, receivedAt);

        suggested.Should().Be(Date(expected));
    }

    [Theory]
    [InlineData("next Tuesday", "2026-11-25T10:00:00Z", "2026-12-01")]
    [InlineData("next Monday", Monday, "2026-11-30")]
    [InlineData("next Friday", Wednesday, "2026-11-27")]
    [InlineData("by next Friday", Wednesday, "2026-11-27")]
    [InlineData("next Sunday", Sunday, "2026-12-06")]
    [InlineData("next Monday", Sunday, "2026-11-30")]
    public void Next_weekday_is_that_weekday_in_the_following_monday_start_week(string body, string receivedAt, string expected)
    {
        var suggested = Suggest(body, receivedAt);

        suggested.Should().Be(Date(expected));
    }

    [Theory]
    [InlineData("by the end of the week", Wednesday, "2026-11-20")]
    [InlineData("EOW", Friday, "2026-11-20")]
    [InlineData("end of week", Saturday, "2026-11-27")]
    [InlineData("end of this week", Sunday, "2026-12-04")]
    [InlineData("end of next week", Wednesday, "2026-11-27")]
    [InlineData("end of the month", Wednesday, "2026-11-30")]
    [InlineData("EOM", "2028-02-10T10:00:00Z", "2028-02-29")]
    [InlineData("eom", "2027-02-10T10:00:00Z", "2027-02-28")]
    [InlineData("end of next month", "2026-12-15T10:00:00Z", "2027-01-31")]
    public void End_of_week_and_end_of_month_are_their_last_days(string body, string receivedAt, string expected)
    {
        var suggested = Suggest(body, receivedAt);

        suggested.Should().Be(Date(expected));
    }

    [Theory]
    [InlineData("by Friday, or at the latest within 2 weeks", Wednesday, "2026-11-20")]
    [InlineData("before 5 Dec, ideally by tomorrow", Wednesday, "2026-11-19")]
    [InlineData("by 17 Nov 2026 was the plan; now by Friday", Wednesday, "2026-11-20")]
    [InlineData("end of the month, or EOD", Wednesday, "2026-11-18")]
    public void Of_several_phrases_the_earliest_date_not_in_the_past_wins(string body, string receivedAt, string expected)
    {
        var suggested = Suggest(body, receivedAt);

        suggested.Should().Be(Date(expected));
    }

    [Theory]
    [InlineData("Bob, I approve the Q1 budget of EUR 42,000. Please log this as a decision.")]
    [InlineData("+1 -2 @3 =4")]
    [InlineData("Automated notification: build 1234 finished.")]
    [InlineData("We meet every Friday.")]
    [InlineData("Fridays are quiet; Mondays are not.")]
    [InlineData("Thursdays and todays")]
    [InlineData("The cobalt paint, the ceod, the eowyn and the cheomelette")]
    [InlineData("Reorg plan: by the way, see the Trade fair notes.")]
    [InlineData("We can only hold the date until then.")]
    [InlineData("due to the strike")]
    [InlineData("in 1234 days")]
    [InlineData("Long body line. Long body line.")]
    [InlineData("")]
    public void Text_without_a_deadline_suggests_nothing(string body)
    {
        var suggested = Suggest(body, Wednesday);

        suggested.Should().BeNull();
    }

    [Fact]
    public void The_subject_is_searched_as_well_as_the_body()
    {
        var suggested = DueDates.Suggest("RE: Venue contract needs signature by Friday", null, DateTimeOffset.Parse(Wednesday, CultureInfo.InvariantCulture));

        suggested.Should().Be(new DateOnly(2026, 11, 20));
    }

    [Fact]
    public void Before_a_date_steps_back_over_holidays_given_by_the_calendar()
    {
        var holiday = new DateOnly(2026, 12, 4);

        var suggested = Suggest("before 5 Dec", Friday, day => day != holiday && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

        suggested.Should().Be(new DateOnly(2026, 12, 3));
    }

    [Fact]
    public void Working_days_follow_the_calendar_given()
    {
        var sixDayWeek = (DateOnly day) => day.DayOfWeek != DayOfWeek.Sunday;

        var suggested = Suggest("within 3 working days", Friday, sixDayWeek);

        suggested.Should().Be(new DateOnly(2026, 11, 24));
    }

    [Fact]
    public void A_calendar_without_working_days_does_not_hang()
    {
        var suggested = Suggest("within 3 working days, before 5 Dec", Friday, _ => false);

        suggested.Should().Be(new DateOnly(2026, 12, 4));
    }

    [Theory]
    [InlineData("tomorrow, by 5 Dec, within 3 weeks, end of next month")]
    [InlineData("by 31 Dec 9999")]
    public void Extreme_received_dates_do_not_throw(string body)
    {
        var atTheEnd = () => DueDates.Suggest(null, body, DateTimeOffset.MaxValue);
        var atTheStart = () => DueDates.Suggest(null, body, DateTimeOffset.MinValue);

        atTheEnd.Should().NotThrow();
        atTheStart.Should().NotThrow();
    }
}
