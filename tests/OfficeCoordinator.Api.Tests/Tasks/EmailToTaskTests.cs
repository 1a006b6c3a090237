using System.Net;
using FluentAssertions.Execution;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Tasks;

public abstract class EmailToTaskTests(CoordinatorApplication app)
{
    private readonly TestUser _coordinator = TestUser.Create("Bob Coordinator");

    [DatabaseFact]
    public async Task Every_fixture_gives_its_expected_title_and_suggested_finish_in_the_preview_and_the_task()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_coordinator);

        foreach (var fixture in EmailFixture.All())
        {
            var preview = await api.PreviewEmailAsync(new EmailPreviewRequest(project.Id, fixture.Email)).OkAsync();
            var task = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(fixture.Email)).OkAsync(HttpStatusCode.Created);

            using var scope = new AssertionScope(fixture.Name);
            var finish = fixture.ExpectedString("suggestedFinish") is { } date ? DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture) : (DateOnly?)null;
            preview.SuggestedFinish.Should().Be(finish);
            task.Finish.Should().Be(finish);
            if (fixture.ExpectedString("title") is { } title)
            {
                preview.Title.Should().Be(title);
                task.Title.Should().Be(title);
            }

            task.Title.Should().NotBeNullOrWhiteSpace();
            task.Description?.Length.Should().BeLessThanOrEqualTo(10_000);
            preview.Description.Should().Be(task.Description ?? "");
            task.Requester.Should().Be(fixture.Email.From.Email);
            task.Source!.InternetMessageId.Should().Be(fixture.Email.InternetMessageId);
            if (fixture.Expects("storedAsText"))
            {
                task.Title.Should().Be(fixture.Email.Subject, "text that looks like a formula is kept as text, exactly");
            }

            foreach (var forbidden in fixture.Expected.TryGetProperty("descriptionMustNotContain", out var list) ? list.EnumerateArray().Select(e => e.GetString()!) : [])
            {
                task.Description.Should().NotContain(forbidden);
            }
        }
    }

    [DatabaseFact]
    public async Task The_HTML_fixtures_script_never_reaches_the_description()
    {
        var project = await CreateProjectAsync();
        var email = EmailFixture.Named("html-only-before-5-dec").Email;

        var task = await app.ClientFor(_coordinator).CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(email)).OkAsync(HttpStatusCode.Created);

        task.Description.Should().Contain("The pen-test report must be closed before 5 Dec.");
        task.Description.Should().NotContainAny("<", "alert", "script", "color:red", "Original message text quoted here");
    }

    [DatabaseFact]
    public async Task Ten_identical_parallel_requests_create_exactly_one_task_and_the_others_get_it_back_with_200()
    {
        var project = await CreateProjectAsync();
        var request = new EmailTaskRequest(EmailFixture.Named("venue-contract-by-friday").AsNewMessage());

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.ClientFor(_coordinator).CreateTaskFromEmailAsync(project.Id, request)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(9);
        responses.Select(r => r.Content!.Number).Distinct().Should().ContainSingle();
        var tasks = await app.ClientFor(_coordinator).ListTasksAsync(project.Id).OkAsync();
        tasks.Items.Should().ContainSingle();
        var stakeholders = await app.ClientFor(_coordinator).ListStakeholdersAsync(project.Id).OkAsync();
        stakeholders.Items.Should().ContainSingle(s => s.Email == "erin@venue.example" && s.Name == "Erin Vendor");
    }

    // The sender is looked up before the write's short transaction: parallel emails of one new sender race to register
    // them, the unique index keeps one, and the losers start again and find it.
    [DatabaseFact]
    public async Task Ten_different_emails_of_one_new_sender_in_parallel_make_ten_tasks_with_distinct_numbers_and_one_stakeholder()
    {
        var project = await CreateProjectAsync();
        var requests = Enumerable.Range(0, 10).Select(_ => new EmailTaskRequest(EmailFixture.Named("venue-contract-by-friday").AsNewMessage())).ToList();

        var responses = await Task.WhenAll(requests.Select(request => app.ClientFor(_coordinator).CreateTaskFromEmailAsync(project.Id, request)));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        responses.Select(r => r.Content!.Number).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Enumerable.Range(1, 10));
        var stakeholders = await app.ClientFor(_coordinator).ListStakeholdersAsync(project.Id).OkAsync();
        stakeholders.Items.Should().ContainSingle(s => s.Email == "erin@venue.example");
        (await app.ClientFor(_coordinator).GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().BeGreaterThanOrEqualTo(10);
    }

    [DatabaseFact]
    public async Task The_same_email_again_returns_the_same_task_and_changes_nothing()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_coordinator);
        var request = new EmailTaskRequest(EmailFixture.Named("within-two-weeks").Email);
        var first = await api.CreateTaskFromEmailAsync(project.Id, request).OkAsync(HttpStatusCode.Created);
        var planVersion = (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion;

        var again = await api.CreateTaskFromEmailAsync(project.Id, request with { Task = new EmailTaskOptions(Title: "Something else") }).OkAsync();

        again.Should().BeEquivalentTo(first);
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(planVersion);
    }

    [DatabaseFact]
    public async Task A_sender_without_a_display_name_becomes_a_stakeholder_named_by_the_address()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_coordinator);

        var task = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(EmailFixture.Named("no-date-no-subject").Email)).OkAsync(HttpStatusCode.Created);

        task.Requester.Should().Be("noreply@tools.example");
        task.Title.Should().NotBeNullOrWhiteSpace();
        var stakeholders = await api.ListStakeholdersAsync(project.Id).OkAsync();
        stakeholders.Items.Should().ContainSingle().Which.Should().Match<Stakeholder>(s => s.Name == "noreply@tools.example" && s.Email == "noreply@tools.example");
    }

    [DatabaseFact]
    public async Task Options_override_what_the_email_suggests_and_the_owner_defaults_to_the_caller()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_coordinator);
        var email = EmailFixture.Named("venue-contract-by-friday").AsNewMessage();

        var plain = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(email)).OkAsync(HttpStatusCode.Created);
        var chosen = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(EmailFixture.Named("venue-contract-by-friday").AsNewMessage(),
            new EmailTaskOptions("Countersign the venue contract", _coordinator.Email, new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 25), TaskPriority.Critical, ProjectPhase.Planning)))
            .OkAsync(HttpStatusCode.Created);

        plain.Owner.Should().Be(_coordinator.Email);
        chosen.Should().Match<TaskItem>(t => t.Title == "Countersign the venue contract" && t.Finish == new DateOnly(2026, 11, 25)
            && t.Start == new DateOnly(2026, 11, 19) && t.Priority == TaskPriority.Critical && t.Phase == ProjectPhase.Planning);
    }

    [DatabaseFact]
    public async Task The_pane_may_set_the_requester_and_edit_the_description_and_a_bad_requester_is_named_under_task()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_coordinator);

        var task = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(EmailFixture.Named("venue-contract-by-friday").AsNewMessage(),
            new EmailTaskOptions(Requester: "Procurement@Contoso.com", Description: "  Countersign and return the scanned copy.  ")))
            .OkAsync(HttpStatusCode.Created);
        var refused = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(EmailFixture.Named("venue-contract-by-friday").AsNewMessage(),
            new EmailTaskOptions(Requester: "not an address")));

        task.Requester.Should().Be("procurement@contoso.com");
        task.Description.Should().Be("Countersign and return the scanned copy.");
        task.Finish.Should().NotBeNull("the due date is still read from the email's own body");
        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Should().ContainKey("task.requester");
    }

    [DatabaseFact]
    public async Task The_preview_matches_participants_to_stakeholders_and_writes_nothing()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_coordinator);
        var alice = await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Alice Manager", "alice@contoso.com")).OkAsync(HttpStatusCode.Created);
        var before = await api.GetProjectAsync(project.Id).OkAsync();

        var preview = await api.PreviewEmailAsync(new EmailPreviewRequest(project.Id, EmailFixture.Named("german-prefixes-eod-tomorrow").Email)).OkAsync();

        preview.Participants.Select(p => (p.Name, p.Email, p.StakeholderId)).Should().Equal(
            ("Jürgen Müller", "j.mueller@lieferant.example.de", null),
            ("Bob Coordinator", "bob@contoso.com", null),
            ("Alice Manager", "alice@contoso.com", alice.Id));
        (await api.ListTasksAsync(project.Id).OkAsync()).Items.Should().BeEmpty();
        (await api.ListStakeholdersAsync(project.Id).OkAsync()).Items.Should().ContainSingle();
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(before.PlanVersion);
    }

    [DatabaseFact]
    public async Task A_preview_for_a_project_the_caller_is_not_in_gets_404()
    {
        var project = await CreateProjectAsync();
        var stranger = TestUser.Create("Stranger");

        await app.ClientFor(stranger).PreviewEmailAsync(new EmailPreviewRequest(project.Id, EmailFixture.Named("within-two-weeks").Email))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task A_conversation_id_returns_the_tasks_of_two_emails_of_that_thread_and_nothing_of_another_tenant()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_coordinator);
        var thread = "conv-" + Guid.NewGuid().ToString("N");
        var venue = EmailFixture.Named("venue-contract-by-friday");
        var first = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(venue.AsNewMessage(thread))).OkAsync(HttpStatusCode.Created);
        var secondEmail = venue.AsNewMessage(thread) with { Subject = "RE: RE: Venue contract: catering clause" };
        var second = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(secondEmail)).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(venue.AsNewMessage("another-thread"))).OkAsync(HttpStatusCode.Created);
        var outsider = TestUser.Create("Olga Outsider");
        var theirs = await app.ClientFor(outsider).CreateProjectAsync(new NewProject("Their launch")).OkAsync(HttpStatusCode.Created);
        await app.ClientFor(outsider).CreateTaskFromEmailAsync(theirs.Id, new EmailTaskRequest(venue.AsNewMessage(thread))).OkAsync(HttpStatusCode.Created);

        var byThread = await api.GetEmailLinksAsync(conversationId: thread).OkAsync();
        var byMessage = await api.GetEmailLinksAsync(internetMessageId: secondEmail.InternetMessageId, conversationId: thread).OkAsync();
        var theirView = await app.ClientFor(outsider).GetEmailLinksAsync(conversationId: thread).OkAsync();

        byThread.Items.Select(l => (l.ProjectId, l.Type, l.Number, l.MatchedBy)).Should().Equal(
            (project.Id, "task", first.Number, "conversation"), (project.Id, "task", second.Number, "conversation"));
        byThread.Items[1].Should().Match<EmailLink>(l => l.Title == "Venue contract: catering clause" && l.Status == "NotStarted" && l.ProjectName == project.Name);
        byMessage.Items.Single(l => l.Number == second.Number).MatchedBy.Should().Be("message");
        theirView.Items.Should().ContainSingle().Which.ProjectId.Should().Be(theirs.Id);
        (await api.ListTasksAsync(project.Id, new TaskQuery { ConversationId = thread }).OkAsync()).Items.Select(t => t.Number).Should().Equal(first.Number, second.Number);
    }

    [DatabaseFact]
    public async Task Links_need_a_message_or_a_thread()
    {
        var problem = await app.ClientFor(_coordinator).GetEmailLinksAsync().ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Errors.Should().ContainKey("internetMessageId");
    }

    [DatabaseFact]
    public async Task A_bad_email_is_refused_naming_each_member_by_its_path_and_nothing_is_written()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_coordinator);
        var email = EmailFixture.Named("within-two-weeks").Email with
        {
            InternetMessageId = "",
            From = new EmailAddress("Hiro", "not-an-address"),
            To = [new EmailAddress("Bob", "bob@contoso.com"), new EmailAddress("X", "x@")],
            ReceivedAt = default,
            WebLink = "javascript:alert(1)",
        };

        var problem = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(email)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Errors.Keys.Should().BeEquivalentTo("email.internetMessageId", "email.from.email", "email.to[1].email", "email.receivedAt", "email.webLink");
        (await api.ListTasksAsync(project.Id).OkAsync()).Items.Should().BeEmpty();
        (await api.ListStakeholdersAsync(project.Id).OkAsync()).Items.Should().BeEmpty();
    }

    [DatabaseFact]
    public async Task Dates_in_the_message_are_read_in_the_offset_it_was_received_in()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_coordinator);
        // 23:30 on Wednesday in New York is already Thursday in UTC: "by Friday" is still this Friday either way,
        // but "EOD tomorrow" is Thursday for the reader in New York.
        var email = EmailFixture.Named("german-prefixes-eod-tomorrow").AsNewMessage() with
        {
            ReceivedAt = new DateTimeOffset(2026, 11, 18, 23, 30, 0, TimeSpan.FromHours(-5)),
        };

        var preview = await api.PreviewEmailAsync(new EmailPreviewRequest(project.Id, email)).OkAsync();

        preview.SuggestedFinish.Should().Be(new DateOnly(2026, 11, 19));
    }

    private async Task<Project> CreateProjectAsync() =>
        await app.ClientFor(_coordinator).CreateProjectAsync(new NewProject("Launch " + Guid.NewGuid().ToString("N")[..6])).OkAsync(HttpStatusCode.Created);
}

public sealed class EmailToTaskTestsOnSqlite(SqliteApplication app) : EmailToTaskTests(app), IClassFixture<SqliteApplication>;

public sealed class EmailToTaskTestsOnPostgres(PostgresApplication app) : EmailToTaskTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
