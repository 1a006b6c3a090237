using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Client.Contracts;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Api.Tests.Schedule;

// Textbook networks worked by hand. The project starts on Monday 30 November 2026; weeks run Monday to Friday.
public sealed class ScheduleEngineTests
{
    private static readonly DateOnly ProjectStart = new(2026, 11, 30);
    private static readonly DateOnly Today = new(2026, 11, 1);
    private static readonly ProjectCalendar Weekdays = ProjectCalendar.Default;

    [Fact]
    public void The_classic_six_task_network_gives_its_early_and_late_dates_slack_and_critical_path()
    {
        PlannedTask[] tasks =
        [
            Lasting(1, 3),
            Lasting(2, 4, After(1)),
            Lasting(3, 2, After(1)),
            Lasting(4, 5, After(2)),
            Lasting(5, 3, After(3)),
            Lasting(6, 2, After(4), After(5)),
        ];

        var schedule = ScheduleEngine.Compute(tasks, Weekdays, ProjectStart, Today);

        schedule.ProjectFinish.Should().Be(Dec(17));
        schedule.CriticalPath.Should().Equal(1, 2, 4, 6);
        ShouldBe(schedule, 1, Nov(30), Dec(2), Nov(30), Dec(2), totalSlack: 0, freeSlack: 0);
        ShouldBe(schedule, 2, Dec(3), Dec(8), Dec(3), Dec(8), totalSlack: 0, freeSlack: 0);
        ShouldBe(schedule, 3, Dec(3), Dec(4), Dec(9), Dec(10), totalSlack: 4, freeSlack: 0);
        ShouldBe(schedule, 4, Dec(9), Dec(15), Dec(9), Dec(15), totalSlack: 0, freeSlack: 0);
        ShouldBe(schedule, 5, Dec(7), Dec(9), Dec(11), Dec(15), totalSlack: 4, freeSlack: 4);
        ShouldBe(schedule, 6, Dec(16), Dec(17), Dec(16), Dec(17), totalSlack: 0, freeSlack: 0);
        schedule.Tasks.Where(t => t.Critical).Select(t => t.Number).Should().Equal(1, 2, 4, 6);
    }

    [Fact]
    public void A_lag_moves_the_critical_path_and_a_holiday_moves_the_dates_but_not_the_slack()
    {
        var calendar = new ProjectCalendar(Project.DefaultWorkingDays, [Dec(8)]);
        PlannedTask[] tasks =
        [
            Lasting(1, 3),
            Lasting(2, 4, After(1)),
            Lasting(3, 2, After(1)),
            Lasting(4, 5, After(2)),
            Lasting(5, 3, After(3, lag: 5)),
            Lasting(6, 2, After(4), After(5)),
        ];

        var schedule = ScheduleEngine.Compute(tasks, calendar, ProjectStart, Today);

        schedule.CriticalPath.Should().Equal(1, 3, 5, 6);
        schedule.ProjectFinish.Should().Be(Dec(21));
        ShouldBe(schedule, 2, Dec(3), Dec(9), Dec(4), Dec(10), totalSlack: 1, freeSlack: 0);
        ShouldBe(schedule, 4, Dec(10), Dec(16), Dec(11), Dec(17), totalSlack: 1, freeSlack: 1);
        ShouldBe(schedule, 5, Dec(15), Dec(17), Dec(15), Dec(17), totalSlack: 0, freeSlack: 0);
        ShouldBe(schedule, 6, Dec(18), Dec(21), Dec(18), Dec(21), totalSlack: 0, freeSlack: 0);
    }

