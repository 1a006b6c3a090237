using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
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
        app.MapProjectGroup("/search", "Search").MapGet("/", SearchAsync);

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

public static class SearchQueries
{
    public static Task<List<SearchRow>> RunAsync(CoordinatorDb db, string projectId, string tenantId, IReadOnlyList<string> words, int limit, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var query = string.Join(" & ", words.Select((w, i) => i == words.Count - 1 ? w + ":*" : w));
            return db.Database.SqlQuery<SearchRow>($"""
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

        var match = string.Join(" ", words.Select((w, i) => i == words.Count - 1 ? $"\"{w}\"*" : $"\"{w}\""));
        return db.Database.SqlQuery<SearchRow>($"""
            SELECT d."Kind", d."RecordId", d."Number", d."Title",
                   snippet("SearchIndex", -1, '[', ']', '…', 16) AS "Snippet",
                   -bm25("SearchIndex", 4.0, 1.0) AS "Rank"
            FROM "SearchIndex" JOIN "SearchDocuments" AS d ON d."Id" = "SearchIndex".rowid
            WHERE "SearchIndex" MATCH {match} AND d."ProjectId" = {projectId} AND d."TenantId" = {tenantId}
            ORDER BY bm25("SearchIndex", 4.0, 1.0)
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
    }
}
