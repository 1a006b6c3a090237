using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Projects;

public abstract class ProjectTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task The_creator_becomes_manager_and_reads_the_project_with_its_etag()
    {
        var api = app.ClientFor(_manager);

        var created = await api.CreateProjectAsync(new NewProject("Website relaunch", Budget: 120_000m, Currency: "USD"))
            .OkAsync(HttpStatusCode.Created);
        var read = await api.GetProjectAsync(created.Id);

        read.ETagVersion().Should().Be(1);
        read.Content.Should().BeEquivalentTo(created);
        created.MyRole.Should().Be(ProjectRole.Manager);
        created.WorkingDays.Should().Equal(DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday);
        created.PlanVersion.Should().Be(1);
        var members = await api.ListMembersAsync(created.Id).OkAsync();
        members.Items.Should().ContainSingle().Which.Should().Match<Member>(m => m.Email == _manager.Email && m.Role == ProjectRole.Manager);
    }

    [DatabaseFact]
    public async Task Creating_a_project_without_a_name_or_with_finish_before_start_is_refused_naming_the_fields()
    {
        var api = app.ClientFor(_manager);

        var problem = await api.CreateProjectAsync(new NewProject(" ", Start: new DateOnly(2026, 12, 10), Finish: new DateOnly(2026, 12, 1), Currency: "euro"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Errors.Keys.Should().BeEquivalentTo("name", "finish", "currency");
        problem.Detail.Should().Be("Name is required.");
        (await api.ListProjectsAsync().OkAsync()).Items.Should().BeEmpty();
    }

    [DatabaseFact]
    public async Task A_user_who_is_not_a_member_gets_404_as_if_the_project_did_not_exist()
    {
        var project = await CreateProjectAsync();
        var stranger = _manager.Colleague("Stranger");

        var problem = await app.ClientFor(stranger).GetProjectAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var missing = await app.ClientFor(stranger).GetProjectAsync("no-such-project").ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.Detail.Should().Be(missing.Detail);
    }

    [DatabaseFact]
    public async Task A_user_of_another_tenant_gets_404_for_a_project_id_they_learned_even_with_an_invited_address()
    {
        var project = await CreateProjectAsync();
        var coordinator = _manager.Colleague("Bob Coordinator");
        await app.ClientFor(_manager).PutMemberAsync(project.Id, coordinator.Email, new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);
        var sameAddressElsewhere = coordinator.InAnotherTenant();

        var api = app.ClientFor(sameAddressElsewhere);

        await api.GetProjectAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await api.UpdateProjectAsync(project.Id, new { name = "Taken over" }, "*").ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await api.GetHistoryAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await api.ListProjectsAsync().OkAsync()).Items.Should().BeEmpty();
        (await app.ClientFor(coordinator).GetProjectAsync(project.Id).OkAsync()).MyRole.Should().Be(ProjectRole.Coordinator);
    }

    [DatabaseFact]
    public async Task A_manager_changes_the_budget_and_the_versions_move()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);

        var response = await api.UpdateProjectAsync(project.Id, new { budget = 95_000.50m, currency = "GBP" }, CoordinatorClient.ETag(project.Version));

        var updated = response.Content!;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        updated.Budget.Should().Be(95_000.50m);
        updated.Currency.Should().Be("GBP");
        updated.Version.Should().Be(project.Version + 1);
        updated.PlanVersion.Should().Be(project.PlanVersion + 1);
        response.ETagVersion().Should().Be(updated.Version);
        (await api.GetProjectAsync(project.Id).OkAsync()).Should().BeEquivalentTo(updated);
    }

    [DatabaseFact]
    public async Task A_coordinator_can_rename_the_project_but_cannot_change_the_budget()
    {
        var project = await CreateProjectAsync();
        var coordinator = await AddMemberAsync(project, ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);

        var refused = await api.UpdateProjectAsync(project.Id, new { name = "Cheaper launch", budget = 1m }, CoordinatorClient.ETag(project.Version))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var renamed = await api.UpdateProjectAsync(project.Id, new { name = "Renamed launch" }, CoordinatorClient.ETag(project.Version)).OkAsync();

        refused.Detail.Should().Contain("budget");
        await api.UpdateProjectAsync(project.Id, new { budget = 1m }, CoordinatorClient.ETag(99)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        renamed.Name.Should().Be("Renamed launch");
        renamed.Budget.Should().Be(project.Budget);
    }

    [DatabaseFact]
    public async Task A_coordinator_cannot_change_the_dates_or_the_calendar_even_in_another_letter_case()
    {
        var project = await CreateProjectAsync();
        var coordinator = await AddMemberAsync(project, ProjectRole.Coordinator);
        var api = app.ClientFor(coordinator);
        var before = await api.GetProjectAsync(project.Id).OkAsync();
        var etag = CoordinatorClient.ETag(project.Version);

        await api.UpdateProjectAsync(project.Id, new { finish = "2027-06-30" }, etag).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await api.UpdateProjectAsync(project.Id, new { Start = "2026-01-01" }, etag).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await api.UpdateProjectAsync(project.Id, new { holidays = new[] { "2026-12-25" } }, etag).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await api.UpdateProjectAsync(project.Id, new { BUDGET = 1 }, etag).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await api.GetProjectAsync(project.Id).OkAsync()).Should().BeEquivalentTo(before);
    }

    [DatabaseFact]
    public async Task Contributors_and_viewers_cannot_change_the_project()
    {
        var project = await CreateProjectAsync();
        var contributor = await AddMemberAsync(project, ProjectRole.Contributor);
        var viewer = await AddMemberAsync(project, ProjectRole.Viewer);

        var etag = CoordinatorClient.ETag(project.Version);
        await app.ClientFor(contributor).UpdateProjectAsync(project.Id, new { name = "Mine now" }, etag).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await app.ClientFor(viewer).UpdateProjectAsync(project.Id, new { description = "Mine now" }, etag).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await app.ClientFor(viewer).GetProjectAsync(project.Id).OkAsync()).MyRole.Should().Be(ProjectRole.Viewer);
    }

    [DatabaseFact]
    public async Task A_stale_If_Match_gets_412_with_the_current_etag_and_changes_nothing()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);
        await api.UpdateProjectAsync(project.Id, new { description = "First edit" }, CoordinatorClient.ETag(project.Version)).OkAsync();

        var problem = await api.UpdateProjectAsync(project.Id, new { description = "Second edit from an old copy" }, CoordinatorClient.ETag(project.Version))
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);

        problem.Extensions["etag"].ToString().Should().Be(CoordinatorClient.ETag(project.Version + 1));
        (await api.GetProjectAsync(project.Id).OkAsync()).Description.Should().Be("First edit");
    }

    [DatabaseFact]
    public async Task A_change_without_If_Match_gets_428()
    {
        var project = await CreateProjectAsync();

        var problem = await app.ClientFor(_manager).UpdateProjectAsync(project.Id, new { name = "Blind write" }, null)
            .ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);

        problem.Detail.Should().Contain("If-Match");
    }

    [DatabaseFact]
    public async Task A_merge_patch_clears_with_null_keeps_what_is_missing_and_never_binds_protected_members()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);

        var updated = await api.UpdateProjectAsync(project.Id,
            new { description = (string?)null, id = "hijacked", version = 99, planVersion = 99, myRole = "Viewer", colour = "teal" },
            CoordinatorClient.ETag(project.Version)).OkAsync();

        updated.Description.Should().BeNull();
        updated.Id.Should().Be(project.Id);
        updated.Name.Should().Be(project.Name);
        updated.Budget.Should().Be(project.Budget);
        updated.Version.Should().Be(project.Version + 1);
        updated.MyRole.Should().Be(ProjectRole.Manager);
    }

    [DatabaseFact]
    public async Task A_merge_patch_sent_as_application_merge_patch_json_is_accepted()
    {
        var project = await CreateProjectAsync();
        using var http = app.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/projects/{project.Id}")
        {
            Content = new StringContent("""{ "workingDays": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"], "holidays": ["2026-12-25"] }""",
                Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(_manager));
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(CoordinatorClient.ETag(project.Version)));

        var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var updated = await app.ClientFor(_manager).GetProjectAsync(project.Id).OkAsync();
        updated.WorkingDays.Should().Equal(DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday);
        updated.Holidays.Should().Equal(new DateOnly(2026, 12, 25));
    }

    [DatabaseFact]
    public async Task An_invalid_patch_is_refused_naming_each_field_and_nothing_is_half_written()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);

        var problem = await api.UpdateProjectAsync(project.Id,
            new { name = "Valid new name", budget = -5, finish = "2020-01-01", workingDays = new[] { "Funday" } },
            CoordinatorClient.ETag(project.Version)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Errors.Keys.Should().Contain(["workingDays[0]"]);
        var again = await api.UpdateProjectAsync(project.Id, new { name = "Valid new name", budget = -5, finish = "2020-01-01" },
            CoordinatorClient.ETag(project.Version)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        again.Errors.Keys.Should().BeEquivalentTo("budget", "finish");
        (await api.GetProjectAsync(project.Id).OkAsync()).Should().BeEquivalentTo(project);
    }

    [DatabaseFact]
    public async Task The_project_list_holds_only_my_projects_and_pages_with_a_cursor()
    {
        var api = app.ClientFor(_manager);
        foreach (var name in new[] { "Charlie", "Alpha", "Bravo" })
        {
            await api.CreateProjectAsync(new NewProject(name)).OkAsync(HttpStatusCode.Created);
        }

        await app.ClientFor(_manager.Colleague("Someone else")).CreateProjectAsync(new NewProject("Not mine")).OkAsync(HttpStatusCode.Created);

        var first = await api.ListProjectsAsync(new ListQuery { Limit = 2 }).OkAsync();
        var second = await api.ListProjectsAsync(new ListQuery { Limit = 2, Cursor = first.NextCursor }).OkAsync();
        var descending = await api.ListProjectsAsync(new ListQuery { Sort = "-name" }).OkAsync();
        var searched = await api.ListProjectsAsync(new ListQuery { Q = "brav" }).OkAsync();

        first.Items.Select(p => p.Name).Should().Equal("Alpha", "Bravo");
        second.Items.Select(p => p.Name).Should().Equal("Charlie");
        second.NextCursor.Should().BeNull();
        descending.Items.Select(p => p.Name).Should().Equal("Charlie", "Bravo", "Alpha");
        searched.Items.Select(p => p.Name).Should().Equal("Bravo");
    }

    [DatabaseFact]
    public async Task List_parameters_out_of_range_are_refused_naming_them()
    {
        var api = app.ClientFor(_manager);

        var problem = await api.ListProjectsAsync(new ListQuery { Limit = 501, Sort = "colour", Cursor = "not-a-cursor" })
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Errors.Keys.Should().BeEquivalentTo("limit", "sort", "cursor");
    }

    private async Task<Project> CreateProjectAsync() =>
        await app.ClientFor(_manager).CreateProjectAsync(new NewProject("Product launch", "Launch of the Aurora headset",
            new DateOnly(2026, 12, 1), new DateOnly(2027, 3, 31), 250_000m, "EUR")).OkAsync(HttpStatusCode.Created);

    private async Task<TestUser> AddMemberAsync(Project project, ProjectRole role)
    {
        var member = _manager.Colleague(role.ToString());
        await app.ClientFor(_manager).PutMemberAsync(project.Id, member.Email, new MemberRole(role)).OkAsync(HttpStatusCode.Created);
        return member;
    }
}

public sealed class ProjectTestsOnSqlite(SqliteApplication app) : ProjectTests(app), IClassFixture<SqliteApplication>;

public sealed class ProjectTestsOnPostgres(PostgresApplication app) : ProjectTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
