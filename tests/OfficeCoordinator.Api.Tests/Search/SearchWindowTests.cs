using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Search;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Search;

// The bound on a search's cost: a word common among the newest records is ranked among them only; a word rare there
// is looked up in every record. Run with a window of 5 records instead of SearchQueries.RecentRecords.
public abstract class SearchWindowTests(CoordinatorApplication app)
{
    private const int Window = 5;
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task A_common_word_is_ranked_among_the_newest_records_and_a_rare_word_over_every_record()
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Search window")).OkAsync(HttpStatusCode.Created);
        var other = await api.CreateProjectAsync(new NewProject("Elsewhere")).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Zephyr alpha alpha alpha", "alpha alpha")).OkAsync(HttpStatusCode.Created);
        for (var i = 1; i <= 6; i++)
        {
            await api.CreateTaskAsync(project.Id, new NewTask($"Recent {i}", $"an alpha note, number {i}")).OkAsync(HttpStatusCode.Created);
        }

        await api.CreateTaskAsync(other.Id, new NewTask("Alpha zephyr elsewhere")).OkAsync(HttpStatusCode.Created);

        var common = await SearchAsync(project.Id, "alpha", limit: 3);
        var fewRecent = await SearchAsync(project.Id, "alpha", limit: 10);
        var rare = await SearchAsync(project.Id, "zephyr", limit: 3);
        var rarePrefix = await SearchAsync(project.Id, "note zeph", limit: 3);
        var whole = await SearchAsync(project.Id, "alpha", limit: 3, recentRecords: SearchQueries.RecentRecords);

        common.Should().HaveCount(3);
        common.Should().OnlyContain(h => h.Title.StartsWith("Recent ") && h.Title != "Recent 1", "the newest 5 records hold enough matches");
        common.Should().BeInDescendingOrder(h => h.Rank);
        fewRecent.Select(h => h.Title).Should().HaveCount(7).And.Contain("Zephyr alpha alpha alpha", "fewer than 10 recent matches: every match is ranked");
        fewRecent[0].Title.Should().Be("Zephyr alpha alpha alpha");
        rare.Should().ContainSingle().Which.Should().Match<SearchRow>(h => h.Title == "Zephyr alpha alpha alpha" && h.Snippet!.Contains("[Zephyr]"));
        rarePrefix.Should().BeEmpty("no record of the project holds both words");
        whole[0].Title.Should().Be("Zephyr alpha alpha alpha", "a project smaller than the window is ranked whole");
    }

    private async Task<List<SearchRow>> SearchAsync(string projectId, string text, int limit, int recentRecords = Window)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(_manager.TenantId, _manager.ObjectId, _manager.Name, _manager.Email);
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        return await SearchQueries.RunAsync(db, projectId, _manager.TenantId, SearchEndpoints.Words(text), limit, CancellationToken.None, recentRecords);
    }
}

public sealed class SearchWindowTestsOnSqlite(SqliteApplication app) : SearchWindowTests(app), IClassFixture<SqliteApplication>;

public sealed class SearchWindowTestsOnPostgres(PostgresApplication app) : SearchWindowTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;

// Matching, ranking and snippets in memory, as FTS5 does them (the recent records on SQLite).
public sealed class SearchTextTests
{
    [Fact]
    public void Words_match_without_case_or_diacritics_the_last_also_as_a_prefix()
    {
        SearchText.Document[] documents =
        [
            new(1, "task", "a", 1, "Café opening", "Book the caterer for the opening"),
            new(2, "task", "b", 2, "Opening night", null),
            new(3, "task", "c", 3, "Cafeteria", "Closed"),
        ];

        var both = SearchText.Rank(documents, ["cafe", "open"], 10);
        var prefix = SearchText.Rank(documents, ["cafe"], 10);

        both.Should().ContainSingle().Which.Snippet.Should().Be("[Café] [opening]");
        prefix.Select(h => h.RecordId).Should().BeEquivalentTo("a", "c");
    }

    [Fact]
    public void A_title_match_ranks_above_a_body_match_and_the_snippet_comes_from_the_text_that_holds_the_words()
    {
        var body = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}")) + " keynote speaker travelling " + string.Join(' ', Enumerable.Range(31, 30).Select(i => $"w{i}"));
        SearchText.Document[] documents =
        [
            new(1, "decision", "d", null, "Move the launch to March", body),
            new(2, "task", "t", 7, "Keynote rehearsal", null),
            new(3, "task", "u", 8, "Unrelated", "Nothing here"),
        ];

        var hits = SearchText.Rank(documents, ["keynote"], 10);

        hits.Select(h => h.RecordId).Should().Equal("t", "d");
        hits[0].Snippet.Should().Be("[Keynote] rehearsal");
        hits[1].Snippet.Should().StartWith("…").And.EndWith("…").And.Contain("[keynote] speaker travelling");
        hits[0].Rank.Should().BeGreaterThan(hits[1].Rank);
    }
}
