using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Tasks;

namespace OfficeCoordinator.Api.Data;

// A task's two dates as a plan-wide write sets them: its start and finish (a shift), or its baseline (a re-baseline).
public sealed record TaskDates(int Number, DateOnly? Start, DateOnly? Finish);

// Which pair of a task's date columns a bulk write sets, with the names history gives them.
public enum TaskDatePair
{
    Schedule,
    Baseline,
}

// Plan-wide date writes: a shift that cascades over tens of thousands of tasks, or a re-baseline of the whole plan.
// SaveChangesAsync would load, track and snapshot every task and write it row by row; these write a batch of tasks per
// pair of statements instead, with what SaveChangesAsync guarantees kept by hand:
// - the history first, one entry per changed date, read from the stored values inside the same statement, with the
//   version the task is about to get, in the order SaveChangesAsync writes it (by task, finish before start);
// - then the dates and the task's version + 1, only for the tasks whose dates really change;
// - the tenant and project in every statement, standing in for the query filters raw SQL does not get;
// - only inside BeginProjectWriteAsync's transaction, which has moved the plan version once and holds the project.
// Dates are in no search document, so nothing is indexed. Memory is one batch's JSON, whatever the plan's size.
public abstract partial class CoordinatorDb
{
    // Tasks per pair of statements: one JSON parameter each, so no statement nears either database's parameter limit.
    internal static int BulkBatchSize { get; set; } = 5_000;

    // Writes the dates and returns each changed task's version after the write (tasks already at those dates are left
    // alone and are missing from the answer).
    public async Task<Dictionary<int, long>> WriteTaskDatesAsync(
        string projectId, TaskDatePair pair, IReadOnlyCollection<TaskDates> tasks, CancellationToken cancellationToken)
    {
        if (Database.CurrentTransaction is null || !_lockedProjects.Contains(projectId))
        {
            throw new InvalidOperationException("Bulk task writes run inside BeginProjectWriteAsync's transaction for the same project.");
        }

        if (ChangeTracker.Entries<ProjectTask>().Any(e => e.Entity.ProjectId == projectId))
        {
            // Its version would go stale behind the tracker's back, and a later SaveChangesAsync would write it back.
            throw new InvalidOperationException("Bulk task writes need the project's tasks read without tracking.");
        }

        var (start, finish) = pair == TaskDatePair.Schedule ? ("Start", "Finish") : ("BaselineStart", "BaselineFinish");
        var postgres = Database.IsNpgsql();
        var (historySql, updateSql) = (HistorySql(postgres, start, finish), UpdateSql(postgres, start, finish));
        var at = time.GetUtcNow().UtcDateTime;
        var versions = new Dictionary<int, long>(tasks.Count);
        foreach (var batch in tasks.Chunk(BulkBatchSize))
        {
            var dates = Json(batch);
            await Database.ExecuteSqlAsync(
                FormattableStringFactory.Create(historySql, dates, projectId, user.TenantId, at, user.ObjectId, user.Name, user.Email), cancellationToken);
            var written = await Database.SqlQuery<TaskVersion>(FormattableStringFactory.Create(updateSql, dates, projectId, user.TenantId))
                .ToListAsync(cancellationToken);
            foreach (var task in written)
            {
                versions[task.Number] = task.Version;
            }
        }

        return versions;
    }

    private sealed record TaskVersion(int Number, long Version);

