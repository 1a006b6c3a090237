using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Stakeholders;

public abstract class StakeholderTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task A_coordinator_registers_and_edits_a_stakeholder_and_its_history_says_who_changed_what()
    {
        var (project, coordinator) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);

        var created = await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Priya Sharma", "Priya@Contoso.example", "Contoso", "VP Marketing",
            Influence: 5, Interest: 4, Engagement: Engagement.Supportive)).OkAsync(HttpStatusCode.Created);
        var updated = await api.UpdateStakeholderAsync(project.Id, created.Id, new { engagement = "Leading", notes = "Sponsor; prefers short updates." },
            CoordinatorClient.ETag(created.Version)).OkAsync();
        var read = await api.GetStakeholderAsync(project.Id, created.Id);
        var history = await app.ClientFor(_manager).GetStakeholderHistoryAsync(project.Id, created.Id).OkAsync();

        created.Should().Match<Stakeholder>(s => s.Email == "priya@contoso.example" && s.Internal && s.PreferredChannel == Channel.Email && s.Version == 1);
        updated.Should().Match<Stakeholder>(s => s.Engagement == Engagement.Leading && s.Notes == "Sponsor; prefers short updates." && s.Version == 2);
        read.ETagVersion().Should().Be(2);
        history.Items.Should().Contain(h => h.Field == "engagement" && h.OldValue == "Supportive" && h.NewValue == "Leading" && h.By.Email == coordinator.Email);
        history.Items.Should().Contain(h => h.Action == "created" && h.Entity == "stakeholder" && h.EntityId == created.Id);
    }

    [DatabaseFact]
    public async Task A_stakeholder_email_is_unique_within_a_project()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Erin Vendor", "erin@venue.example")).OkAsync(HttpStatusCode.Created);
        var other = await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Hiro Tanaka", "hiro@partner.example")).OkAsync(HttpStatusCode.Created);

        var again = await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Erin V.", "ERIN@venue.example")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var renamed = await api.UpdateStakeholderAsync(project.Id, other.Id, new { email = "erin@venue.example" }, CoordinatorClient.ETag(other.Version))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var elsewhere = await api.CreateProjectAsync(new NewProject("Another project")).OkAsync(HttpStatusCode.Created);
        await api.CreateStakeholderAsync(elsewhere.Id, new NewStakeholder("Erin Vendor", "erin@venue.example")).OkAsync(HttpStatusCode.Created);

        again.Detail.Should().Contain("erin@venue.example");
        renamed.Detail.Should().Contain("already");
        (await api.GetStakeholderAsync(project.Id, other.Id).OkAsync()).Email.Should().Be("hiro@partner.example");
    }

    [DatabaseFact]
    public async Task Contributors_and_viewers_read_the_register_but_cannot_change_it()
    {
        var (project, contributor) = await ProjectWithAsync(ProjectRole.Contributor);
        var stakeholder = await app.ClientFor(_manager).CreateStakeholderAsync(project.Id, new NewStakeholder("Tom Reyes", "tom@technews.example"))
            .OkAsync(HttpStatusCode.Created);
        var api = app.ClientFor(contributor);

        await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Me", "me@contoso.example")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await api.UpdateStakeholderAsync(project.Id, stakeholder.Id, new { name = "Tom" }, "*").ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await api.ListStakeholdersAsync(project.Id).OkAsync()).Items.Should().ContainSingle().Which.Name.Should().Be("Tom Reyes");
    }

    [DatabaseFact]
    public async Task Bad_stakeholder_input_is_refused_naming_the_fields()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);

        var problem = await api.CreateStakeholderAsync(project.Id, new NewStakeholder("", "not-an-address", Influence: 6, Interest: 0))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await api.GetStakeholderAsync(project.Id, "nope").ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.Errors.Keys.Should().BeEquivalentTo("name", "email", "influence", "interest");
        unknown.Detail.Should().Contain("nope");
        (await api.ListStakeholdersAsync(project.Id).OkAsync()).Items.Should().BeEmpty();
    }

    [DatabaseFact]
    public async Task The_register_is_searchable_and_sortable()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Coordinator);
        var api = app.ClientFor(_manager);
        await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Zoë Ødegård", "zoe@partner.example", "Partner AS", Influence: 2)).OkAsync(HttpStatusCode.Created);
        await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Grace Security", "grace@contoso.example", "Contoso", Influence: 4)).OkAsync(HttpStatusCode.Created);

        var byOrganization = await api.ListStakeholdersAsync(project.Id, new ListQuery { Q = "partner" }).OkAsync();
        var byInfluence = await api.ListStakeholdersAsync(project.Id, new ListQuery { Sort = "-influence" }).OkAsync();

        byOrganization.Items.Should().ContainSingle().Which.Name.Should().Be("Zoë Ødegård");
        byInfluence.Items.Select(s => s.Influence).Should().Equal(4, 2);
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

public sealed class StakeholderTestsOnSqlite(SqliteApplication app) : StakeholderTests(app), IClassFixture<SqliteApplication>;

public sealed class StakeholderTestsOnPostgres(PostgresApplication app) : StakeholderTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
