using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Tasks;

// "Add this email to T-5": a later message of a thread becomes a reference of the task it belongs to.
public abstract class TaskEmailTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task An_email_added_to_a_task_answers_201_then_200_and_shows_on_the_task_in_its_history_and_in_the_links()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);
        var thread = "conv-" + Guid.NewGuid().ToString("N");
        var venue = EmailFixture.Named("venue-contract-by-friday");
        var first = venue.AsNewMessage(thread);
        var reply = venue.AsNewMessage(thread) with { Subject = "RE: Venue contract: legal signs on Monday", ReceivedAt = first.ReceivedAt.AddDays(1) };
        var task = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(first)).OkAsync(HttpStatusCode.Created);
        var before = await api.GetProjectAsync(project.Id).OkAsync();

        var added = await api.AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(reply)).OkAsync(HttpStatusCode.Created);
        var afterAdding = await api.GetProjectAsync(project.Id).OkAsync();
        var again = await api.AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(reply)).OkAsync();
        var itsOwn = await api.AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(first)).OkAsync();
        var read = await api.GetTaskAsync(project.Id, task.Number).OkAsync();

        added.Version.Should().Be(task.Version + 1);
        afterAdding.PlanVersion.Should().Be(before.PlanVersion + 1);
        again.Version.Should().Be(added.Version);
        itsOwn.Version.Should().Be(added.Version);
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(afterAdding.PlanVersion, "adding an email twice changes nothing");
        read.Source!.InternetMessageId.Should().Be(first.InternetMessageId);
        read.Emails.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new TaskEmail(reply.InternetMessageId, reply.Subject, new EmailAddress("Erin Vendor", "erin@venue.example"), reply.ReceivedAt, null));
        added.Emails.Should().BeEquivalentTo(read.Emails);

        var history = await api.GetTaskHistoryAsync(project.Id, task.Number).OkAsync();
        history.Items.Should().ContainSingle(h => h.Field == "emails").Which.Should().Match<HistoryItem>(h =>
            h.Action == "updated" && h.NewValue == reply.Subject && h.OldValue == null && h.Version == added.Version && h.By.Email == coordinator.Email);

        var byMessage = await api.GetEmailLinksAsync(internetMessageId: reply.InternetMessageId, conversationId: thread).OkAsync();
        var byThread = await api.GetEmailLinksAsync(conversationId: thread).OkAsync();
        byMessage.Items.Should().ContainSingle().Which.Should().Match<EmailLink>(l => l.Type == "task" && l.Number == task.Number && l.MatchedBy == "message");
        byThread.Items.Should().ContainSingle().Which.Should().Match<EmailLink>(l => l.Number == task.Number && l.MatchedBy == "conversation");
    }

    [DatabaseFact]
    public async Task An_email_added_to_a_task_made_by_hand_lists_the_task_for_its_thread_and_newest_emails_come_first()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);
        var thread = "conv-" + Guid.NewGuid().ToString("N");
        var venue = EmailFixture.Named("venue-contract-by-friday");
        var older = venue.AsNewMessage(thread);
        var newer = venue.AsNewMessage(thread) with { Subject = "RE: Venue contract: signed", ReceivedAt = older.ReceivedAt.AddHours(3) };
        var task = await api.CreateTaskAsync(project.Id, new NewTask("Sign the venue contract")).OkAsync(HttpStatusCode.Created);

        await api.AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(newer)).OkAsync(HttpStatusCode.Created);
        var both = await api.AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(older)).OkAsync(HttpStatusCode.Created);

        both.Version.Should().Be(task.Version + 2);
        both.Emails!.Select(e => e.InternetMessageId).Should().Equal(newer.InternetMessageId, older.InternetMessageId);
        (await api.ListTasksAsync(project.Id, new TaskQuery { ConversationId = thread }).OkAsync()).Items.Select(t => t.Number).Should().Equal(task.Number);
        (await api.GetEmailLinksAsync(internetMessageId: older.InternetMessageId).OkAsync()).Items.Should().ContainSingle()
            .Which.Should().Match<EmailLink>(l => l.Number == task.Number && l.MatchedBy == "message");
        (await api.GetEmailLinksAsync(conversationId: thread).OkAsync()).Items.Should().ContainSingle().Which.MatchedBy.Should().Be("conversation");
    }

    [DatabaseFact]
    public async Task Contributors_and_viewers_get_403_and_people_outside_the_project_404()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var task = await app.ClientFor(coordinator).CreateTaskAsync(project.Id, new NewTask("Sign the venue contract")).OkAsync(HttpStatusCode.Created);
        var request = new AddTaskEmailRequest(EmailFixture.Named("venue-contract-by-friday").AsNewMessage());
        var contributor = _manager.Colleague("Carl Contributor");
        var viewer = _manager.Colleague("Vera Viewer");
        await app.ClientFor(_manager).PutMemberAsync(project.Id, contributor.Email, new MemberRole(ProjectRole.Contributor)).OkAsync(HttpStatusCode.Created);
        await app.ClientFor(_manager).PutMemberAsync(project.Id, viewer.Email, new MemberRole(ProjectRole.Viewer)).OkAsync(HttpStatusCode.Created);

        var byContributor = await app.ClientFor(contributor).AddTaskEmailAsync(project.Id, task.Number, request).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var byViewer = await app.ClientFor(viewer).AddTaskEmailAsync(project.Id, task.Number, request).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await app.ClientFor(_manager.Colleague("Olga Outsider")).AddTaskEmailAsync(project.Id, task.Number, request).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await app.ClientFor(TestUser.Create("Tom Other Tenant")).AddTaskEmailAsync(project.Id, task.Number, request).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        byContributor.Detail.Should().Be("Only a coordinator or manager can add emails to tasks; you are a Contributor on this project.");
        byViewer.Detail.Should().Contain("you are a Viewer");
        (await app.ClientFor(_manager).GetTaskAsync(project.Id, task.Number).OkAsync()).Should().Match<TaskItem>(t => t.Version == task.Version && t.Emails!.Count == 0);
    }

    [DatabaseFact]
    public async Task A_bad_email_gets_400_naming_the_member_and_a_missing_task_404_and_nothing_is_written()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);
        var task = await api.CreateTaskAsync(project.Id, new NewTask("Sign the venue contract")).OkAsync(HttpStatusCode.Created);
        var before = await api.GetProjectAsync(project.Id).OkAsync();
        var email = EmailFixture.Named("venue-contract-by-friday").AsNewMessage() with { From = new EmailAddress("Erin", "not-an-address"), ReceivedAt = default };

        var bad = await api.AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(email)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var none = await api.AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(null!)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var missing = await api.AddTaskEmailAsync(project.Id, 999, new AddTaskEmailRequest(EmailFixture.Named("venue-contract-by-friday").AsNewMessage()))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        bad.Errors.Keys.Should().BeEquivalentTo("email.from.email", "email.receivedAt");
        none.Errors.Should().ContainKey("email");
        missing.Detail.Should().Be("There is no task T-999 in this project.");
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(before.PlanVersion);
        (await api.ListStakeholdersAsync(project.Id).OkAsync()).Items.Should().BeEmpty();
    }

    [DatabaseFact]
    public async Task Deleting_a_task_takes_its_added_emails_with_it()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var email = EmailFixture.Named("venue-contract-by-friday").AsNewMessage("conv-" + Guid.NewGuid().ToString("N"));
        var task = await app.ClientFor(coordinator).CreateTaskAsync(project.Id, new NewTask("Sign the venue contract")).OkAsync(HttpStatusCode.Created);
        var added = await app.ClientFor(coordinator).AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(email)).OkAsync(HttpStatusCode.Created);

        var deleted = await app.ClientFor(_manager).DeleteTaskAsync(project.Id, task.Number, CoordinatorClient.ETag(added.Version));

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await app.ClientFor(coordinator).GetEmailLinksAsync(email.InternetMessageId, email.ConversationId).OkAsync()).Items.Should().BeEmpty();
        var again = await app.ClientFor(coordinator).CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(email)).OkAsync(HttpStatusCode.Created);
        again.Source!.InternetMessageId.Should().Be(email.InternetMessageId);
    }

    private async Task<(Project Project, TestUser Member)> ProjectWithAsync(ProjectRole role)
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Launch " + Guid.NewGuid().ToString("N")[..6])).OkAsync(HttpStatusCode.Created);
        var member = _manager.Colleague(role.ToString());
        await api.PutMemberAsync(project.Id, member.Email, new MemberRole(role)).OkAsync(HttpStatusCode.Created);
        return (project, member);
    }
}

public sealed class TaskEmailTestsOnSqlite(SqliteApplication app) : TaskEmailTests(app), IClassFixture<SqliteApplication>;

public sealed class TaskEmailTestsOnPostgres(PostgresApplication app) : TaskEmailTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
