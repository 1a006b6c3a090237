using System.Net;
using System.Text;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;
using ProjectCalendar = OfficeCoordinator.Api.Projects.ProjectCalendar;

namespace OfficeCoordinator.Api.Tests.Schedule;

// The project starts on Monday 30 November 2026; weeks run Monday to Friday.
public abstract class ScheduleTests(CoordinatorApplication app)
{
    private static readonly DateOnly Monday = new(2026, 11, 30);
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task A_textbook_network_with_a_lag_and_a_holiday_gives_any_member_its_critical_path_and_slack()
    {
        var (project, viewer) = await ProjectWithAsync(ProjectRole.Viewer, holidays: [Dec(8)]);
        var api = app.ClientFor(_manager);
        await CreateAsync(api, project.Id, "Design", days: 3);
        await CreateAsync(api, project.Id, "Build", days: 4, new TaskDependency(1));
        await CreateAsync(api, project.Id, "Order parts", days: 2, new TaskDependency(1));
        await CreateAsync(api, project.Id, "Test", days: 5, new TaskDependency(2));
        await CreateAsync(api, project.Id, "Assemble", days: 3, new TaskDependency(3, 5));
        await CreateAsync(api, project.Id, "Ship", days: 2, new TaskDependency(4), new TaskDependency(5));
        var before = await api.GetProjectAsync(project.Id).OkAsync();

        var schedule = await app.ClientFor(viewer).GetScheduleAsync(project.Id).OkAsync();

        schedule.CriticalPath.Should().Equal(1, 3, 5, 6);
        schedule.ProjectFinish.Should().Be(Dec(21));
        schedule.PlanVersion.Should().Be(before.PlanVersion);
        schedule.Tasks.Select(t => (t.Key, t.TotalSlack, t.FreeSlack, t.Critical)).Should().Equal(
            ("T-1", 0, 0, true), ("T-2", 1, 0, false), ("T-3", 0, 0, true), ("T-4", 1, 1, false), ("T-5", 0, 0, true), ("T-6", 0, 0, true));
        schedule.Tasks[1].Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(3) && t.EarlyFinish == Dec(9) && t.LateStart == Dec(4) && t.LateFinish == Dec(10),
            "the holiday on Tuesday the 8th is not worked");
        schedule.Tasks[4].Should().Match<ScheduledTask>(t => t.EarlyStart == Dec(15) && t.EarlyFinish == Dec(17), "five working days of lag after Friday the 4th");
        schedule.Tasks.Should().OnlyContain(t => t.StartVariance == null && t.FinishVariance == null);
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(before.PlanVersion, "computing the schedule writes nothing");
        await app.ClientFor(TestUser.Create("Stranger")).GetScheduleAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task Shifting_a_task_with_cascade_moves_exactly_the_successors_that_had_to_move_and_history_shows_each_move()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await CreateShiftNetworkAsync(api, project.Id);
        await api.RaiseObstacleAsync(project.Id, new NewObstacle("The venue has not confirmed", LinkedTasks: [2])).OkAsync(HttpStatusCode.Created);
        var before = await api.GetProjectAsync(project.Id).OkAsync();

        var shift = await app.ClientFor(coordinator).ShiftTaskAsync(project.Id, 1, new ShiftRequest(ByDays: 3)).OkAsync();

        shift.Moved.Select(m => m with { Version = null }).Should().Equal(
            new MovedTask(1, "T-1", Nov(30), Dec(2), Dec(3), Dec(7)),
            new MovedTask(2, "T-2", Dec(3), Dec(4), Dec(8), Dec(9)),
            new MovedTask(4, "T-4", Dec(7), Dec(7), Dec(8), Dec(8)),
            new MovedTask(3, "T-3", Dec(9), Dec(9), Dec(10), Dec(10)));
        shift.PlanVersion.Should().Be(before.PlanVersion + 1, "every move is one change to the plan");
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(shift.PlanVersion);
        var tasks = (await api.ListTasksAsync(project.Id).OkAsync()).Items;
        tasks.Select(t => (t.Number, t.Start, t.Finish)).Should().Equal(
            (1, Dec(3), Dec(7)), (2, Dec(8), Dec(9)), (3, Dec(10), Dec(10)), (4, Dec(8), Dec(8)), (5, Nov(30), Dec(4)));
        tasks[1].Status.Should().Be(WorkStatus.Blocked, "an open obstacle does not stop a shift");
        foreach (var move in shift.Moved)
        {
            var history = (await api.GetTaskHistoryAsync(project.Id, move.Number).OkAsync()).Items;
            history.Should().ContainSingle(h => h.Field == "start" && h.OldValue == Text(move.FromStart) && h.NewValue == Text(move.ToStart)
                && h.By.Email == coordinator.Email, move.Key);
            history.Should().ContainSingle(h => h.Field == "finish" && h.OldValue == Text(move.FromFinish) && h.NewValue == Text(move.ToFinish), move.Key);
        }

