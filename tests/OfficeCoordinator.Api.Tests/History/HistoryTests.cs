using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.History;

public abstract class HistoryTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task History_says_who_changed_the_budget_when_from_what_to_what()
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Trade fair", Budget: 10_000m)).OkAsync(HttpStatusCode.Created);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await api.UpdateProjectAsync(project.Id, new { budget = 12_500.75m, description = "Booth and travel" }, CoordinatorClient.ETag(project.Version)).OkAsync();

        var history = await api.GetHistoryAsync(project.Id).OkAsync();

        var budget = history.Items.Should().ContainSingle(h => h.Field == "budget").Subject;
        budget.Should().Match<HistoryItem>(h => h.Entity == "project" && h.EntityId == project.Id && h.Action == "updated"
            && h.OldValue == "10000" && h.NewValue == "12500.75" && h.Version == 2);
        budget.By.Should().Be(new Actor(_manager.Name, _manager.Email));
        budget.At.Should().BeAfter(before).And.BeBefore(DateTimeOffset.UtcNow.AddSeconds(5));
        history.Items.Should().ContainSingle(h => h.Field == "description" && h.OldValue == null && h.NewValue == "Booth and travel");
        history.Items.Should().Contain(h => h.Entity == "project" && h.Action == "created");
        history.Items.Should().Contain(h => h.Entity == "member" && h.EntityId == _manager.Email && h.Action == "created");
    }

    [DatabaseFact]
    public async Task Role_changes_and_removals_are_recorded_and_any_member_can_read_them()
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Warehouse audit")).OkAsync(HttpStatusCode.Created);
        var viewer = _manager.Colleague("Vera Viewer");
        await api.PutMemberAsync(project.Id, viewer.Email, new MemberRole(ProjectRole.Viewer)).OkAsync(HttpStatusCode.Created);
        await api.PutMemberAsync(project.Id, "temp@contoso.example", new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);
        await api.PutMemberAsync(project.Id, "temp@contoso.example", new MemberRole(ProjectRole.Contributor)).OkAsync();
        await api.RemoveMemberAsync(project.Id, "temp@contoso.example", CoordinatorClient.ETag(2));

        var history = await app.ClientFor(viewer).GetHistoryAsync(project.Id, new ListQuery { Sort = "at" }).OkAsync();

        history.Items.Where(h => h.EntityId == "temp@contoso.example").Select(h => (h.Action, h.Field, h.OldValue, h.NewValue, h.Version))
            .Should().Equal(
                ("created", null, null, null, 1L),
                ("updated", "role", "Coordinator", "Contributor", 2L),
                ("deleted", null, null, null, 3L));
    }

    [DatabaseFact]
    public async Task History_pages_newest_first_and_holds_only_its_project()
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Rebrand")).OkAsync(HttpStatusCode.Created);
        var other = await api.CreateProjectAsync(new NewProject("Other")).OkAsync(HttpStatusCode.Created);
        var version = project.Version;
        foreach (var name in new[] { "Rebrand 2", "Rebrand 3", "Rebrand 4" })
        {
            version = (await api.UpdateProjectAsync(project.Id, new { name }, CoordinatorClient.ETag(version)).OkAsync()).Version;
        }

        var first = await api.GetHistoryAsync(project.Id, new ListQuery { Limit = 2 }).OkAsync();
        var rest = await api.GetHistoryAsync(project.Id, new ListQuery { Limit = 50, Cursor = first.NextCursor }).OkAsync();

        first.Items.Select(h => h.NewValue).Should().Equal("Rebrand 4", "Rebrand 3");
        rest.Items.Select(h => h.NewValue ?? h.Action).Should().Equal("Rebrand 2", "created", "created");
        rest.NextCursor.Should().BeNull();
        first.Items.Concat(rest.Items).Should().OnlyContain(h => h.EntityId == project.Id || h.Entity == "member");
        first.Items.Concat(rest.Items).Should().NotContain(h => h.EntityId == other.Id);
    }

    [DatabaseFact]
    public async Task History_is_searchable_by_what_changed_and_who_changed_it()
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Search me", Budget: 1_000m)).OkAsync(HttpStatusCode.Created);
        var updated = await api.UpdateProjectAsync(project.Id, new { budget = 2_000m }, CoordinatorClient.ETag(project.Version)).OkAsync();
        await api.UpdateProjectAsync(project.Id, new { description = "Moved to the Harbour Hall" }, CoordinatorClient.ETag(updated.Version)).OkAsync();

        var byField = await api.GetHistoryAsync(project.Id, new ListQuery { Q = "BUDGET" }).OkAsync();
        var byValue = await api.GetHistoryAsync(project.Id, new ListQuery { Q = "harbour" }).OkAsync();

        byField.Items.Should().ContainSingle().Which.NewValue.Should().Be("2000");
        byValue.Items.Should().ContainSingle().Which.Field.Should().Be("description");
    }

    [DatabaseFact]
    public async Task History_entries_can_never_be_changed_or_deleted()
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Append only")).OkAsync(HttpStatusCode.Created);
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(_manager.TenantId, _manager.ObjectId, _manager.Name, _manager.Email);
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var entry = await db.History.FirstAsync(h => h.ProjectId == project.Id);

        db.History.Remove(entry);
        var delete = () => db.SaveChangesAsync();

        await delete.Should().ThrowAsync<InvalidOperationException>().WithMessage("*append-only*");
        (await api.GetHistoryAsync(project.Id).OkAsync()).Items.Should().HaveCount(2);
    }
}

public sealed class HistoryTestsOnSqlite(SqliteApplication app) : HistoryTests(app), IClassFixture<SqliteApplication>;

public sealed class HistoryTestsOnPostgres(PostgresApplication app) : HistoryTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
