using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Records;

// The coordinator's record: the communication and decision log, obstacles, links by thread and search.
public abstract class CoordinatorRecordTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task A_conversation_id_returns_the_task_the_decision_and_the_obstacle_made_from_three_emails_of_one_thread()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);
        var thread = "conv-" + Guid.NewGuid().ToString("N");
        var venue = EmailFixture.Named("venue-contract-by-friday");
        var first = venue.AsNewMessage(thread);
        var second = venue.AsNewMessage(thread) with { Subject = "RE: Venue contract: we take the Harbour Hall" };
        var third = venue.AsNewMessage(thread) with { Subject = "RE: Venue contract: legal has not signed" };

        var task = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(first)).OkAsync(HttpStatusCode.Created);
        var decision = await api.LogCommunicationAsync(project.Id, new NewCommunication("We take the Harbour Hall for the launch.", CommunicationKind.Decision,
            SourceEmail: second, LinkedTasks: [task.Number], Decision: new DecisionDetails("Book the Harbour Hall", "alice@contoso.example", "Only venue free on the date"))).OkAsync(HttpStatusCode.Created);
        var obstacle = await api.RaiseObstacleAsync(project.Id, new NewObstacle("Legal has not signed the venue contract", "The date may be lost",
            LinkedTasks: [task.Number], SourceEmail: third)).OkAsync(HttpStatusCode.Created);

        var links = await api.GetEmailLinksAsync(conversationId: thread).OkAsync();
        var byMessage = await api.GetEmailLinksAsync(internetMessageId: second.InternetMessageId).OkAsync();

        links.Items.Select(l => (l.Type, l.Id, l.MatchedBy)).Should().BeEquivalentTo(new[]
        {
            ("task", task.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "conversation"),
            ("decision", decision.Id, "conversation"),
            ("obstacle", obstacle.Id, "conversation"),
        });
        links.Items.Single(l => l.Type == "decision").Should().Match<EmailLink>(l => l.Title == "Book the Harbour Hall" && l.Status == "Proposed");
        links.Items.Single(l => l.Type == "obstacle").Status.Should().Be("Open");
        byMessage.Items.Should().ContainSingle().Which.Should().Match<EmailLink>(l => l.Type == "decision" && l.MatchedBy == "message");
        decision.Source!.InternetMessageId.Should().Be(second.InternetMessageId);
        decision.Channel.Should().Be(Channel.Email);
        decision.Direction.Should().Be(Direction.Inbound);
        decision.Participants.Select(p => p.Email).Should().Equal("erin@venue.example", "bob@contoso.com");
    }

    [DatabaseFact]
    public async Task An_obstacle_blocks_a_task_in_progress_until_the_last_open_obstacle_on_it_closes()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);
        var task = await api.CreateTaskAsync(project.Id, new NewTask("Sign the venue contract", Status: WorkStatus.InProgress)).OkAsync(HttpStatusCode.Created);
        var done = await api.CreateTaskAsync(project.Id, new NewTask("Shortlist venues", Status: WorkStatus.Done)).OkAsync(HttpStatusCode.Created);

        var legal = await api.RaiseObstacleAsync(project.Id, new NewObstacle("Legal review pending", LinkedTasks: [task.Number, done.Number])).OkAsync(HttpStatusCode.Created);
        var blocked = await api.GetTaskAsync(project.Id, task.Number).OkAsync();
        var budget = await api.RaiseObstacleAsync(project.Id, new NewObstacle("Deposit exceeds the budget line", LinkedTasks: [task.Number])).OkAsync(HttpStatusCode.Created);
        var legalResolved = await api.UpdateObstacleAsync(project.Id, legal.Id, new { status = "Resolved" }, CoordinatorClient.ETag(legal.Version)).OkAsync();
        var stillBlocked = await api.GetTaskAsync(project.Id, task.Number).OkAsync();
        var manual = await api.UpdateTaskAsync(project.Id, task.Number, new { status = "InProgress" }, CoordinatorClient.ETag(stillBlocked.Version))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await api.UpdateObstacleAsync(project.Id, budget.Id, new { status = "SolutionProposed", proposedSolution = "Split the deposit" }, CoordinatorClient.ETag(budget.Version)).OkAsync();
        var stillBlockedWhileSolving = await api.GetTaskAsync(project.Id, task.Number).OkAsync();
        var accepted = await api.UpdateObstacleAsync(project.Id, budget.Id, new { status = "Accepted" }, CoordinatorClient.ETag(budget.Version + 1)).OkAsync();
        var restored = await api.GetTaskAsync(project.Id, task.Number).OkAsync();

        blocked.Status.Should().Be(WorkStatus.Blocked);
        (await api.GetTaskAsync(project.Id, done.Number).OkAsync()).Status.Should().Be(WorkStatus.Done);
        legalResolved.ResolvedAt.Should().NotBeNull();
        stillBlocked.Status.Should().Be(WorkStatus.Blocked);
        manual.Detail.Should().Contain("Deposit exceeds the budget line");
        stillBlockedWhileSolving.Status.Should().Be(WorkStatus.Blocked);
        accepted.ResolvedAt.Should().NotBeNull();
        restored.Status.Should().Be(WorkStatus.InProgress);
        var history = await api.GetTaskHistoryAsync(project.Id, task.Number).OkAsync();
        history.Items.Where(h => h.Field == "status").Select(h => (h.OldValue, h.NewValue)).Should().Equal(("Blocked", "InProgress"), ("InProgress", "Blocked"));
    }

    [DatabaseFact]
    public async Task A_coordinators_approval_gets_403_and_a_managers_approval_shows_in_the_history()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var decision = await app.ClientFor(coordinator).LogCommunicationAsync(project.Id, new NewCommunication("Budget call with Priya", CommunicationKind.Decision,
            Channel.Call, Decision: new DecisionDetails("Q1 budget of EUR 42,000", "priya@contoso.example", "Matches the sponsor's forecast"))).OkAsync(HttpStatusCode.Created);

        var refused = await app.ClientFor(coordinator).UpdateDecisionAsync(project.Id, decision.Id, new { status = "Approved" }, CoordinatorClient.ETag(decision.Version))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var viaLog = await app.ClientFor(coordinator).UpdateCommunicationAsync(project.Id, decision.Id, new { decision = new { status = "Rejected" } }, CoordinatorClient.ETag(decision.Version))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var approved = await app.ClientFor(_manager).UpdateDecisionAsync(project.Id, decision.Id, new { status = "Approved" }, CoordinatorClient.ETag(decision.Version)).OkAsync();
        var history = await app.ClientFor(coordinator).GetCommunicationHistoryAsync(project.Id, decision.Id).OkAsync();
        var approvedOnly = await app.ClientFor(coordinator).ListDecisionsAsync(project.Id, new CommunicationQuery { Status = "Approved" }).OkAsync();

        refused.Detail.Should().Contain("project manager");
        viaLog.Status.Should().Be(403);
        decision.Decision!.Status.Should().Be(DecisionStatus.Proposed);
        approved.Decision!.Status.Should().Be(DecisionStatus.Approved);
        history.Items.Should().ContainSingle(h => h.Field == "decision.status").Which.Should().Match<HistoryItem>(h =>
            h.OldValue == "Proposed" && h.NewValue == "Approved" && h.By.Email == _manager.Email && h.Entity == "communication");
        approvedOnly.Items.Should().ContainSingle().Which.Id.Should().Be(decision.Id);
    }

    [DatabaseFact]
    public async Task Search_finds_a_communication_by_its_summary_and_a_decision_by_its_rationale_ranked_with_a_snippet()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);
        var call = await api.LogCommunicationAsync(project.Id, new NewCommunication("Caterer confirmed the vegetarian menu for 300 guests", CommunicationKind.Update, Channel.Call))
            .OkAsync(HttpStatusCode.Created);
        var decision = await api.LogCommunicationAsync(project.Id, new NewCommunication("Steering meeting", CommunicationKind.Decision, Channel.Meeting,
            Decision: new DecisionDetails("Move the launch to March", Rationale: "The keynote speaker is travelling in February"))).OkAsync(HttpStatusCode.Created);
        var task = await api.CreateTaskAsync(project.Id, new NewTask("Vegetarian menu tasting", "Book the tasting with the caterer")).OkAsync(HttpStatusCode.Created);
        await api.RaiseObstacleAsync(project.Id, new NewObstacle("Caterer short of staff", "Menu may shrink")).OkAsync(HttpStatusCode.Created);
        await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Hiro Tanaka", "hiro@partner.example", "Tanaka Catering", Notes: "Speaker liaison")).OkAsync(HttpStatusCode.Created);
        var rehearsal = await api.CreateTaskAsync(project.Id, new NewTask("Keynote rehearsal")).OkAsync(HttpStatusCode.Created);
        var other = await app.ClientFor(_manager).CreateProjectAsync(new NewProject("Other project")).OkAsync(HttpStatusCode.Created);
        await app.ClientFor(_manager).LogCommunicationAsync(other.Id, new NewCommunication("The vegetarian option elsewhere", CommunicationKind.Note)).OkAsync(HttpStatusCode.Created);

        var summary = await api.SearchAsync(project.Id, "vegetarian").OkAsync();
        var rationale = await api.SearchAsync(project.Id, "keynote").OkAsync();
        var prefix = await api.SearchAsync(project.Id, "cater").OkAsync();
        var both = await api.SearchAsync(project.Id, "menu caterer").OkAsync();
        var speaker = await api.SearchAsync(project.Id, "speaker").OkAsync();

        summary.Items.Select(h => h.Type).Should().BeEquivalentTo("communication", "task");
        summary.Items.Should().Contain(h => h.Type == "communication" && h.Id == call.Id && h.Snippet.Contains("[vegetarian]"));
        summary.Items.Should().BeInDescendingOrder(h => h.Rank);
        rationale.Items.Select(h => (h.Type, h.Id)).Should().Equal([("task", rehearsal.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("decision", decision.Id)],
            "a match in the title ranks above a match in the body");
        rationale.Items[1].Title.Should().Be("Move the launch to March");
        rationale.Items[1].Snippet.Should().Contain("[keynote]");
        prefix.Items.Select(h => h.Type).Should().Contain(["communication", "task", "obstacle", "stakeholder"]);
        both.Items.Select(h => h.Type).Should().BeEquivalentTo("communication", "task", "obstacle");
        speaker.Items.Select(h => h.Type).Should().BeEquivalentTo("decision", "stakeholder");
        (await api.GetTaskAsync(project.Id, task.Number).OkAsync()).Number.Should().Be(int.Parse(summary.Items.Single(h => h.Type == "task").Id, System.Globalization.CultureInfo.InvariantCulture));
    }

    [DatabaseFact]
    public async Task Search_stays_in_step_with_every_change()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        var task = await api.CreateTaskAsync(project.Id, new NewTask("Order the banners")).OkAsync(HttpStatusCode.Created);
        await api.UpdateTaskAsync(project.Id, task.Number, new { title = "Order the flags" }, CoordinatorClient.ETag(task.Version)).OkAsync();

        var before = await api.SearchAsync(project.Id, "banners").OkAsync();
        var after = await api.SearchAsync(project.Id, "flags").OkAsync();
        await api.DeleteTaskAsync(project.Id, task.Number, CoordinatorClient.ETag(task.Version + 1));
        var deleted = await api.SearchAsync(project.Id, "flags").OkAsync();
        var nothing = await api.SearchAsync(project.Id, "   --- ").ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        before.Items.Should().BeEmpty();
        after.Items.Should().ContainSingle().Which.Title.Should().Be("Order the flags");
        deleted.Items.Should().BeEmpty();
        nothing.Errors.Should().ContainKey("q");
    }

    [DatabaseFact]
    public async Task The_log_filters_by_kind_channel_stakeholder_task_dates_and_text()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);
        var task = await api.CreateTaskAsync(project.Id, new NewTask("Press kit")).OkAsync(HttpStatusCode.Created);
        await api.LogCommunicationAsync(project.Id, new NewCommunication("Briefed TechNews", CommunicationKind.Update, Channel.Call, Direction.Outbound,
            new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.Zero), [new EmailAddress("Tom Reyes", "tom@technews.example")], [task.Number])).OkAsync(HttpStatusCode.Created);
        await api.LogCommunicationAsync(project.Id, new NewCommunication("Asked Erin for the floor plan", CommunicationKind.Request, Channel.Email, Direction.Outbound,
            new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), [new EmailAddress("Erin Vendor", "erin@venue.example")])).OkAsync(HttpStatusCode.Created);
        var tom = (await api.ListStakeholdersAsync(project.Id, new ListQuery { Q = "tom" }).OkAsync()).Items.Single();

        var requests = await api.ListCommunicationsAsync(project.Id, new CommunicationQuery { Kind = "Request" }).OkAsync();
        var calls = await api.ListCommunicationsAsync(project.Id, new CommunicationQuery { Channel = "Call" }).OkAsync();
        var withTom = await api.ListCommunicationsAsync(project.Id, new CommunicationQuery { Stakeholder = tom.Id }).OkAsync();
        var onTask = await api.ListCommunicationsAsync(project.Id, new CommunicationQuery { Task = task.Number }).OkAsync();
        var late = await api.ListCommunicationsAsync(project.Id, new CommunicationQuery { From = "2026-11-15", To = "2026-11-20" }).OkAsync();
        var text = await api.ListCommunicationsAsync(project.Id, new CommunicationQuery { Q = "floor PLAN" }).OkAsync();
        var all = await api.ListCommunicationsAsync(project.Id).OkAsync();
        var bad = await api.ListCommunicationsAsync(project.Id, new CommunicationQuery { Kind = "Gossip", From = "yesterday" }).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        requests.Items.Should().ContainSingle().Which.Summary.Should().Be("Asked Erin for the floor plan");
        calls.Items.Should().ContainSingle().Which.Participants.Should().Equal(new EmailAddress("Tom Reyes", "tom@technews.example"));
        withTom.Items.Should().ContainSingle().Which.LinkedTasks.Should().Equal(task.Number);
        onTask.Items.Should().ContainSingle().Which.Summary.Should().Be("Briefed TechNews");
        late.Items.Should().ContainSingle().Which.Kind.Should().Be(CommunicationKind.Request);
        text.Items.Should().ContainSingle();
        all.Items.Select(c => c.Summary).Should().Equal("Asked Erin for the floor plan", "Briefed TechNews");
        all.Items.Should().OnlyContain(c => c.LoggedBy.Email == coordinator.Email);
        bad.Errors.Keys.Should().BeEquivalentTo("kind", "from");
    }

    [DatabaseFact]
    public async Task Bad_log_entries_and_obstacles_are_refused_naming_the_field_and_roles_are_enforced()
    {
        var (project, contributor) = await ProjectWithAsync(ProjectRole.Contributor);
        var api = app.ClientFor(_manager);
        var coordinator = _manager.Colleague("Coordinator");
        await api.PutMemberAsync(project.Id, coordinator.Email, new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);

        var noDecision = await api.LogCommunicationAsync(project.Id, new NewCommunication("We decided", CommunicationKind.Decision)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var stray = await api.LogCommunicationAsync(project.Id, new NewCommunication("FYI", CommunicationKind.Update, Decision: new DecisionDetails("x"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var missingTask = await api.RaiseObstacleAsync(project.Id, new NewObstacle("Blocked", LinkedTasks: [42], CommunicatedTo: ["not-an-address"])).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var preApproved = await app.ClientFor(coordinator).LogCommunicationAsync(project.Id, new NewCommunication("Go", CommunicationKind.Decision,
            Decision: new DecisionDetails("Go ahead", Status: DecisionStatus.Approved))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await app.ClientFor(contributor).LogCommunicationAsync(project.Id, new NewCommunication("Hi")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await app.ClientFor(contributor).RaiseObstacleAsync(project.Id, new NewObstacle("Mine")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var managerApproved = await api.LogCommunicationAsync(project.Id, new NewCommunication("Go", CommunicationKind.Decision,
            Decision: new DecisionDetails("Go ahead", Status: DecisionStatus.Approved))).OkAsync(HttpStatusCode.Created);

        noDecision.Errors.Should().ContainKey("decision");
        stray.Errors.Should().ContainKey("decision");
        missingTask.Errors.Keys.Should().BeEquivalentTo("linkedTasks[0]", "communicatedTo[0]");
        preApproved.Detail.Should().Contain("Proposed");
        managerApproved.Decision!.Status.Should().Be(DecisionStatus.Approved);
        (await api.ListObstaclesAsync(project.Id).OkAsync()).Items.Should().BeEmpty();
    }

    private async Task<(Project Project, TestUser Member)> ProjectWithAsync(ProjectRole role)
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Launch")).OkAsync(HttpStatusCode.Created);
        var member = _manager.Colleague(role.ToString());
        await api.PutMemberAsync(project.Id, member.Email, new MemberRole(role)).OkAsync(HttpStatusCode.Created);
        return (project, member);
    }
}

public sealed class CoordinatorRecordTestsOnSqlite(SqliteApplication app) : CoordinatorRecordTests(app), IClassFixture<SqliteApplication>;

public sealed class CoordinatorRecordTestsOnPostgres(PostgresApplication app) : CoordinatorRecordTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