        (await api.GetTaskHistoryAsync(project.Id, 5).OkAsync()).Items.Should().ContainSingle().Which.Action.Should().Be("created");
        foreach (var move in shift.Moved)
        {
            move.Version.Should().Be((await api.GetTaskAsync(project.Id, move.Number).OkAsync()).Version, "an undo pushes the earlier dates with it");
        }
    }

    [DatabaseFact]
    public async Task Shifting_without_cascade_moves_only_the_task_and_pulling_in_is_asked_for()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await CreateShiftNetworkAsync(api, project.Id);
        var asCoordinator = app.ClientFor(coordinator);

        var alone = await asCoordinator.ShiftTaskAsync(project.Id, 1, new ShiftRequest(To: Dec(5), Cascade: false)).OkAsync();
        var back = await asCoordinator.ShiftTaskAsync(project.Id, 1, new ShiftRequest(To: Nov(30))).OkAsync();
        var earlier = await asCoordinator.ShiftTaskAsync(project.Id, 1, new ShiftRequest(ByDays: -1, PullIn: true)).OkAsync();

        alone.Moved.Select(m => m with { Version = null }).Should().Equal(new MovedTask(1, "T-1", Nov(30), Dec(2), Dec(7), Dec(9)));
        back.Moved.Select(m => m with { Version = null }).Should().Equal(new MovedTask(1, "T-1", Dec(7), Dec(9), Nov(30), Dec(2)));
        earlier.Moved.Select(m => m with { Version = null }).Should().Equal(
            new MovedTask(1, "T-1", Nov(30), Dec(2), Nov(27), Dec(1)),
            new MovedTask(2, "T-2", Dec(3), Dec(4), Dec(2), Dec(3)));
    }

    [DatabaseFact]
    public async Task A_long_cascade_is_saved_in_one_transaction_with_history_for_every_task()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        const int chain = 210; // more than one save slice
        for (var number = 1; number <= chain; number++)
        {
            var day = ProjectCalendar.Default.AddWorkingDays(Monday, number - 1);
            await api.CreateTaskAsync(project.Id, new NewTask($"Step {number}", Start: day, Finish: day, Predecessors: number == 1 ? null : [new(number - 1)]))
                .OkAsync(HttpStatusCode.Created);
        }

        var before = await api.GetProjectAsync(project.Id).OkAsync();
        var stale = await api.GetTaskAsync(project.Id, chain).OkAsync();

        ShiftResult shift;
        var batch = CoordinatorDb.BulkBatchSize;
        CoordinatorDb.BulkBatchSize = 64; // several write batches in the one transaction (any size writes the same)
        try
        {
            shift = await api.ShiftTaskAsync(project.Id, 1, new ShiftRequest(ByDays: 1)).OkAsync();
        }
        finally
        {
            CoordinatorDb.BulkBatchSize = batch;
        }

        shift.Moved.Should().HaveCount(chain).And.OnlyContain(m => m.Version == 2);
        shift.PlanVersion.Should().Be(before.PlanVersion + 1);
        var tasks = (await api.ListTasksAsync(project.Id, new TaskQuery { Limit = 500 }).OkAsync()).Items;
        tasks.Should().OnlyContain(t => t.Version == 2 && t.Start == ProjectCalendar.Default.AddWorkingDays(Monday, t.Number));
        var history = (await api.GetHistoryAsync(project.Id, new ListQuery { Limit = 500, Q = "start" }).OkAsync()).Items;
        history.Where(h => h.Field == "start").Select(h => h.EntityId).Should().OnlyHaveUniqueItems().And.HaveCount(chain);
        var last = await api.GetTaskHistoryAsync(project.Id, chain).OkAsync();
        last.Items.Where(h => h.Action == "updated").Select(h => (h.Field, h.OldValue, h.NewValue, h.Version, h.By.Email)).Should().BeEquivalentTo(
            [("start", $"{stale.Start:yyyy-MM-dd}", $"{tasks[^1].Start:yyyy-MM-dd}", 2L, _manager.Email),
             ("finish", $"{stale.Finish:yyyy-MM-dd}", $"{tasks[^1].Finish:yyyy-MM-dd}", 2L, _manager.Email)]);
        var lostUpdate = await api.UpdateTaskAsync(project.Id, chain, new { title = "Step late" }, CoordinatorClient.ETag(stale.Version));
        lostUpdate.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed, "the shift moved the task's version, which If-Match checks");
    }

    [DatabaseFact]
    public async Task A_plan_kept_by_one_instance_is_not_used_after_another_instance_changes_a_task()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await CreateShiftNetworkAsync(api, project.Id);
        await api.GetScheduleAsync(project.Id).OkAsync(); // this instance keeps the plan it read
        await api.ShiftTaskAsync(project.Id, 5, new ShiftRequest(ByDays: 1)).OkAsync(); // and the plan its shift wrote

        // A second instance on the same database, with a plan cache of its own, moves T-1 a week later.
        await using var other = app.WithWebHostBuilder(_ => { });
        var otherApi = CoordinatorClient.Create(other.CreateClient(), app.TokenFor(_manager));
        var design = await otherApi.GetTaskAsync(project.Id, 1).OkAsync();
        await otherApi.UpdateTaskAsync(project.Id, 1, new { start = "2026-12-07", finish = "2026-12-09" }, CoordinatorClient.ETag(design.Version)).OkAsync();

        var schedule = await api.GetScheduleAsync(project.Id).OkAsync();
        var shift = await api.ShiftTaskAsync(project.Id, 1, new ShiftRequest(ByDays: 1)).OkAsync();

        schedule.Tasks.Single(t => t.Number == 2).EarlyStart.Should().Be(Dec(10), "T-2 follows T-1 where the other instance moved it");
        shift.Moved[0].Should().Match<MovedTask>(m => m.FromStart == Dec(7) && m.ToStart == Dec(8));
        shift.Moved.Select(m => m.Number).Should().Contain(2, "the cascade runs on the plan as stored, where T-2 is right behind T-1");
    }

    [DatabaseFact]
    public async Task A_shift_that_moves_nothing_leaves_the_plan_version_alone()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await CreateShiftNetworkAsync(api, project.Id);
        var before = await api.GetProjectAsync(project.Id).OkAsync();

        var shift = await api.ShiftTaskAsync(project.Id, 2, new ShiftRequest(ByDays: 0)).OkAsync();

        shift.Moved.Should().BeEmpty();
        shift.PlanVersion.Should().Be(before.PlanVersion);
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(before.PlanVersion);
    }

    [DatabaseFact]
    public async Task A_shift_needs_exactly_one_of_to_and_byDays_a_known_task_and_a_coordinator_or_manager()
    {
        var (project, contributor) = await ProjectWithAsync(ProjectRole.Contributor);
        var api = app.ClientFor(_manager);
        await api.CreateTaskAsync(project.Id, new NewTask("Design", Owner: contributor.Email, Start: Nov(30), Finish: Dec(2))).OkAsync(HttpStatusCode.Created);
        using var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", app.TokenFor(_manager));

        var both = await api.ShiftTaskAsync(project.Id, 1, new ShiftRequest(To: Dec(7), ByDays: 2)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var neither = await api.ShiftTaskAsync(project.Id, 1, new ShiftRequest()).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var pullInAlone = await api.ShiftTaskAsync(project.Id, 1, new ShiftRequest(ByDays: 1, Cascade: false, PullIn: true))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var badDate = await http.PostAsync($"/api/projects/{project.Id}/tasks/1/shift",
            new StringContent("""{ "to": "2026-12-32" }""", Encoding.UTF8, "application/json"));
        var unknown = await api.ShiftTaskAsync(project.Id, 9, new ShiftRequest(ByDays: 1)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var contributorShift = await app.ClientFor(contributor).ShiftTaskAsync(project.Id, 1, new ShiftRequest(ByDays: 1))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        both.Errors.Keys.Should().Equal("byDays");
        neither.Errors.Keys.Should().BeEquivalentTo("to", "byDays");
        pullInAlone.Errors.Keys.Should().Equal("pullIn");
        badDate.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badDate.Content.ReadAsStringAsync()).Should().Contain("\"to\"").And.Contain("yyyy-MM-dd");
        unknown.Detail.Should().Contain("T-9");
        contributorShift.Detail.Should().Contain("coordinator or manager");
        (await api.GetTaskAsync(project.Id, 1).OkAsync()).Should().Match<TaskItem>(t => t.Start == Nov(30) && t.Version == 1);
    }

    [DatabaseFact]
    public async Task A_coordinator_cannot_re_baseline_a_manager_can_and_the_variance_returns_to_zero()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await api.CreateTaskAsync(project.Id, new NewTask("Design", Start: Nov(30), Finish: Dec(2), BaselineStart: Nov(30), BaselineFinish: Dec(2)))
            .OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Build", Start: Dec(3), Finish: Dec(4), BaselineStart: Dec(3), BaselineFinish: Dec(4),
            Predecessors: [new(1)])).OkAsync(HttpStatusCode.Created);
        var asCoordinator = app.ClientFor(coordinator);
        await asCoordinator.ShiftTaskAsync(project.Id, 1, new ShiftRequest(ByDays: 2)).OkAsync();
        var slipped = await api.GetScheduleAsync(project.Id).OkAsync();

        var refused = await asCoordinator.TakeBaselineAsync(project.Id, new BaselineRequest()).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var taken = await api.TakeBaselineAsync(project.Id, new BaselineRequest()).OkAsync();
        var rebaselined = await api.GetScheduleAsync(project.Id).OkAsync();

        slipped.Tasks.Select(t => (t.StartVariance, t.FinishVariance)).Should().Equal((2, 2), (2, 2));
        refused.Detail.Should().Contain("project manager");
        taken.Tasks.Should().Equal(1, 2);
        taken.TakenBy.Should().Be(_manager.Email);
        taken.PlanVersion.Should().Be(rebaselined.PlanVersion);
        rebaselined.Tasks.Select(t => (t.StartVariance, t.FinishVariance)).Should().Equal((0, 0), (0, 0));
        var after = await api.GetProjectAsync(project.Id).OkAsync();
        after.BaselineTakenBy.Should().Be(_manager.Email);
        after.BaselineTakenAt.Should().BeCloseTo(taken.TakenAt, TimeSpan.FromMilliseconds(1));
        var history = (await api.GetHistoryAsync(project.Id, new ListQuery { Limit = 500 }).OkAsync()).Items;
        history.Should().ContainSingle(h => h.Entity == "task" && h.EntityId == "1" && h.Field == "baselineStart" && h.OldValue == "2026-11-30"
            && h.NewValue == "2026-12-02" && h.By.Email == _manager.Email);
        history.Should().ContainSingle(h => h.Entity == "project" && h.Field == "baselineTakenBy" && h.NewValue == _manager.Email);
    }

    [DatabaseFact]
    public async Task A_baseline_of_named_tasks_leaves_the_others_and_refuses_unknown_numbers()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await CreateShiftNetworkAsync(api, project.Id);

        var unknown = await api.TakeBaselineAsync(project.Id, new BaselineRequest([2, 9, 2])).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var taken = await api.TakeBaselineAsync(project.Id, new BaselineRequest([4, 2])).OkAsync();

        unknown.Errors.Keys.Should().BeEquivalentTo("tasks[1]", "tasks[2]");
        unknown.Detail.Should().Be("T-9 does not exist in this project.");
        taken.Tasks.Should().Equal(2, 4);
        var tasks = (await api.ListTasksAsync(project.Id).OkAsync()).Items;
        tasks.Where(t => t.BaselineStart != null).Select(t => (t.Number, t.BaselineStart, t.BaselineFinish))
            .Should().Equal((2, Dec(3), Dec(4)), (4, Dec(7), Dec(7)));
    }

    // T-1 Mon–Wed; T-2 right behind it (Thu–Fri); T-3 after T-2 with two days to spare; T-4 after T-1 with two days
    // to spare; T-5 on its own.
    private static async Task CreateShiftNetworkAsync(ICoordinatorApi api, string projectId)
    {
        NewTask[] tasks =
        [
            new("Design", Start: Nov(30), Finish: Dec(2)),
            new("Book the venue", Start: Dec(3), Finish: Dec(4), Predecessors: [new(1)]),
            new("Rehearse", Start: Dec(9), Finish: Dec(9), Predecessors: [new(2)]),
            new("Print invitations", Start: Dec(7), Finish: Dec(7), Predecessors: [new(1)]),
            new("Press list", Start: Nov(30), Finish: Dec(4)),
        ];
        foreach (var task in tasks)
        {
            await api.CreateTaskAsync(projectId, task).OkAsync(HttpStatusCode.Created);
        }
    }

    // A task of so many working days whose stored dates sit at the project start: only its predecessors place it.
    private static Task<TaskItem> CreateAsync(ICoordinatorApi api, string projectId, string title, int days, params TaskDependency[] predecessors) =>
        api.CreateTaskAsync(projectId, new NewTask(title, Start: Monday, Finish: Monday.AddDays(days - 1), Predecessors: predecessors))
            .OkAsync(HttpStatusCode.Created);

    private async Task<(Project Project, TestUser Member)> ProjectWithAsync(ProjectRole role, IReadOnlyList<DateOnly>? holidays = null)
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Launch", Start: Monday, Holidays: holidays)).OkAsync(HttpStatusCode.Created);
        var member = _manager.Colleague(role.ToString());
        await api.PutMemberAsync(project.Id, member.Email, new MemberRole(role)).OkAsync(HttpStatusCode.Created);
        return (project, member);
    }

    private static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly Nov(int day) => new(2026, 11, day);

    private static DateOnly Dec(int day) => new(2026, 12, day);
}

public sealed class ScheduleTestsOnSqlite(SqliteApplication app) : ScheduleTests(app), IClassFixture<SqliteApplication>;

public sealed class ScheduleTestsOnPostgres(PostgresApplication app) : ScheduleTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
