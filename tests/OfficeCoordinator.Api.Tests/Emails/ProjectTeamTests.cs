using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Emails;

// Project members are the team: never offered as new stakeholders, never added to the register by the server
// (DESIGN.md "Outlook task pane"), yet still named on what they took part in.
public abstract class ProjectTeamTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task The_preview_marks_members_with_their_role_matched_by_address_in_any_case()
    {
        var (project, coordinator, contributor) = await TeamAsync();
        var email = EmailFixture.Named("venue-contract-by-friday").AsNewMessage() with
        {
            From = new EmailAddress("Carl", contributor.Email.ToUpperInvariant()),
            To = [new EmailAddress("Bob", coordinator.Email), new EmailAddress("Erin Vendor", "erin@venue.example")],
            Cc = [new EmailAddress(null, _manager.Email)],
        };

        var preview = await app.ClientFor(coordinator).PreviewEmailAsync(new EmailPreviewRequest(project.Id, email)).OkAsync();

        preview.Participants.Select(p => (p.Email, p.StakeholderId, p.MemberRole)).Should().Equal(
            (contributor.Email, null, ProjectRole.Contributor),
            (coordinator.Email, null, ProjectRole.Coordinator),
            ("erin@venue.example", null, null),
            (_manager.Email, null, ProjectRole.Manager));
        (await app.ClientFor(coordinator).PreviewEmailAsync(new EmailPreviewRequest(null, email)).OkAsync())
            .Participants.Should().OnlyContain(p => p.MemberRole == null, "without a project there is no team");
    }

    [DatabaseFact]
    public async Task A_member_added_to_the_register_by_hand_shows_both_their_stakeholder_and_their_role()
    {
        var (project, coordinator, contributor) = await TeamAsync();
        var byHand = await app.ClientFor(coordinator).CreateStakeholderAsync(project.Id, new NewStakeholder("Carl Contributor", contributor.Email)).OkAsync(HttpStatusCode.Created);
        var email = EmailFixture.Named("venue-contract-by-friday").AsNewMessage() with { To = [new EmailAddress("Carl", contributor.Email)] };

        var preview = await app.ClientFor(coordinator).PreviewEmailAsync(new EmailPreviewRequest(project.Id, email)).OkAsync();

        preview.Participants.Single(p => p.Email == contributor.Email).Should().Match<Participant>(p => p.StakeholderId == byHand.Id && p.MemberRole == ProjectRole.Contributor);
    }

    [DatabaseFact]
    public async Task Logging_a_communication_with_members_adds_only_the_others_to_the_register_and_names_everyone()
    {
        var (project, coordinator, contributor) = await TeamAsync();
        var api = app.ClientFor(coordinator);

        var logged = await api.LogCommunicationAsync(project.Id, new NewCommunication("Venue call", Participants:
            [new EmailAddress("Carl", contributor.Email.ToUpperInvariant()), new EmailAddress("Erin Vendor", "erin@venue.example"), new EmailAddress(null, coordinator.Email)]))
            .OkAsync(HttpStatusCode.Created);
        var fromEmail = await api.LogCommunicationAsync(project.Id, new NewCommunication("Venue mail",
            SourceEmail: EmailFixture.Named("venue-contract-by-friday").AsNewMessage() with { To = [new EmailAddress("Carl", contributor.Email)] }))
            .OkAsync(HttpStatusCode.Created);

        logged.Participants.Select(p => p.Email).Should().Equal(contributor.Email, "erin@venue.example", coordinator.Email);
        logged.Participants.Single(p => p.Email == coordinator.Email).Name.Should().Be(coordinator.Name, "a member is named from the member list");
        fromEmail.Participants.Select(p => p.Email).Should().Equal("erin@venue.example", contributor.Email);
        (await api.ListStakeholdersAsync(project.Id).OkAsync()).Items.Select(s => s.Email).Should().Equal("erin@venue.example");
    }

    [DatabaseFact]
    public async Task A_task_from_a_members_email_has_them_as_requester_without_adding_them_to_the_register()
    {
        var (project, coordinator, contributor) = await TeamAsync();
        var api = app.ClientFor(coordinator);
        var email = EmailFixture.Named("venue-contract-by-friday").AsNewMessage() with { From = new EmailAddress("Carl Contributor", contributor.Email) };

        var task = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(email)).OkAsync(HttpStatusCode.Created);
        var byHand = await api.CreateTaskAsync(project.Id, new NewTask("Book the caterer", Requester: _manager.Email)).OkAsync(HttpStatusCode.Created);
        var obstacle = await api.RaiseObstacleAsync(project.Id, new NewObstacle("Legal has not signed", CommunicatedTo: [contributor.Email, "legal@venue.example"]))
            .OkAsync(HttpStatusCode.Created);

        task.Requester.Should().Be(contributor.Email);
        byHand.Requester.Should().Be(_manager.Email);
        obstacle.CommunicatedTo.Should().Equal(contributor.Email, "legal@venue.example");
        (await api.ListStakeholdersAsync(project.Id).OkAsync()).Items.Select(s => s.Email).Should().Equal("legal@venue.example");
    }

    // A project with its manager, a coordinator and a contributor (who has not signed in yet: an invitation is a member too).
    private async Task<(Project Project, TestUser Coordinator, TestUser Contributor)> TeamAsync()
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Launch " + Guid.NewGuid().ToString("N")[..6])).OkAsync(HttpStatusCode.Created);
        var coordinator = _manager.Colleague("Bob Coordinator");
        var contributor = _manager.Colleague("Carl Contributor");
        await api.PutMemberAsync(project.Id, coordinator.Email, new MemberRole(ProjectRole.Coordinator, coordinator.Name)).OkAsync(HttpStatusCode.Created);
        await api.PutMemberAsync(project.Id, contributor.Email, new MemberRole(ProjectRole.Contributor)).OkAsync(HttpStatusCode.Created);
        return (project, coordinator, contributor);
    }
}

public sealed class ProjectTeamTestsOnSqlite(SqliteApplication app) : ProjectTeamTests(app), IClassFixture<SqliteApplication>;

public sealed class ProjectTeamTestsOnPostgres(PostgresApplication app) : ProjectTeamTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
