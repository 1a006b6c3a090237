using Microsoft.EntityFrameworkCore;
using Npgsql;
using OfficeCoordinator.Api.Data;

namespace OfficeCoordinator.Api.Search;

public sealed class SearchRow
{
    public required string Kind { get; init; }
    public required string RecordId { get; init; }
    public int? Number { get; init; }
    public required string Title { get; init; }
    public string? Snippet { get; init; }
    public double Rank { get; init; }
}

// A search's cost is bounded by what it returns, not by how many records match (measured in the README):
// 1. Rank the matches among the project's newest RecentRecords records. A word found there at least `limit` times
//    answers from them alone, so a word in most of a million records costs what ranking 1,000 records costs.
// 2. Otherwise (a word that is rare lately) ask the full-text index for every match and rank the newest RankedWindow
//    of them: a rare word is still found wherever it is, and ranked over all its matches.
// The price: a common word's best hits are the best of the recent records, not of all of them (add a rarer word to
// reach older ones). Step 2 costs what the word's matches in the whole database cost, which is small for a word that
// is rare lately, unless it was common long ago.
public static class SearchQueries
{
    public const int RecentRecords = 1_000;
    public const int RankedWindow = 1_000;

    public static async Task<List<SearchRow>> RunAsync(CoordinatorDb db, string projectId, string tenantId, IReadOnlyList<string> words, int limit,
        CancellationToken cancellationToken, int recentRecords = RecentRecords)
    {
        // The id of the project's recentRecords-th newest record, or none when the project is not that large.
        var floor = await db.SearchDocuments.IgnoreQueryFilters()
            .Where(d => d.ProjectId == projectId)
            .OrderByDescending(d => d.Id).Select(d => (long?)d.Id).Skip(recentRecords - 1).FirstOrDefaultAsync(cancellationToken);
        var postgres = db.Database.IsNpgsql();
        var (recent, whole) = postgres
            ? (await PostgresAsync(db, projectId, tenantId, words, limit, floor ?? 0, everyMatch: false, cancellationToken), true)
            : await SqliteRecentAsync(db, projectId, tenantId, words, limit, floor ?? 0, cancellationToken);
        if (recent.Count >= limit || (floor is null && whole))
        {
            return recent;
        }

        return postgres
            ? await PostgresAsync(db, projectId, tenantId, words, limit, 0, everyMatch: true, cancellationToken)
            : await SqliteEveryMatchAsync(db, projectId, tenantId, words, limit, cancellationToken);
    }

    // Text read per search on SQLite at most (characters), so that recent records with long bodies (up to 20,000
    // characters each) shorten the window rather than lengthen the search; 1,000 records of the benchmark hold 0.8 million.
    public const int RecentText = 2_000_000;

    // FTS5 cannot rank a bounded set: bm25 counts every match of each word to weigh it, and a prefix merges every matching
    // word's list first, both in proportion to all matches. So the recent records are read by the project's index and
    // matched and ranked here, as FTS5 would (SearchText). Whole: no record from the floor up was left out.
    private static async Task<(List<SearchRow> Rows, bool Whole)> SqliteRecentAsync(CoordinatorDb db, string projectId, string tenantId,
        IReadOnlyList<string> words, int limit, long floor, CancellationToken cancellationToken)
    {
        var window = new List<SearchText.Document>();
        var text = 0L;
        var whole = true;
        await foreach (var document in db.SearchDocuments.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.ProjectId == projectId && d.TenantId == tenantId && d.Id >= floor)
            .OrderByDescending(d => d.Id)
            .Select(d => new SearchText.Document(d.Id, d.Kind, d.RecordId, d.Number, d.Title, d.Body))
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (text > RecentText)
            {
                whole = false;
                break;
            }

            window.Add(document);
            text += document.Title.Length + (document.Body?.Length ?? 0);
        }

