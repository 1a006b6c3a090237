using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Tasks;

public abstract class TaskTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task A_coordinator_creates_a_task_with_every_field_and_reads_it_back_by_its_number()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);
        var first = await api.CreateTaskAsync(project.Id, new NewTask("Shortlist venues")).OkAsync(HttpStatusCode.Created);

        var created = await api.CreateTaskAsync(project.Id, new NewTask(
            "Sign the venue contract", "Harbour Hall holds the date until Friday.", coordinator.Email, "erin@venue.example",
            WorkStatus.InProgress, TaskPriority.High, ProjectPhase.Executing, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 4),
            PercentComplete: 40, PlannedCost: 42_000.50m, ActualCost: 1_000m, Predecessors: [new TaskDependency(first.Number, 2)]))
            .OkAsync(HttpStatusCode.Created);
        var read = await api.GetTaskAsync(project.Id, created.Number);

        first.Should().Match<TaskItem>(t => t.Number == 1 && t.Key == "T-1" && t.Status == WorkStatus.NotStarted && t.Priority == TaskPriority.Medium);
        created.Should().Match<TaskItem>(t => t.Number == 2 && t.Key == "T-2" && t.Owner == coordinator.Email && t.Requester == "erin@venue.example"
            && t.PlannedCost == 42_000.50m && t.PercentComplete == 40 && t.Version == 1);
        created.Predecessors.Should().Equal(new TaskDependency(1, 2));
        read.ETagVersion().Should().Be(1);
        read.Content.Should().BeEquivalentTo(created with { Attachments = [], Emails = [] }, "GET of one task adds its (here no) attachments and added emails");
        var stakeholders = await api.ListStakeholdersAsync(project.Id).OkAsync();
        stakeholders.Items.Should().ContainSingle(s => s.Email == "erin@venue.example" && s.Name == "erin@venue.example" && !s.Internal);
    }

    [DatabaseFact]
    public async Task Task_numbers_are_never_reused_after_a_delete()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await api.CreateTaskAsync(project.Id, new NewTask("One")).OkAsync(HttpStatusCode.Created);
        var two = await api.CreateTaskAsync(project.Id, new NewTask("Two")).OkAsync(HttpStatusCode.Created);
        (await api.DeleteTaskAsync(project.Id, two.Number, CoordinatorClient.ETag(two.Version))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var three = await api.CreateTaskAsync(project.Id, new NewTask("Three")).OkAsync(HttpStatusCode.Created);

        three.Key.Should().Be("T-3");
        await api.GetTaskAsync(project.Id, 2).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task A_missing_predecessor_or_a_cycle_is_refused_naming_it()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        var t1 = await api.CreateTaskAsync(project.Id, new NewTask("Design")).OkAsync(HttpStatusCode.Created);
        var t2 = await api.CreateTaskAsync(project.Id, new NewTask("Build", Predecessors: [new(1)])).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Test", Predecessors: [new(2, -1)])).OkAsync(HttpStatusCode.Created);

        var missing = await api.CreateTaskAsync(project.Id, new NewTask("Ship", Predecessors: [new(3), new(9)])).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var cycle = await api.UpdateTaskAsync(project.Id, t1.Number, new { predecessors = new[] { new { task = 3, lagDays = 0 } } }, CoordinatorClient.ETag(t1.Version))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var self = await api.UpdateTaskAsync(project.Id, t2.Number, new { predecessors = new[] { new { task = 2 } } }, CoordinatorClient.ETag(t2.Version))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        missing.Errors["predecessors[1].task"].Should().ContainSingle().Which.Should().Be("T-9 does not exist in this project.");
        cycle.Errors["predecessors[0].task"].Should().ContainSingle().Which.Should().Be("T-3 would make a cycle: T-1 → T-3 → T-2 → T-1.");
        self.Detail.Should().Be("T-2 cannot depend on itself.");
        (await api.GetTaskAsync(project.Id, 1).OkAsync()).Predecessors.Should().BeEmpty();
    }

    [DatabaseFact]
    public async Task A_contributor_cannot_change_a_tasks_title_or_someone_elses_task()
    {
        var (project, contributor) = await ProjectWithAsync(ProjectRole.Contributor);
        var api = app.ClientFor(_manager);
        var mine = await api.CreateTaskAsync(project.Id, new NewTask("Ship demo units", Owner: contributor.Email)).OkAsync(HttpStatusCode.Created);
        var theirs = await api.CreateTaskAsync(project.Id, new NewTask("Press kit", Owner: _manager.Email)).OkAsync(HttpStatusCode.Created);
        var asContributor = app.ClientFor(contributor);

        var title = await asContributor.UpdateTaskAsync(project.Id, mine.Number, new { title = "Renamed" }, CoordinatorClient.ETag(mine.Version))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var other = await asContributor.UpdateTaskAsync(project.Id, theirs.Number, new { status = "Done" }, CoordinatorClient.ETag(theirs.Version))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var progress = await asContributor.UpdateTaskAsync(project.Id, mine.Number,
            new { status = "InProgress", percentComplete = 30, actualCost = 250.75 }, CoordinatorClient.ETag(mine.Version)).OkAsync();
        await asContributor.CreateTaskAsync(project.Id, new NewTask("Sneaky")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        title.Detail.Should().Contain("title");
        other.Detail.Should().Contain("T-2");
        progress.Should().Match<TaskItem>(t => t.Status == WorkStatus.InProgress && t.PercentComplete == 30 && t.ActualCost == 250.75m && t.Title == "Ship demo units");
        (await api.GetTaskAsync(project.Id, theirs.Number).OkAsync()).Status.Should().Be(WorkStatus.NotStarted);
    }

    [DatabaseFact]
    public async Task A_coordinator_cannot_move_a_baseline_but_a_manager_can()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var task = await app.ClientFor(_manager).CreateTaskAsync(project.Id, new NewTask("Venue", Start: new DateOnly(2026, 12, 1), Finish: new DateOnly(2026, 12, 4),
            BaselineStart: new DateOnly(2026, 12, 1), BaselineFinish: new DateOnly(2026, 12, 4))).OkAsync(HttpStatusCode.Created);
        var asCoordinator = app.ClientFor(coordinator);

        var moved = await asCoordinator.UpdateTaskAsync(project.Id, task.Number, new { baselineFinish = "2026-12-11" }, CoordinatorClient.ETag(task.Version))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var created = await asCoordinator.CreateTaskAsync(project.Id, new NewTask("Sneaky", BaselineStart: new DateOnly(2026, 1, 1)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var replanned = await asCoordinator.UpdateTaskAsync(project.Id, task.Number, new { finish = "2026-12-11" }, CoordinatorClient.ETag(task.Version)).OkAsync();
        var rebaselined = await app.ClientFor(_manager).UpdateTaskAsync(project.Id, task.Number, new { baselineFinish = "2026-12-11" }, CoordinatorClient.ETag(replanned.Version)).OkAsync();

        moved.Detail.Should().Contain("baseline");
        created.Detail.Should().Contain("baseline");
        replanned.BaselineFinish.Should().Be(new DateOnly(2026, 12, 4));
        rebaselined.BaselineFinish.Should().Be(new DateOnly(2026, 12, 11));
    }

    [DatabaseFact]
    public async Task History_shows_who_changed_a_tasks_finish_from_what_to_what()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var task = await app.ClientFor(_manager).CreateTaskAsync(project.Id, new NewTask("Print brochures", Finish: new DateOnly(2026, 12, 4)))
            .OkAsync(HttpStatusCode.Created);

        await app.ClientFor(coordinator).UpdateTaskAsync(project.Id, task.Number, new { finish = "2026-12-09", priority = "High" }, CoordinatorClient.ETag(task.Version)).OkAsync();
        var history = await app.ClientFor(_manager).GetTaskHistoryAsync(project.Id, task.Number).OkAsync();

        var finish = history.Items.Should().ContainSingle(h => h.Field == "finish").Subject;
        finish.Should().Match<HistoryItem>(h => h.Entity == "task" && h.EntityId == "1" && h.OldValue == "2026-12-04" && h.NewValue == "2026-12-09" && h.Version == 2);
        finish.By.Should().Be(new Actor(coordinator.Name, coordinator.Email));
        history.Items.Should().Contain(h => h.Field == "priority" && h.OldValue == "Medium" && h.NewValue == "High");
        history.Items.Should().Contain(h => h.Action == "created" && h.By.Email == _manager.Email);
    }

    [DatabaseFact]
    public async Task Deleting_a_task_needs_a_manager_and_If_Match_and_removes_it_from_its_successors_with_history()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        var design = await api.CreateTaskAsync(project.Id, new NewTask("Design")).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Research")).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Build", Predecessors: [new(1), new(2, 3)])).OkAsync(HttpStatusCode.Created);

        await app.ClientFor(coordinator).DeleteTaskAsync(project.Id, design.Number, CoordinatorClient.ETag(design.Version)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await api.DeleteTaskAsync(project.Id, design.Number, null).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var deleted = await api.DeleteTaskAsync(project.Id, design.Number, CoordinatorClient.ETag(design.Version));

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var build = await api.GetTaskAsync(project.Id, 3).OkAsync();
        build.Predecessors.Should().Equal(new TaskDependency(2, 3));
        build.Version.Should().Be(2);
        var history = await api.GetTaskHistoryAsync(project.Id, 3).OkAsync();
        history.Items.Should().Contain(h => h.Field == "predecessors" && h.OldValue == "T-1, T-2+3" && h.NewValue == "T-2+3");
        (await api.GetTaskHistoryAsync(project.Id, 1).OkAsync()).Items.Should().Contain(h => h.Action == "deleted" && h.By.Email == _manager.Email);
    }

    [DatabaseFact]
    public async Task The_task_list_filters_by_status_owner_text_and_sorts_and_pages()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await api.CreateTaskAsync(project.Id, new NewTask("Venue contract", Owner: coordinator.Email, Status: WorkStatus.InProgress, Priority: TaskPriority.Low)).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Catering", "Choose the caterer", Status: WorkStatus.Blocked, Priority: TaskPriority.Critical)).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Press kit", Owner: coordinator.Email, Priority: TaskPriority.High)).OkAsync(HttpStatusCode.Created);

        var open = await api.ListTasksAsync(project.Id, new TaskQuery { Status = "InProgress,blocked" }).OkAsync();
        var bob = await api.ListTasksAsync(project.Id, new TaskQuery { Owner = coordinator.Email.ToUpperInvariant() }).OkAsync();
        var text = await api.ListTasksAsync(project.Id, new TaskQuery { Q = "CATERER" }).OkAsync();
        var byPriority = await api.ListTasksAsync(project.Id, new TaskQuery { Sort = "-priority" }).OkAsync();
        var page = await api.ListTasksAsync(project.Id, new TaskQuery { Limit = 2 }).OkAsync();
        var next = await api.ListTasksAsync(project.Id, new TaskQuery { Limit = 2, Cursor = page.NextCursor }).OkAsync();
        var bad = await api.ListTasksAsync(project.Id, new TaskQuery { Status = "Finished" }).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        open.Items.Select(t => t.Title).Should().Equal("Venue contract", "Catering");
        bob.Items.Select(t => t.Number).Should().Equal(1, 3);
        text.Items.Should().ContainSingle().Which.Title.Should().Be("Catering");
        byPriority.Items.Select(t => t.Priority).Should().Equal(TaskPriority.Critical, TaskPriority.High, TaskPriority.Low);
        page.Items.Select(t => t.Number).Should().Equal(1, 2);
        next.Items.Select(t => t.Number).Should().Equal(3);
        bad.Errors.Should().ContainKey("status");
    }

    [DatabaseFact]
    public async Task Marking_a_task_done_completes_it_and_a_milestone_keeps_one_date()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        var task = await api.CreateTaskAsync(project.Id, new NewTask("Rehearsal", PercentComplete: 40)).OkAsync(HttpStatusCode.Created);
        var milestone = await api.CreateTaskAsync(project.Id, new NewTask("Launch", Finish: new DateOnly(2027, 1, 15), Milestone: true)).OkAsync(HttpStatusCode.Created);

        var done = await api.UpdateTaskAsync(project.Id, task.Number, new { status = "Done" }, CoordinatorClient.ETag(task.Version)).OkAsync();
        var split = await api.UpdateTaskAsync(project.Id, milestone.Number, new { start = "2027-01-14" }, CoordinatorClient.ETag(milestone.Version))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        done.PercentComplete.Should().Be(100);
        milestone.Start.Should().Be(new DateOnly(2027, 1, 15));
        split.Detail.Should().Contain("milestone");
    }

    [DatabaseFact]
    public async Task Bad_task_input_is_refused_naming_each_field_and_protected_members_are_never_bound()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        using var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", app.TokenFor(_manager));

        var invalid = await api.CreateTaskAsync(project.Id, new NewTask(new string('t', 301), Owner: "stranger@contoso.example", PercentComplete: 101,
            PlannedCost: -1, Start: new DateOnly(2026, 12, 10), Finish: new DateOnly(2026, 12, 1))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var badEnum = await http.PostAsync($"/api/projects/{project.Id}/tasks",
            new StringContent("""{ "title": "Ok", "status": "Finished" }""", System.Text.Encoding.UTF8, "application/json"));
        var smuggled = await http.PostAsync($"/api/projects/{project.Id}/tasks",
            new StringContent("""{ "title": "Ok", "number": 99, "key": "T-99", "version": 7, "source": { "internetMessageId": "<x>" }, "colour": "red" }""",
                System.Text.Encoding.UTF8, "application/json"));

        invalid.Errors.Keys.Should().BeEquivalentTo("title", "owner", "percentComplete", "plannedCost", "finish");
        badEnum.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badEnum.Content.ReadAsStringAsync()).Should().Contain("\"status\"").And.Contain("NotStarted, InProgress, Blocked, Done, Cancelled");
        smuggled.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = (await api.ListTasksAsync(project.Id).OkAsync()).Items.Should().ContainSingle().Subject;
        created.Should().Match<TaskItem>(t => t.Number == 1 && t.Version == 1 && t.Source == null);
    }

    [DatabaseFact]
    public async Task A_stale_If_Match_on_a_task_gets_412_and_a_viewer_cannot_change_anything()
    {
        var (project, viewer) = await ProjectWithAsync(ProjectRole.Viewer);
        var api = app.ClientFor(_manager);
        var task = await api.CreateTaskAsync(project.Id, new NewTask("Catering")).OkAsync(HttpStatusCode.Created);
        await api.UpdateTaskAsync(project.Id, task.Number, new { title = "Catering options" }, CoordinatorClient.ETag(task.Version)).OkAsync();

        var stale = await api.UpdateTaskAsync(project.Id, task.Number, new { title = "Catering menu" }, CoordinatorClient.ETag(task.Version))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await app.ClientFor(viewer).UpdateTaskAsync(project.Id, task.Number, new { status = "Done" }, "*").ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        stale.Extensions["etag"].ToString().Should().Be(CoordinatorClient.ETag(2));
        (await app.ClientFor(viewer).GetTaskAsync(project.Id, task.Number).OkAsync()).Title.Should().Be("Catering options");
    }

    private async Task<(Project Project, TestUser Member)> ProjectWithAsync(ProjectRole role)
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Launch", Currency: "EUR")).OkAsync(HttpStatusCode.Created);
        var member = _manager.Colleague(role.ToString());
        await api.PutMemberAsync(project.Id, member.Email, new MemberRole(role)).OkAsync(HttpStatusCode.Created);
        return (project, member);
    }
}

public sealed class TaskTestsOnSqlite(SqliteApplication app) : TaskTests(app), IClassFixture<SqliteApplication>;

public sealed class TaskTestsOnPostgres(PostgresApplication app) : TaskTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
