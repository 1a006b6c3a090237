using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Search;

// Ranked full-text search with the database's own engine: FTS5 (bm25) on SQLite, tsvector (ts_rank) on PostgreSQL.
// Every word must match, the last one also as a prefix, so a pane can search as the user types.
public static partial class SearchEndpoints
{
    public const int MaxWords = 10;
    public const int DefaultLimit = 20;

    public static RouteHandlerBuilder MapSearch(this IEndpointRouteBuilder app) =>
        app.MapProjectGroup("/search", "Search").MapGet("/", SearchAsync).Describe("Search_Query", "Search the project's records")
            .WithQuery(
                new("q", typeof(string), "The words to find.", Required: true, MaxLength: Validation.NameLength),
                new("limit", typeof(int), $"Hits to return, 1 to {PageRequest.MaxLimit} (default {DefaultLimit})."));

    private static async Task<Results<Ok<SearchResults>, ValidationProblem>> SearchAsync(
        string? q, int? limit, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var words = Words(q);
        if (words.Count == 0)
        {
            errors.Add("q", "Give at least one word to search for.");
        }
        else if (q!.Length > Validation.NameLength)
        {
            errors.Add("q", $"q must be at most {Validation.NameLength} characters.");
        }

        var size = limit ?? DefaultLimit;
        if (size is < 1 or > PageRequest.MaxLimit)
        {
            errors.Add("limit", $"limit must be between 1 and {PageRequest.MaxLimit}.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var hits = await SearchQueries.RunAsync(db, access.Project.Id, access.Project.TenantId, words, size, cancellationToken);
        return TypedResults.Ok(new SearchResults([.. hits.Select(h => new SearchHit(h.Kind, h.Kind == "task" ? h.Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : h.RecordId,
            h.Number, h.Title, h.Snippet ?? h.Title, Math.Round(h.Rank, 6)))]));
    }

    // Letters and digits only: nothing of the user's text reaches the query syntax of either engine.
    public static List<string> Words(string? text) =>
        text is null ? [] : [.. Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length <= 64).Distinct().Take(MaxWords)];

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}

public sealed class SearchRow
{
    public required string Kind { get; init; }
    public required string RecordId { get; init; }
    public int? Number { get; init; }
    public required string Title { get; init; }
    public string? Snippet { get; init; }
    public double Rank { get; init; }
}

// Ranking every match costs time in proportion to the matches; a word in most records of a large project would take
// tens of milliseconds for an ordering that carries little information. Above a window of matches, only the newest
// ones are ranked (recent work is what a coordinator looks for); below it, every match is. Measured in the README.
public static class SearchQueries
{
    public const int RankedWindow = 1_000;

    // PostgreSQL's planner underestimates @@ on a rowid-ordered scan between roughly 1,000 and 5,000 matches,
    // so the window only applies above this capped count.
    private const int PostgresWindowThreshold = 5_000;

    public static async Task<List<SearchRow>> RunAsync(CoordinatorDb db, string projectId, string tenantId, IReadOnlyList<string> words, int limit, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var query = string.Join(" & ", words.Select((w, i) => i == words.Count - 1 ? w + ":*" : w));
            var matches = await db.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM (SELECT 1 FROM "SearchDocuments"
                    WHERE "Vector" @@ to_tsquery('simple', {query}) AND "ProjectId" = {projectId} AND "TenantId" = {tenantId}
                    LIMIT {PostgresWindowThreshold + 1}) AS capped
                """).SingleAsync(cancellationToken);
            if (matches > PostgresWindowThreshold)
            {
                return await db.Database.SqlQuery<SearchRow>($"""
                    WITH recent AS MATERIALIZED (
                        SELECT "Id" FROM "SearchDocuments"
                        WHERE "Vector" @@ to_tsquery('simple', {query}) AND "ProjectId" = {projectId} AND "TenantId" = {tenantId}
                        ORDER BY "Id" DESC LIMIT {RankedWindow})
                    SELECT d."Kind", d."RecordId", d."Number", d."Title",
                           ts_headline('simple', d."Title" || ' — ' || coalesce(d."Body", ''), to_tsquery('simple', {query}),
                               'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1') AS "Snippet",
                           d."Rank"
                    FROM (SELECT s."Kind", s."RecordId", s."Number", s."Title", s."Body", ts_rank(s."Vector", to_tsquery('simple', {query}))::float8 AS "Rank"
                          FROM "SearchDocuments" AS s JOIN recent ON recent."Id" = s."Id"
                          ORDER BY "Rank" DESC, s."Id" DESC
                          LIMIT {limit}) AS d
                    ORDER BY d."Rank" DESC
                    """).ToListAsync(cancellationToken);
            }

            return await db.Database.SqlQuery<SearchRow>($"""
                SELECT d."Kind", d."RecordId", d."Number", d."Title",
                       ts_headline('simple', d."Title" || ' — ' || coalesce(d."Body", ''), to_tsquery('simple', {query}),
                           'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1') AS "Snippet",
                       d."Rank"
                FROM (SELECT "Kind", "RecordId", "Number", "Title", "Body", ts_rank("Vector", to_tsquery('simple', {query}))::float8 AS "Rank"
                      FROM "SearchDocuments"
                      WHERE "Vector" @@ to_tsquery('simple', {query}) AND "ProjectId" = {projectId} AND "TenantId" = {tenantId}
                      ORDER BY "Rank" DESC, "Id"
                      LIMIT {limit}) AS d
                ORDER BY d."Rank" DESC
                """).ToListAsync(cancellationToken);
        }

        // CROSS JOIN pins the join order: the full-text index first, then each match's document.
        var match = string.Join(" ", words.Select((w, i) => i == words.Count - 1 ? $"\"{w}\"*" : $"\"{w}\""));
        return await db.Database.SqlQuery<SearchRow>($"""
            SELECT d."Kind", d."RecordId", d."Number", d."Title",
                   snippet("SearchIndex", -1, '[', ']', '…', 16) AS "Snippet",
                   -bm25("SearchIndex", 4.0, 1.0) AS "Rank"
            FROM "SearchIndex" CROSS JOIN "SearchDocuments" AS d ON d."Id" = "SearchIndex".rowid
            WHERE "SearchIndex" MATCH {match} AND d."ProjectId" = {projectId} AND d."TenantId" = {tenantId}
              AND "SearchIndex".rowid >= coalesce((
                  SELECT w.rowid FROM "SearchIndex" AS w CROSS JOIN "SearchDocuments" AS wd ON wd."Id" = w.rowid
                  WHERE w."SearchIndex" MATCH {match} AND wd."ProjectId" = {projectId} AND wd."TenantId" = {tenantId}
                  ORDER BY w.rowid DESC LIMIT 1 OFFSET {RankedWindow - 1}), 0)
            ORDER BY bm25("SearchIndex", 4.0, 1.0)
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }
}
