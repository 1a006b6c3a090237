using System.Net;
using System.Text.Json;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Plans;

// The three-way merge through its JSON door (the Excel pane's): rows as GET /plan/rows shows them, edited, sent back.
public abstract class PlanChangesTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task Rows_sent_back_unchanged_change_nothing()
    {
        var (project, _) = await PlanAsync();
        var api = app.ClientFor(_manager);
        var rows = await api.GetPlanRowsAsync(project.Id).OkAsync();

        var report = await api.ApplyPlanChangesAsync(project.Id, Changes(rows.Rows.Select(Editable))).OkAsync();

        report.Applied.Should().BeEmpty();
        report.Conflicts.Should().BeEmpty();
        report.RowErrors.Should().BeEmpty();
        report.Created.Should().BeEmpty();
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(rows.PlanVersion);
    }

    [DatabaseFact]
    public async Task The_rows_show_the_cell_forms_of_the_sheet()
    {
        var (project, _) = await PlanAsync();

        var rows = await app.ClientFor(_manager).GetPlanRowsAsync(project.Id).OkAsync();

        var design = rows.Rows[0];
        design["ID"].GetString().Should().Be("T-1");
        design["Task"].GetString().Should().Be("Design");
        design["Start"].GetString().Should().Be("2026-12-07");
        design["Finish"].GetString().Should().Be("2026-12-11");
        design["Duration (days)"].GetDouble().Should().Be(5);
        design["% Complete"].GetDouble().Should().Be(0.4);
        design["Planned Cost"].GetDouble().Should().Be(1200.5);
        design["Milestone"].GetBoolean().Should().BeFalse();
        design["Version"].GetInt64().Should().Be(1);
        rows.Rows[1]["Predecessors"].GetString().Should().Be("T-1+2");
        rows.Rows.Select(r => r["ID"].GetString()).Should().Equal("T-1", "T-2", "T-3");
    }

    [DatabaseFact]
    public async Task An_edited_finish_applies_and_the_history_says_who()
    {
        var (project, coordinator) = await PlanAsync();
        var api = app.ClientFor(coordinator);
        var rows = await api.GetPlanRowsAsync(project.Id).OkAsync();
        var edited = Editable(rows.Rows[0]);
        edited["Finish"] = "2026-12-15";

        var report = await api.ApplyPlanChangesAsync(project.Id, Changes([edited])).OkAsync();

        var task = await api.GetTaskAsync(project.Id, 1).OkAsync();
        report.Applied.Should().ContainSingle().Which.Should().Be(new AppliedCell(1, "T-1", "Finish", "2026-12-11", "2026-12-15", task.Version),
            "each applied cell carries the task's version after it, which an undo pushes the earlier value with");
        task.Finish.Should().Be(new DateOnly(2026, 12, 15));
        var history = await api.GetTaskHistoryAsync(project.Id, 1).OkAsync();
        history.Items.Should().Contain(h => h.Field == "finish" && h.NewValue == "2026-12-15" && h.By.Email == coordinator.Email);
    }

    [DatabaseFact]
    public async Task A_cell_both_sides_changed_is_a_conflict_and_the_server_keeps_its_value_while_other_cells_of_the_old_row_merge()
    {
        var (project, coordinator) = await PlanAsync();
        var api = app.ClientFor(coordinator);
        var exported = Editable((await api.GetPlanRowsAsync(project.Id).OkAsync()).Rows[0]);
        var task = await api.GetTaskAsync(project.Id, 1).OkAsync();
        await app.ClientFor(_manager).UpdateTaskAsync(project.Id, 1, new { title = "Design the stand" }, CoordinatorClient.ETag(task.Version)).OkAsync();

        var titleEdited = new Dictionary<string, object?>(exported) { ["Task"] = "Design the booth" };
        var conflict = await api.ApplyPlanChangesAsync(project.Id, Changes([titleEdited])).OkAsync();
        var finishEdited = new Dictionary<string, object?>(exported) { ["Finish"] = "2026-12-14" };
        var merged = await api.ApplyPlanChangesAsync(project.Id, Changes([finishEdited])).OkAsync();

        conflict.Conflicts.Should().ContainSingle().Which.Should().Be(new ConflictCell(1, "T-1", "Task", "Design", "Design the stand", "Design the booth", 2));
        conflict.Applied.Should().BeEmpty();
        merged.Conflicts.Should().BeEmpty();
        merged.Applied.Should().ContainSingle().Which.Column.Should().Be("Finish");
        var after = await api.GetTaskAsync(project.Id, 1).OkAsync();
        after.Title.Should().Be("Design the stand");
        after.Finish.Should().Be(new DateOnly(2026, 12, 14));
    }

    [DatabaseFact]
    public async Task A_row_without_an_ID_adds_a_task_and_a_dry_run_reports_the_same_and_changes_nothing()
    {
        var (project, coordinator) = await PlanAsync();
        var api = app.ClientFor(coordinator);
        var rows = await api.GetPlanRowsAsync(project.Id).OkAsync();
        var moved = Editable(rows.Rows[2]);
        moved["Finish"] = "2027-01-29";
        var added = new Dictionary<string, object?>
        {
            ["Row"] = 9, ["Task"] = "Print the banners", ["Phase"] = "Executing", ["Status"] = "Not started", ["Priority"] = "High",
            ["Start"] = "2027-01-04", ["Finish"] = "2027-01-08", ["% Complete"] = 0.25, ["Predecessors"] = "T-2", ["Planned Cost"] = 800, ["Milestone"] = false,
        };

        var dry = await api.ApplyPlanChangesAsync(project.Id, Changes([moved, added]), dryRun: true).OkAsync();
        var unchanged = await api.GetPlanRowsAsync(project.Id).OkAsync();
        var real = await api.ApplyPlanChangesAsync(project.Id, Changes([moved, added])).OkAsync();

        dry.Applied.Should().ContainSingle(a => a.Id == "T-3" && a.Column == "Finish");
        dry.Created.Should().ContainSingle().Which.Should().Be(new CreatedRow(9, 4, "T-4", 1));
        unchanged.PlanVersion.Should().Be(rows.PlanVersion);
        unchanged.Rows.Should().HaveCount(3);
        real.Applied.Should().BeEquivalentTo(dry.Applied, o => o.Excluding(a => a.Version), "a dry run saves nothing, so it has no versions to tell");
        real.Applied.Should().OnlyContain(a => a.Version != null);
        real.Created.Should().BeEquivalentTo(dry.Created);
        var banners = await api.GetTaskAsync(project.Id, 4).OkAsync();
        banners.Should().Match<TaskItem>(t => t.Title == "Print the banners" && t.Status == WorkStatus.NotStarted && t.Priority == TaskPriority.High
            && t.PercentComplete == 25 && t.PlannedCost == 800 && t.Predecessors.Count == 1);
    }

    [DatabaseFact]
    public async Task Many_new_rows_are_numbered_in_row_order_in_one_transaction_each_with_its_history()
    {
        var (project, coordinator) = await PlanAsync();
        var api = app.ClientFor(coordinator);
        var before = await api.GetPlanRowsAsync(project.Id).OkAsync();
        var added = Enumerable.Range(0, 300).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["Row"] = 5 + i, ["Task"] = $"Badge batch {i}", ["Start"] = "2027-01-04", ["Finish"] = "2027-01-05", ["Predecessors"] = "T-1",
        }).ToList();

        var report = await api.ApplyPlanChangesAsync(project.Id, Changes(added)).OkAsync();

        report.Created.Should().HaveCount(300).And.BeInAscendingOrder(c => c.Row);
        report.Created.Select(c => c.Number).Should().Equal(Enumerable.Range(4, 300), "numbers follow the rows and the tasks already there");
        report.RowErrors.Should().BeEmpty();
        var after = await api.GetPlanRowsAsync(project.Id, limit: 500).OkAsync();
        after.Rows.Should().HaveCount(303);
        after.PlanVersion.Should().Be(before.PlanVersion + 1, "everything was saved in one transaction");
        var last = await api.GetTaskHistoryAsync(project.Id, 303).OkAsync();
        last.Items.Should().ContainSingle(h => h.Action == "created").Which.By.Email.Should().Be(coordinator.Email);
    }

    [DatabaseFact]
    public async Task Rows_can_be_asked_for_by_task_number_or_key_and_a_bad_name_is_refused()
    {
        var (project, coordinator) = await PlanAsync();
        var api = app.ClientFor(coordinator);

        var picked = await api.GetPlanRowsAsync(project.Id, tasks: "T-3, 1,3,99").OkAsync();
        var refused = await api.GetPlanRowsAsync(project.Id, tasks: "T-3,next").ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        picked.Rows.Select(r => r["ID"].GetString()).Should().Equal("T-1", "T-3");
        picked.NextCursor.Should().BeNull();
        refused.Errors["tasks"].Should().ContainSingle().Which.Should().Contain("'next' is not a task");
    }

    [DatabaseFact]
    public async Task An_invalid_row_is_skipped_and_reported_while_the_others_apply()
    {
        var (project, coordinator) = await PlanAsync();
        var api = app.ClientFor(coordinator);
        var rows = await api.GetPlanRowsAsync(project.Id).OkAsync();
        var badPercent = Editable(rows.Rows[0]);
        badPercent["% Complete"] = 1.5;
        badPercent["Task"] = "Renamed but skipped";
        var badDates = Editable(rows.Rows[1]);
        badDates["Finish"] = "2026-01-01";
        var good = Editable(rows.Rows[2]);
        good["Priority"] = "Critical";

        var report = await api.ApplyPlanChangesAsync(project.Id, Changes([badPercent, badDates, good])).OkAsync();

        report.RowErrors.Select(e => (e.Row, e.Id, e.Column)).Should().BeEquivalentTo(new[]
        {
            (1, (string?)"T-1", (string?)"% Complete"),
            (2, "T-2", "Finish"),
        });
        report.Applied.Should().ContainSingle().Which.Should().Be(new AppliedCell(3, "T-3", "Priority", "Medium", "Critical", (await api.GetTaskAsync(project.Id, 3).OkAsync()).Version));
        report.RowErrors[0].Detail.Should().Be("% Complete is 150%; it must be between 0% and 100%.", "the manager reads the sheet's percent, not the stored fraction");
        (await api.GetTaskAsync(project.Id, 1).OkAsync()).Title.Should().Be("Design");
        (await api.GetTaskAsync(project.Id, 2).OkAsync()).Finish.Should().Be(new DateOnly(2026, 12, 18));
    }

    [DatabaseFact]
    public async Task A_cycle_across_rows_unknown_repeated_and_future_rows_are_refused()
    {
        var (project, coordinator) = await PlanAsync();
        var api = app.ClientFor(coordinator);
        var rows = await api.GetPlanRowsAsync(project.Id).OkAsync();
        var first = Editable(rows.Rows[0]);
        first["Predecessors"] = "T-3";
        var unknown = new Dictionary<string, object?>(Editable(rows.Rows[1])) { ["ID"] = "T-99" };
        var repeated = Editable(rows.Rows[0]);
        var future = new Dictionary<string, object?>(Editable(rows.Rows[2])) { ["Version"] = 5 };

        var report = await api.ApplyPlanChangesAsync(project.Id, Changes([first, unknown, repeated, future])).OkAsync();

        report.RowErrors.Should().HaveCount(4);
        report.RowErrors[0].Detail.Should().Be("T-3 would make a cycle: T-1 → T-3 → T-2 → T-1.");
        report.RowErrors[1].Detail.Should().Contain("T-99");
        report.RowErrors[2].Detail.Should().Contain("also on row 1");
        report.RowErrors[3].Detail.Should().Contain("newer");
        report.Applied.Should().BeEmpty();
    }

    [DatabaseFact]
    public async Task A_coordinators_baseline_cell_is_refused_and_the_rest_of_the_row_applies()
    {
        var (project, coordinator) = await PlanAsync();
        var api = app.ClientFor(coordinator);
        var row = Editable((await api.GetPlanRowsAsync(project.Id).OkAsync()).Rows[0]);
        row["Baseline Finish"] = "2026-12-31";
        row["Status"] = "InProgress";

        var report = await api.ApplyPlanChangesAsync(project.Id, Changes([row])).OkAsync();

        report.RowErrors.Should().ContainSingle().Which.Should().Match<RowError>(e => e.Column == "Baseline Finish" && e.Detail.Contains("project manager"));
        report.Applied.Should().ContainSingle().Which.Column.Should().Be("Status");
        (await api.GetTaskAsync(project.Id, 1).OkAsync()).BaselineFinish.Should().Be(new DateOnly(2026, 12, 11));
    }

    [DatabaseFact]
    public async Task Contributors_change_status_progress_and_cost_of_their_own_tasks_only_and_viewers_nothing()
    {
        var (project, _) = await PlanAsync();
        var dan = _manager.Colleague("Dan Contributor");
        var viewer = _manager.Colleague("Vera Viewer");
        var api = app.ClientFor(_manager);
        await api.PutMemberAsync(project.Id, dan.Email, new MemberRole(ProjectRole.Contributor)).OkAsync(HttpStatusCode.Created);
        await api.PutMemberAsync(project.Id, viewer.Email, new MemberRole(ProjectRole.Viewer)).OkAsync(HttpStatusCode.Created);
        await api.UpdateTaskAsync(project.Id, 2, new { owner = dan.Email }, "*").OkAsync();
        var rows = await app.ClientFor(dan).GetPlanRowsAsync(project.Id).OkAsync();
        var own = Editable(rows.Rows[1]);
        own["% Complete"] = 0.5;
        own["Actual Cost"] = 310;
        own["Task"] = "Build it my way";
        var other = Editable(rows.Rows[0]);
        other["Status"] = "Done";

        var report = await app.ClientFor(dan).ApplyPlanChangesAsync(project.Id, Changes([own, other])).OkAsync();
        var viewerTry = await app.ClientFor(viewer).ApplyPlanChangesAsync(project.Id, Changes([own])).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        report.Applied.Select(a => a.Column).Should().BeEquivalentTo("% Complete", "Actual Cost");
        report.RowErrors.Select(e => (e.Id, e.Column)).Should().BeEquivalentTo(new[] { ((string?)"T-2", (string?)"Task"), ("T-1", "Status") });
        viewerTry.Detail.Should().Contain("contributor");
        (await api.GetTaskAsync(project.Id, 2).OkAsync()).Should().Match<TaskItem>(t => t.PercentComplete == 50 && t.ActualCost == 310 && t.Title == "Build");
    }

    [DatabaseFact]
    public async Task Status_phase_and_priority_take_labels_or_names_in_any_case_and_the_rows_keep_the_names()
    {
        var (project, _) = await PlanAsync();
        var api = app.ClientFor(_manager);
        var rows = (await api.GetPlanRowsAsync(project.Id).OkAsync()).Rows.Select(Editable).ToList();
        rows[0]["Status"] = "in progress";
        rows[1]["Status"] = "blocked";
        rows[1]["Phase"] = "CLOSING";
        rows[2]["Status"] = "Not Started";
        rows[2]["Priority"] = "critical";
        var created = new Dictionary<string, object?> { ["Task"] = "Print the banners", ["Status"] = "notstarted", ["Phase"] = "executing", ["Priority"] = "High" };
        var wrong = new Dictionary<string, object?> { ["Task"] = "Hang the banners", ["Status"] = "Not begun" };

        var report = await api.ApplyPlanChangesAsync(project.Id, Changes([.. rows, created, wrong])).OkAsync();
        var after = await api.GetPlanRowsAsync(project.Id).OkAsync();

        report.Applied.Select(a => (a.Id, a.Column, a.To)).Should().BeEquivalentTo(new[]
        {
            ("T-1", "Status", (string?)"InProgress"), ("T-2", "Status", "Blocked"), ("T-2", "Phase", "Closing"), ("T-3", "Priority", "Critical"),
        }, "T-3 is already not started, and reports keep the API's values");
        report.Created.Should().ContainSingle().Which.Key.Should().Be("T-4");
        report.RowErrors.Should().ContainSingle().Which.Detail.Should().Contain("Not started, In progress, Blocked, Done, Cancelled");
        after.Rows.Select(row => row["Status"].GetString()).Should().Equal("InProgress", "Blocked", "NotStarted", "NotStarted");
        after.Rows[3]["Phase"].GetString().Should().Be("Executing");
    }

    [DatabaseFact]
    public async Task A_push_of_more_rows_than_one_save_holds_creates_and_changes_them_all_in_one_version()
    {
        var (project, _) = await PlanAsync();
        var api = app.ClientFor(_manager);
        var added = Enumerable.Range(1, 1_100).Select(i => new Dictionary<string, object?> { ["Task"] = $"Stand part {i}" }).ToList();

        var creation = await api.ApplyPlanChangesAsync(project.Id, Changes(added)).OkAsync();
        var rows = await api.GetPlanRowsAsync(project.Id, limit: 500).OkAsync();
        var pages = new List<IReadOnlyDictionary<string, JsonElement>>(rows.Rows);
        for (var page = rows; page.NextCursor is { } cursor;)
        {
            page = await api.GetPlanRowsAsync(project.Id, limit: 500, cursor: cursor).OkAsync();
            pages.AddRange(page.Rows);
        }

        var renamed = pages.Select(Editable).Select(row => new Dictionary<string, object?>(row) { ["Task"] = $"{row["Task"]} (checked)" }).ToList();
        var report = await api.ApplyPlanChangesAsync(project.Id, Changes(renamed)).OkAsync();

        creation.Created.Select(c => c.Number).Should().Equal(Enumerable.Range(4, 1_100), "new rows take their numbers in row order");
        report.Applied.Should().HaveCount(1_103).And.OnlyContain(cell => cell.Column == "Task");
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(rows.PlanVersion + 1, "the whole push is one change to the plan");
        var tasks = (await api.ListTasksAsync(project.Id, new TaskQuery { Limit = 500, Sort = "number" }).OkAsync()).Items
            .Concat((await api.ListTasksAsync(project.Id, new TaskQuery { Limit = 500, Sort = "-number" }).OkAsync()).Items).ToList();
        tasks.Should().HaveCount(1_000).And.OnlyContain(t => t.Title.EndsWith(" (checked)", StringComparison.Ordinal));
        tasks.Where(t => t.Number > 3).Should().OnlyContain(t => t.Version == 2, "each new task changed once");
        var last = tasks[^1];
        report.Applied.Where(a => a.Id == last.Key).Should().ContainSingle().Which.Version.Should().Be(last.Version);
        var history = await api.GetTaskHistoryAsync(project.Id, last.Number).OkAsync();
        history.Items.Where(h => h.Action == "updated").Should().ContainSingle()
            .Which.Should().Match<HistoryItem>(h => h.Field == "title" && h.NewValue == last.Title && h.Version == 2);
    }

    // Design (T-1) → Build (T-2, lag 2) → Test (T-3), with dates, costs and a baseline.
    private Task<(Project Project, TestUser Coordinator)> PlanAsync() => TradeFair.CreateAsync(app, _manager);

    // A row as the pane sends it back: the values of GET /plan/rows.
    private static Dictionary<string, object?> Editable(IReadOnlyDictionary<string, JsonElement> row) =>
        row.ToDictionary(cell => cell.Key, cell => (object?)(cell.Value.ValueKind switch
        {
            JsonValueKind.String => cell.Value.GetString(),
            JsonValueKind.Number => cell.Value.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        }));

    private static PlanChanges Changes(IEnumerable<IReadOnlyDictionary<string, object?>> rows) => new([.. rows]);
}

public sealed class PlanChangesTestsOnSqlite(SqliteApplication app) : PlanChangesTests(app), IClassFixture<SqliteApplication>;

public sealed class PlanChangesTestsOnPostgres(PostgresApplication app) : PlanChangesTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
