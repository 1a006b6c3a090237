using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Projects;

public abstract class MemberTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task An_invited_member_is_bound_at_first_sign_in_and_sees_the_project_with_their_role()
    {
        var project = await CreateProjectAsync();
        var bob = _manager.Colleague("Bob Coordinator");

        var invited = await app.ClientFor(_manager).PutMemberAsync(project.Id, bob.Email.ToUpperInvariant(), new MemberRole(ProjectRole.Coordinator, "Bob"))
            .OkAsync(HttpStatusCode.Created);
        var mine = await app.ClientFor(bob).ListProjectsAsync().OkAsync();

        invited.Should().Match<Member>(m => m.Email == bob.Email && m.Name == "Bob" && m.Role == ProjectRole.Coordinator && m.Version == 1);
        mine.Items.Should().ContainSingle().Which.Should().Match<Project>(p => p.Id == project.Id && p.MyRole == ProjectRole.Coordinator);
    }

    [DatabaseFact]
    public async Task Once_bound_a_membership_belongs_to_that_user_and_not_to_a_new_account_with_the_same_address()
    {
        var project = await CreateProjectAsync();
        var bob = _manager.Colleague("Bob Coordinator");
        await app.ClientFor(_manager).PutMemberAsync(project.Id, bob.Email, new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);
        await app.ClientFor(bob).GetProjectAsync(project.Id).OkAsync();
        var newAccountSameAddress = bob with { ObjectId = Guid.NewGuid().ToString() };

        await app.ClientFor(newAccountSameAddress).GetProjectAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.ClientFor(bob).GetProjectAsync(project.Id).OkAsync()).MyRole.Should().Be(ProjectRole.Coordinator);
    }

    [DatabaseFact]
    public async Task Only_managers_manage_members()
    {
        var project = await CreateProjectAsync();
        var coordinator = await AddMemberAsync(project, ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);

        var problem = await api.PutMemberAsync(project.Id, "someone@contoso.example", new MemberRole(ProjectRole.Manager))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await api.PutMemberAsync(project.Id, coordinator.Email, new MemberRole(ProjectRole.Manager)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await api.RemoveMemberAsync(project.Id, _manager.Email, "*").ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        problem.Detail.Should().Contain("project manager");
        var members = await api.ListMembersAsync(project.Id).OkAsync();
        members.Items.Select(m => (m.Email, m.Role)).Should().BeEquivalentTo(new[]
        {
            (_manager.Email, ProjectRole.Manager),
            (coordinator.Email, ProjectRole.Coordinator),
        });
    }

    [DatabaseFact]
    public async Task A_manager_changes_a_role_and_the_member_gains_its_rights()
    {
        var project = await CreateProjectAsync();
        var dan = await AddMemberAsync(project, ProjectRole.Contributor);

        var changed = await app.ClientFor(_manager).PutMemberAsync(project.Id, dan.Email, new MemberRole(ProjectRole.Manager)).OkAsync();
        var budget = await app.ClientFor(dan).UpdateProjectAsync(project.Id, new { budget = 1234 }, "*").OkAsync();

        changed.Role.Should().Be(ProjectRole.Manager);
        changed.Version.Should().Be(2);
        budget.Budget.Should().Be(1234);
    }

    [DatabaseFact]
    public async Task The_last_manager_can_be_neither_demoted_nor_removed()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);
        var me = (await api.ListMembersAsync(project.Id).OkAsync()).Items.Single();

        var demoted = await api.PutMemberAsync(project.Id, _manager.Email, new MemberRole(ProjectRole.Coordinator)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var removed = await api.RemoveMemberAsync(project.Id, _manager.Email, CoordinatorClient.ETag(me.Version)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        demoted.Detail.Should().Contain("last manager");
        removed.Detail.Should().Contain("last manager");
        (await api.GetProjectAsync(project.Id).OkAsync()).MyRole.Should().Be(ProjectRole.Manager);
    }

    [DatabaseFact]
    public async Task With_a_second_manager_the_first_can_leave_and_loses_access()
    {
        var project = await CreateProjectAsync();
        var second = await AddMemberAsync(project, ProjectRole.Manager);
        var api = app.ClientFor(second);
        var first = (await api.ListMembersAsync(project.Id, new ListQuery { Q = "alice" }).OkAsync()).Items.Single();

        var response = await api.RemoveMemberAsync(project.Id, first.Email, CoordinatorClient.ETag(first.Version));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await app.ClientFor(_manager).GetProjectAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task Removing_a_member_needs_a_current_If_Match()
    {
        var project = await CreateProjectAsync();
        var viewer = await AddMemberAsync(project, ProjectRole.Viewer);
        var api = app.ClientFor(_manager);
        await api.PutMemberAsync(project.Id, viewer.Email, new MemberRole(ProjectRole.Contributor)).OkAsync();

        await api.RemoveMemberAsync(project.Id, viewer.Email, null).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var stale = await api.RemoveMemberAsync(project.Id, viewer.Email, CoordinatorClient.ETag(1)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);

        stale.Extensions["etag"].ToString().Should().Be(CoordinatorClient.ETag(2));
        (await app.ClientFor(viewer).GetProjectAsync(project.Id).OkAsync()).MyRole.Should().Be(ProjectRole.Contributor);
    }

    [DatabaseFact]
    public async Task Removing_someone_who_is_not_a_member_gets_404()
    {
        var project = await CreateProjectAsync();

        var problem = await app.ClientFor(_manager).RemoveMemberAsync(project.Id, "nobody@contoso.example", "*")
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.Detail.Should().Contain("nobody@contoso.example");
    }

    [DatabaseFact]
    public async Task An_invitation_with_a_bad_address_or_role_is_refused_naming_the_field()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);
        using var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", app.TokenFor(_manager));

        var address = await api.PutMemberAsync(project.Id, "not an address", new MemberRole(ProjectRole.Viewer)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var role = await http.PutAsync($"/api/projects/{project.Id}/members/eve@contoso.example",
            new StringContent("""{ "role": "Boss" }""", System.Text.Encoding.UTF8, "application/json"));

        address.Errors.Should().ContainKey("email");
        role.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await role.Content.ReadAsStringAsync();
        body.Should().Contain("\"role\"").And.Contain("Manager, Coordinator, Contributor, Viewer");
        (await api.ListMembersAsync(project.Id).OkAsync()).Items.Should().ContainSingle();
    }

    [DatabaseFact]
    public async Task An_invitation_without_a_role_is_refused_rather_than_making_a_manager()
    {
        var project = await CreateProjectAsync();
        using var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", app.TokenFor(_manager));

        var response = await http.PutAsync($"/api/projects/{project.Id}/members/eve@contoso.example",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"role\":[\"role is required.\"]");
        (await app.ClientFor(_manager).ListMembersAsync(project.Id).OkAsync()).Items.Should().ContainSingle();
    }

    [DatabaseFact]
    public async Task Members_sort_by_role_from_manager_to_viewer()
    {
        var project = await CreateProjectAsync();
        await AddMemberAsync(project, ProjectRole.Viewer);
        await AddMemberAsync(project, ProjectRole.Coordinator);
        await AddMemberAsync(project, ProjectRole.Contributor);

        var members = await app.ClientFor(_manager).ListMembersAsync(project.Id, new ListQuery { Sort = "role" }).OkAsync();

        members.Items.Select(m => m.Role).Should().Equal(ProjectRole.Manager, ProjectRole.Coordinator, ProjectRole.Contributor, ProjectRole.Viewer);
    }

    [DatabaseFact]
    public async Task Repeating_the_same_invitation_changes_nothing()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);
        await api.PutMemberAsync(project.Id, "carol@contoso.example", new MemberRole(ProjectRole.Viewer)).OkAsync(HttpStatusCode.Created);
        var before = await api.GetProjectAsync(project.Id).OkAsync();

        var again = await api.PutMemberAsync(project.Id, "carol@contoso.example", new MemberRole(ProjectRole.Viewer)).OkAsync();

        again.Version.Should().Be(1);
        (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(before.PlanVersion);
    }

    private async Task<Project> CreateProjectAsync() =>
        await app.ClientFor(_manager).CreateProjectAsync(new NewProject("Office move", Budget: 40_000m)).OkAsync(HttpStatusCode.Created);

    private async Task<TestUser> AddMemberAsync(Project project, ProjectRole role)
    {
        var member = _manager.Colleague(role.ToString());
        await app.ClientFor(_manager).PutMemberAsync(project.Id, member.Email, new MemberRole(role)).OkAsync(HttpStatusCode.Created);
        return member;
    }
}

public sealed class MemberTestsOnSqlite(SqliteApplication app) : MemberTests(app), IClassFixture<SqliteApplication>;

public sealed class MemberTestsOnPostgres(PostgresApplication app) : MemberTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
