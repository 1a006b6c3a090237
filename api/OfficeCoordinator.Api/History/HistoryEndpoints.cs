using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.History;

public static class HistoryEndpoints
{
    public static RouteGroupBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        var history = app.MapProjectGroup("/history", "History");
        history.MapGet("/", (int? limit, string? cursor, string? sort, string? q, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken) =>
            ReadAsync(db.History.Where(h => h.ProjectId == access.Project.Id), limit, cursor, sort, q, cancellationToken)).Describe("History_List", "List the project's history, newest first");
        return history;
    }

    // GET .../{id}/history for one record of the group's kind.
    public static RouteHandlerBuilder MapItemHistory(this RouteGroupBuilder group, string entity, string idTemplate) =>
        group.MapGet($"/{idTemplate}/history", (string id, int? limit, string? cursor, string? sort, string? q, ProjectAccess access, CoordinatorDb db,
            CancellationToken cancellationToken) => ReadAsync(
                db.History.Where(h => h.ProjectId == access.Project.Id && h.Entity == entity && h.EntityId == id), limit, cursor, sort, q, cancellationToken))
            .Describe($"{char.ToUpperInvariant(entity[0])}{entity[1..]}s_History", $"List the history of one {entity}, newest first");

    // History pages by entry id (it only grows), newest first unless sort=at.
    public static async Task<Results<Ok<Page<HistoryItem>>, ValidationProblem>> ReadAsync(
        IQueryable<HistoryEntry> entries, int? limit, string? cursor, string? sort, string? q, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var size = limit ?? PageRequest.DefaultLimit;
        if (size is < 1 or > PageRequest.MaxLimit)
        {
            errors.Add("limit", $"limit must be between 1 and {PageRequest.MaxLimit}.");
        }

        if (sort is not (null or "" or "at" or "-at"))
        {
            errors.Add("sort", "sort must be at or -at.");
        }

        long? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (Cursors.TryDecode(cursor, "h", out var id))
            {
                after = id;
            }
            else
            {
                errors.Add("cursor", "cursor is not one this API returned; start again without it.");
            }
        }

        if (q is { Length: > Validation.NameLength })
        {
            errors.Add("q", $"q must be at most {Validation.NameLength} characters.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().ToLowerInvariant();
            entries = entries.Where(h => (h.Field != null && h.Field.ToLower().Contains(text))
                || (h.OldValue != null && h.OldValue.ToLower().Contains(text))
                || (h.NewValue != null && h.NewValue.ToLower().Contains(text))
                || h.ByName.ToLower().Contains(text) || h.ByEmail.Contains(text) || h.EntityId.ToLower().Contains(text));
        }

        var oldestFirst = sort == "at";
        if (after is { } last)
        {
            entries = oldestFirst ? entries.Where(h => h.Id > last) : entries.Where(h => h.Id < last);
        }

        var rows = await (oldestFirst ? entries.OrderBy(h => h.Id) : entries.OrderByDescending(h => h.Id)).AsNoTracking()
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        var next = rows.Count > size ? Cursors.Encode("h", rows[size - 1].Id) : null;
        return TypedResults.Ok(new Page<HistoryItem>([.. rows.Take(size).Select(h => h.AsDto())], next));
    }
}
