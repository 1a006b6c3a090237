using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Search;

// Ranked full-text search over the project's search documents (SearchQueries: the newest records first, every record for
// a word that is rare lately), with FTS5 and bm25 on SQLite, tsvector and ts_rank on PostgreSQL.
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