    // [[number, "yyyy-MM-dd" or null, "yyyy-MM-dd" or null], ...]: the dates in the text form SQLite stores and history shows.
    private static string Json(IEnumerable<TaskDates> tasks)
    {
        var json = new StringBuilder("[");
        foreach (var task in tasks)
        {
            json.Append(json.Length == 1 ? "[" : ",[").Append(task.Number.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(DateJson(task.Start)).Append(',').Append(DateJson(task.Finish)).Append(']');
        }

        return json.Append(']').ToString();

        static string DateJson(DateOnly? date) => date is { } day ? $"\"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"" : "null";
    }

    // The batch as rows m(n, s, f), the task joined through its unique (ProjectId, Number) index, driven by the batch.
    private static string Moves(bool postgres) => postgres
        ? """m AS (SELECT (e ->> 0)::int AS n, (e ->> 1)::date AS s, (e ->> 2)::date AS f FROM json_array_elements({0}::json) AS e)"""
        : """m AS (SELECT json_extract(value, '$[0]') AS n, json_extract(value, '$[1]') AS s, json_extract(value, '$[2]') AS f FROM json_each({0}))""";

    private static string AsText(bool postgres, string date) => postgres ? $"to_char({date}, 'YYYY-MM-DD')" : date;

    // {0} the batch, {1} the project, {2} the tenant, {3} the instant, {4}-{6} the actor.
    private static string HistorySql(bool postgres, string start, string finish) => $$"""
        WITH {{Moves(postgres)}}
        INSERT INTO "History" ("TenantId", "ProjectId", "At", "ByObjectId", "ByName", "ByEmail", "Entity", "EntityId", "Version", "Action", "Field", "OldValue", "NewValue")
        SELECT c."TenantId", c."ProjectId", {3}, {4}, {5}, {6}, 'task', CAST(c."Number" AS TEXT), c."Version" + 1, '{{HistoryActions.Updated}}', c.field, c.old, c.new
        FROM (
            SELECT t."TenantId", t."ProjectId", t."Number", t."Version", '{{FieldName(finish)}}' AS field, {{AsText(postgres, $"t.\"{finish}\"")}} AS old, {{AsText(postgres, "m.f")}} AS new, 0 AS o
            FROM m CROSS JOIN "Tasks" AS t
            WHERE t."ProjectId" = {1} AND t."Number" = m.n AND t."TenantId" = {2} AND t."{{finish}}" IS DISTINCT FROM m.f
            UNION ALL
            SELECT t."TenantId", t."ProjectId", t."Number", t."Version", '{{FieldName(start)}}', {{AsText(postgres, $"t.\"{start}\"")}}, {{AsText(postgres, "m.s")}}, 1
            FROM m CROSS JOIN "Tasks" AS t
            WHERE t."ProjectId" = {1} AND t."Number" = m.n AND t."TenantId" = {2} AND t."{{start}}" IS DISTINCT FROM m.s
        ) AS c
        ORDER BY c."Number", c.o
        """;

    // {0} the batch, {1} the project, {2} the tenant. SQLite's planner, left to itself, scans the project's tasks and the
    // batch's JSON once per task (quadratic); the rows to change are found through the unique index first, then updated
    // by rowid. PostgreSQL's planner hash-joins the batch.
    private static string UpdateSql(bool postgres, string start, string finish) => postgres
        ? $$"""
            WITH {{Moves(postgres)}}
            UPDATE "Tasks" AS t SET "{{start}}" = m.s, "{{finish}}" = m.f, "Version" = t."Version" + 1
            FROM m
            WHERE t."ProjectId" = {1} AND t."Number" = m.n AND t."TenantId" = {2}
                AND (t."{{start}}" IS DISTINCT FROM m.s OR t."{{finish}}" IS DISTINCT FROM m.f)
            RETURNING t."Number", t."Version"
            """
        : $$"""
            WITH {{Moves(postgres)}},
            j AS MATERIALIZED (
                SELECT t.rowid AS r, m.s, m.f FROM m CROSS JOIN "Tasks" AS t
                WHERE t."ProjectId" = {1} AND t."Number" = m.n AND t."TenantId" = {2}
                    AND (t."{{start}}" IS DISTINCT FROM m.s OR t."{{finish}}" IS DISTINCT FROM m.f))
            UPDATE "Tasks" SET "{{start}}" = j.s, "{{finish}}" = j.f, "Version" = "Tasks"."Version" + 1
            FROM j
            WHERE "Tasks".rowid = j.r
            RETURNING "Tasks"."Number", "Tasks"."Version"
            """;

    private static string FieldName(string column) => char.ToLowerInvariant(column[0]) + column[1..];
}