        return (SearchText.Rank(window, words, limit), whole);
    }

    // Every match through FTS5, the newest RankedWindow ranked by bm25 (title 4 times the body); snippets of the hits only.
    // CROSS JOIN pins the join order: the full-text index first, then each match's document.
    private static async Task<List<SearchRow>> SqliteEveryMatchAsync(CoordinatorDb db, string projectId, string tenantId, IReadOnlyList<string> words,
        int limit, CancellationToken cancellationToken)
    {
        var match = string.Join(" ", words.Select((w, i) => i == words.Count - 1 ? $"\"{w}\"*" : $"\"{w}\""));
        var ranked = await db.Database.SqlQuery<RankedDocument>($"""
            SELECT d."Id", d."Kind", d."RecordId", d."Number", d."Title", d."Body", -bm25("SearchIndex", 4.0, 1.0) AS "Rank"
            FROM "SearchIndex" CROSS JOIN "SearchDocuments" AS d ON d."Id" = "SearchIndex".rowid
            WHERE "SearchIndex" MATCH {match} AND d."ProjectId" = {projectId} AND d."TenantId" = {tenantId}
              AND "SearchIndex".rowid >= coalesce((
                  SELECT w.rowid FROM "SearchIndex" AS w CROSS JOIN "SearchDocuments" AS wd ON wd."Id" = w.rowid
                  WHERE w."SearchIndex" MATCH {match} AND wd."ProjectId" = {projectId} AND wd."TenantId" = {tenantId}
                  ORDER BY w.rowid DESC LIMIT 1 OFFSET {RankedWindow - 1}), 0)
            ORDER BY bm25("SearchIndex", 4.0, 1.0), d."Id" DESC
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
        var terms = SearchText.Terms(words);
        return [.. ranked.Select(r => new SearchRow
        {
            Kind = r.Kind, RecordId = r.RecordId, Number = r.Number, Title = r.Title, Rank = r.Rank, Snippet = SearchText.Snippet(r.Title, r.Body, terms),
        })];
    }

    // Recent (everyMatch false): the project's records from the floor up, read by the (ProjectId, Id) index and matched
    // one by one, so that the GIN index is not used. Every match (true): the GIN index, then the newest RankedWindow
    // matches; "Id" + 0 keeps the planner from walking the primary key backwards in search of a rare word's matches.
    // Both rank by ts_rank (title weight A, body B) and write a headline for the hits only.
    private static async Task<List<SearchRow>> PostgresAsync(CoordinatorDb db, string projectId, string tenantId, IReadOnlyList<string> words,
        int limit, long floor, bool everyMatch, CancellationToken cancellationToken)
    {
        var query = string.Join(" & ", words.Select((w, i) => i == words.Count - 1 ? w + ":*" : w));
        List<NpgsqlParameter> parameters = [new("query", query), new("project", projectId), new("tenant", tenantId), new("limit", limit)];
        parameters.Add(everyMatch ? new NpgsqlParameter("window", RankedWindow) : new NpgsqlParameter("floor", floor));
        var candidates = everyMatch
            ? """
              WITH candidates AS MATERIALIZED (
                  SELECT "Id", "Vector" FROM "SearchDocuments"
                  WHERE "Vector" @@ to_tsquery('simple', @query) AND "ProjectId" = @project AND "TenantId" = @tenant
                  ORDER BY "Id" + 0 DESC LIMIT @window),

              """
            : """
              WITH candidates AS MATERIALIZED (
                  SELECT "Id", "Vector" FROM "SearchDocuments"
                  WHERE "ProjectId" = @project AND "TenantId" = @tenant AND "Id" >= @floor),

              """;
#pragma warning disable EF1003 // two constants joined; every value is a parameter
        return await db.Database.SqlQueryRaw<SearchRow>(candidates + PostgresRankAndHeadline, [.. parameters]).ToListAsync(cancellationToken);
#pragma warning restore EF1003
    }

    private const string PostgresRankAndHeadline = """
        best AS MATERIALIZED (
            SELECT c."Id", ts_rank(c."Vector", to_tsquery('simple', @query))::float8 AS "Rank" FROM candidates AS c
            WHERE c."Vector" @@ to_tsquery('simple', @query)
            ORDER BY "Rank" DESC, c."Id" DESC LIMIT @limit)
        SELECT d."Kind", d."RecordId", d."Number", d."Title",
               ts_headline('simple', d."Title" || ' — ' || coalesce(d."Body", ''), to_tsquery('simple', @query),
                   'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1') AS "Snippet",
               best."Rank"
        FROM best JOIN "SearchDocuments" AS d ON d."Id" = best."Id"
        ORDER BY best."Rank" DESC, best."Id" DESC
        """;

    internal sealed class RankedDocument
    {
        public long Id { get; init; }
        public required string Kind { get; init; }
        public required string RecordId { get; init; }
        public int? Number { get; init; }
        public required string Title { get; init; }
        public string? Body { get; init; }
        public double Rank { get; init; }
    }
}