    [Fact]
    public void A_negative_lag_overlaps_the_successor_with_the_end_of_its_predecessor()
    {
        PlannedTask[] tasks = [Lasting(1, 5), Lasting(2, 3, After(1, lag: -2)), Lasting(3, 1, After(1, lag: -1)), Lasting(4, 1, After(1))];

        var schedule = ScheduleEngine.Compute(tasks, Weekdays, ProjectStart, Today);

        Of(schedule, 2).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(3) && t.EarlyFinish == Dec(7));
        Of(schedule, 3).EarlyStart.Should().Be(Dec(4), "a lag of -1 starts on the day the predecessor finishes");
        Of(schedule, 4).EarlyStart.Should().Be(Dec(7), "a lag of 0 starts on the next working day");
        schedule.CriticalPath.Should().Equal(1, 2, 4);
        Of(schedule, 3).TotalSlack.Should().Be(1);
    }

    [Fact]
    public void A_milestone_falls_on_its_predecessors_finish_and_adds_no_time_to_the_path()
    {
        PlannedTask[] tasks =
        [
            Lasting(1, 5),
            Lasting(2, 0, After(1)),
            Lasting(3, 2, After(2)),
            Lasting(4, 0, After(3)),
            Lasting(5, 0, After(1, lag: 2)),
        ];

        var schedule = ScheduleEngine.Compute(tasks, Weekdays, ProjectStart, Today);

        Of(schedule, 2).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(4) && t.EarlyFinish == Dec(4) && t.Critical);
        Of(schedule, 3).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(7) && t.EarlyFinish == Dec(8));
        Of(schedule, 4).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(8) && t.LateFinish == Dec(8) && t.TotalSlack == 0);
        Of(schedule, 5).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(8) && t.TotalSlack == 0 && t.FreeSlack == 0);
        schedule.ProjectFinish.Should().Be(Dec(8));
        schedule.CriticalPath.Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public void Weekends_of_another_working_week_and_holidays_are_skipped_inside_a_task_and_across_a_link()
    {
        var sundayToThursday = new ProjectCalendar(
            [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], [Dec(8)]);
        PlannedTask[] tasks =
        [
            new(1, Dec(3), Dec(7)),
            new(2, Dec(3), Dec(3), Predecessors: [new(1, 1)]),
        ];

        var schedule = ScheduleEngine.Compute(tasks, sundayToThursday, ProjectStart, Today);

        Of(schedule, 1).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(3) && t.EarlyFinish == Dec(7));
        Of(schedule, 2).EarlyStart.Should().Be(Dec(10), "with Tuesday the 8th a holiday, the second working day after Monday is Thursday");
        schedule.ProjectFinish.Should().Be(Dec(10));
    }

    [Fact]
    public void Two_parallel_critical_paths_are_both_reported_in_schedule_order()
    {
        PlannedTask[] tasks =
        [
            Lasting(1, 2),
            Lasting(3, 3, After(1)),
            Lasting(2, 3, After(1)),
            Lasting(4, 1, After(2), After(3)),
            Lasting(5, 1, After(1)),
        ];

        var schedule = ScheduleEngine.Compute(tasks, Weekdays, ProjectStart, Today);

        schedule.CriticalPath.Should().Equal(1, 2, 3, 4);
        Of(schedule, 5).Should().Match<ScheduledTask>(t => t.TotalSlack == 3 && t.FreeSlack == 3 && !t.Critical);
        schedule.Tasks.Select(t => t.Number).Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public void A_stored_start_holds_a_task_back_and_gives_its_predecessor_free_slack()
    {
        PlannedTask[] tasks = [Lasting(1, 2), new(2, Dec(7), Dec(8), Predecessors: [new(1)])];

        var schedule = ScheduleEngine.Compute(tasks, Weekdays, ProjectStart, Today);

        Of(schedule, 2).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(7) && t.Critical);
        Of(schedule, 1).Should().Match<ScheduledTask>(t => t.TotalSlack == 3 && t.FreeSlack == 3 && t.LateFinish == Dec(4));
    }

    [Fact]
    public void Tasks_without_dates_last_a_day_and_start_at_the_project_start_or_when_their_predecessors_allow()
    {
        PlannedTask[] tasks =
        [
            new(1),
            new(2, Predecessors: [new(1)]),
            new(3, Milestone: true, Predecessors: [new(2)]),
            new(4, Finish: Dec(11)),
        ];

        var schedule = ScheduleEngine.Compute(tasks, Weekdays, ProjectStart, Today);

        Of(schedule, 1).Should().Match<ScheduledTask>(t => t.EarlyStart == Nov(30) && t.EarlyFinish == Nov(30));
        Of(schedule, 2).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(1) && t.EarlyFinish == Dec(1));
        Of(schedule, 3).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(1) && t.EarlyFinish == Dec(1));
        Of(schedule, 4).Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(11) && t.EarlyFinish == Dec(11), "a task with only a finish is a day on that finish");
        ScheduleEngine.Compute([new(1)], Weekdays, null, Dec(9)).Tasks[0].EarlyStart.Should().Be(Dec(9), "without any date the plan starts today");
    }

    [Fact]
    public void Variance_counts_working_days_from_the_baseline_and_late_tasks_are_judged_against_today()
    {
        PlannedTask[] tasks =
        [
            new(1, Dec(2), Dec(8), BaselineStart: Nov(30), BaselineFinish: Dec(4), Status: WorkStatus.InProgress),
            new(2, Nov(30), Dec(1), BaselineStart: Dec(1), BaselineFinish: Dec(1), Status: WorkStatus.InProgress),
            new(3, Nov(30), Dec(1), Status: WorkStatus.Done),
            new(4, Nov(30), Dec(4), Status: WorkStatus.InProgress),
            new(5, Nov(30), Dec(4), Status: WorkStatus.Cancelled),
        ];

        var schedule = ScheduleEngine.Compute(tasks, Weekdays, ProjectStart, today: Dec(3));

        Of(schedule, 1).Should().Match<ScheduledTask>(t => t.StartVariance == 2 && t.FinishVariance == 2 && !t.Late);
        Of(schedule, 2).Should().Match<ScheduledTask>(t => t.StartVariance == -1 && t.FinishVariance == 0 && t.Late);
        Of(schedule, 3).Should().Match<ScheduledTask>(t => t.StartVariance == null && t.FinishVariance == null && !t.Late);
        Of(schedule, 4).Late.Should().BeFalse("it has started and finishes after today");
        Of(schedule, 5).Late.Should().BeFalse();
        ScheduleEngine.Compute([new(1, Dec(1), Dec(4))], Weekdays, ProjectStart, Dec(3)).Tasks[0].Late.Should().BeTrue("it has not started");
    }

    [Fact]
    public void A_project_without_tasks_has_no_finish_and_no_critical_path()
    {
        var schedule = ScheduleEngine.Compute([], Weekdays, null, Today);

        schedule.Should().BeEquivalentTo(new ComputedSchedule(null, [], []));
    }

    [Fact]
    public void A_dependency_cycle_is_detected_and_named()
    {
        PlannedTask[] tasks = [Lasting(1, 1, After(3)), Lasting(2, 1, After(1)), Lasting(3, 1, After(2)), Lasting(4, 1, After(1))];

        var compute = () => ScheduleEngine.Compute(tasks, Weekdays, ProjectStart, Today);

        compute.Should().Throw<ScheduleException>().WithMessage("*cycle (T-1 → T-3 → T-2 → T-1)*");
    }

    [Fact]
    public void A_plan_beyond_the_calendar_is_refused_with_a_reason_instead_of_failing()
    {
        PlannedTask[] tasks = [new(1, new DateOnly(9999, 12, 30), new DateOnly(9999, 12, 31)), Lasting(2, 3, After(1, lag: 10))];

        var compute = () => ScheduleEngine.Compute(tasks, Weekdays, ProjectStart, Today);

        compute.Should().Throw<ScheduleException>().WithMessage("*beyond the calendar*");
    }

    [Fact]
    public void Shifting_with_cascade_moves_exactly_the_successors_that_would_start_too_early()
    {
        var tasks = ShiftNetwork();

        var byTwo = ScheduleEngine.Shift(tasks, Weekdays, ProjectStart, Today, 1, new ShiftRequest(ByDays: 2));
        var byThree = ScheduleEngine.Shift(tasks, Weekdays, ProjectStart, Today, 1, new ShiftRequest(ByDays: 3));

        byTwo.Should().Equal(
            new MovedTask(1, "T-1", Nov(30), Dec(2), Dec(2), Dec(4)),
            new MovedTask(2, "T-2", Dec(3), Dec(4), Dec(7), Dec(8)));
        byThree.Should().Equal(
            new MovedTask(1, "T-1", Nov(30), Dec(2), Dec(3), Dec(7)),
            new MovedTask(2, "T-2", Dec(3), Dec(4), Dec(8), Dec(9)),
            new MovedTask(4, "T-4", Dec(7), Dec(7), Dec(8), Dec(8)),
            new MovedTask(3, "T-3", Dec(9), Dec(9), Dec(10), Dec(10)));
    }

    [Fact]
    public void Shifting_without_cascade_moves_only_the_task()
    {
        var moved = ScheduleEngine.Shift(ShiftNetwork(), Weekdays, ProjectStart, Today, 1, new ShiftRequest(ByDays: 3, Cascade: false));

        moved.Should().Equal(new MovedTask(1, "T-1", Nov(30), Dec(2), Dec(3), Dec(7)));
    }

    [Fact]
    public void Shifting_earlier_pulls_nothing_in_unless_asked_and_then_only_what_followed_right_behind()
    {
        var tasks = ShiftNetwork();

        var stay = ScheduleEngine.Shift(tasks, Weekdays, ProjectStart, Today, 1, new ShiftRequest(ByDays: -1));
        var pulled = ScheduleEngine.Shift(tasks, Weekdays, ProjectStart, Today, 1, new ShiftRequest(ByDays: -1, PullIn: true));

        stay.Should().Equal(new MovedTask(1, "T-1", Nov(30), Dec(2), Nov(27), Dec(1)));
        pulled.Should().Equal(
            new MovedTask(1, "T-1", Nov(30), Dec(2), Nov(27), Dec(1)),
            new MovedTask(2, "T-2", Dec(3), Dec(4), Dec(2), Dec(3)));
    }

    [Fact]
    public void Pulling_in_follows_a_chain_through_tasks_without_dates()
    {
        PlannedTask[] tasks =
        [
            new(1, Dec(7), Dec(8)),
            new(2, Predecessors: [new(1)]),
            new(3, Dec(10), Dec(11), Predecessors: [new(2)]),
        ];

        var moved = ScheduleEngine.Shift(tasks, Weekdays, ProjectStart, Today, 1, new ShiftRequest(To: Nov(30), PullIn: true));

        moved.Should().Equal(
            new MovedTask(1, "T-1", Dec(7), Dec(8), Nov(30), Dec(1)),
            new MovedTask(3, "T-3", Dec(10), Dec(11), Dec(3), Dec(4)));
    }

    [Fact]
    public void Shifting_to_a_weekend_starts_on_the_next_working_day_and_keeps_the_working_duration()
    {
        var calendar = new ProjectCalendar(Project.DefaultWorkingDays, [Dec(9)]);
        PlannedTask[] tasks = [new(1, Nov(30), Dec(2))];

        var moved = ScheduleEngine.Shift(tasks, calendar, ProjectStart, Today, 1, new ShiftRequest(To: Dec(5)));

        moved.Should().Equal(new MovedTask(1, "T-1", Nov(30), Dec(2), Dec(7), Dec(10)));
    }

    [Fact]
    public void A_shifted_milestone_keeps_one_date_and_a_task_keeps_only_the_dates_it_had()
    {
        PlannedTask[] tasks =
        [
            new(1, Dec(4), Dec(4), Milestone: true),
            new(2, Finish: Dec(4), Predecessors: [new(1)]),
            new(3, Predecessors: [new(1)]),
            new(4),
        ];

        var milestone = ScheduleEngine.Shift(tasks, Weekdays, ProjectStart, Today, 1, new ShiftRequest(ByDays: 1));
        var undated = ScheduleEngine.Shift(tasks, Weekdays, ProjectStart, Today, 4, new ShiftRequest(ByDays: 2));

        milestone.Should().Equal(
            new MovedTask(1, "T-1", Dec(4), Dec(4), Dec(7), Dec(7)),
            new MovedTask(2, "T-2", null, Dec(4), null, Dec(8)));
        undated.Should().Equal(new MovedTask(4, "T-4", null, null, Dec(2), null));
    }

    [Fact]
    public void Shifting_by_nothing_moves_nothing()
    {
        var moved = ScheduleEngine.Shift(ShiftNetwork(), Weekdays, ProjectStart, Today, 2, new ShiftRequest(To: Dec(3)));

        moved.Should().BeEmpty();
    }

    // T-1 Mon–Wed; T-2 right behind it (Thu–Fri); T-3 one day after T-2 with two days to spare;
    // T-4 after T-1 with two days to spare; T-5 unrelated.
    private static PlannedTask[] ShiftNetwork() =>
    [
        new(1, Nov(30), Dec(2)),
        new(2, Dec(3), Dec(4), Predecessors: [new(1)]),
        new(3, Dec(9), Dec(9), Predecessors: [new(2)]),
        new(4, Dec(7), Dec(7), Predecessors: [new(1)]),
        new(5, Nov(30), Dec(4)),
    ];

    // A task of so many working days whose stored dates sit at the project start: only its predecessors place it.
    private static PlannedTask Lasting(int number, int days, params TaskDependency[] predecessors) =>
        days == 0
            ? new(number, ProjectStart, ProjectStart, Milestone: true, Predecessors: predecessors)
            : new(number, ProjectStart, Weekdays.AddWorkingDays(ProjectStart, days - 1), Predecessors: predecessors);

    private static TaskDependency After(int number, int lag = 0) => new(number, lag);

    private static ScheduledTask Of(ComputedSchedule schedule, int number) => schedule.Tasks.Single(t => t.Number == number);

    private static void ShouldBe(ComputedSchedule schedule, int number, DateOnly earlyStart, DateOnly earlyFinish, DateOnly lateStart,
        DateOnly lateFinish, int totalSlack, int freeSlack) =>
        Of(schedule, number).Should().BeEquivalentTo(new
        {
            EarlyStart = earlyStart,
            EarlyFinish = earlyFinish,
            LateStart = lateStart,
            LateFinish = lateFinish,
            TotalSlack = totalSlack,
            FreeSlack = freeSlack,
            Critical = totalSlack <= 0,
        }, "T-{0}", number);

    private static DateOnly Nov(int day) => new(2026, 11, day);

    private static DateOnly Dec(int day) => new(2026, 12, day);
}
