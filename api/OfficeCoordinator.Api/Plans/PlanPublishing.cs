using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Documents;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Idempotency;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Plans;

// The plan in the project's document folder (DESIGN.md "Microsoft Graph", publish): plan.xlsx is written with If-Match
// on the eTag last written. When someone saved the file there since, their copy is merged first (the three-way merge
// of an import, its rows' Version columns giving the base), as the user who saved it when that user is a member, else
// as the publisher; conflicts keep the server's value and are listed on a Conflicts sheet of the file written back.
public static class PlanPublishing
{
    private const int Attempts = 3;

    public static RouteGroupBuilder MapPlanPublishing(this IEndpointRouteBuilder app)
    {
        var plan = app.MapProjectGroup("/plan", "Plan");
        plan.MapPost("/publish", PublishAsync).Describe("Plan_Publish", "Publish the plan to the shared workbook").RequireProjectRole(ProjectRole.Coordinator, "publish the plan").Idempotent();
        return plan;
    }

    private static async Task<Results<Ok<PlanPublication>, ProblemHttpResult>> PublishAsync(
        HttpContext http, ProjectAccess access, CoordinatorDb db, SignInModeAccessor signIn, DocumentStores stores, TimeProvider time,
        IOptions<PlanImportOptions> import, IOptions<PlanWorkbookOptions> workbook, CancellationToken cancellationToken)
    {
        var project = access.Project;
        if (DocumentFolders.RefOf(project, signIn.Mode) is not { } folder)
        {
            return DocumentEndpoints.NoFolder();
        }

        var store = stores.For(folder);
        var limits = import.Value.Limits;
        var merged = new List<PlanImportReport>();
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var shared = await store.ReadAsync(folder, DocumentFolders.PlanFileName, limits.MaxUploadBytes, cancellationToken);
            var conflicts = new List<PlanConflictNote>();
            if (shared is not null && shared.ETag != project.SharedPlanETag)
            {
                PlanSheet sheet;
                try
                {
                    sheet = await PlanWorkbookReader.ReadAsync(new MemoryStream(shared.Content, writable: false), limits, cancellationToken);
                }
                catch (PlanFileException unreadable)
                {
                    return Problems.Conflict($"The {DocumentFolders.PlanFileName} in the project's folder cannot be read as a plan ({unreadable.Message.TrimEnd('.')}); "
                        + "move it away or repair it, then publish again. Nothing was changed.");
                }

                // Only this project's plan is merged. A copy saved by a program that drops custom properties (openpyxl
                // does) counts when this folder already holds our publish; before the first one, a file by that name
                // that does not say it is this project's plan is never taken for it.
                if (sheet.ProjectId is { } other ? other != project.Id : project.SharedPlanETag is null)
                {
                    return Problems.Conflict(sheet.ProjectId is null
                        ? $"The {DocumentFolders.PlanFileName} in the project's folder was not written by OfficeCoordinator; move it away, then publish again. Nothing was changed."
                        : $"The {DocumentFolders.PlanFileName} in the project's folder is the plan of another project; move it away, then publish again. Nothing was changed.");
                }

                var (report, savedBy) = await MergeAsync(http.RequestServices, access, signIn.Mode, shared, sheet, cancellationToken);
                merged.Add(report with { Warnings = [.. sheet.Warnings.Select(w => new ImportWarning(w))] });
                conflicts.AddRange(NotesOf(report, sheet, savedBy));
                await db.Entry(project).ReloadAsync(cancellationToken); // the merge moved the plan version
            }

            PlanExport plan;
            try
            {
                plan = await PlanExport.LoadAsync(db, project, time.GetUtcNow(), cancellationToken) with { Conflicts = conflicts };
            }
            catch (ScheduleException unschedulable)
            {
                return Problems.Conflict(unschedulable.Message);
            }

            await using var file = new FileStream(
                Path.Combine(Path.GetTempPath(), $"officecoordinator-publish-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
                bufferSize: 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await PlanWorkbookWriter.WriteAsync(file, plan, workbook.Value, cancellationToken);
            file.Position = 0;
            StoredFile stored;
            try
            {
                stored = await store.ReplaceAsync(folder, DocumentFolders.PlanFileName, file, file.Length, shared?.ETag, cancellationToken);
            }
            catch (SharedFileChangedException) when (attempt < Attempts)
            {
                continue; // saved again meanwhile: read that copy, merge it too, and write again
            }
            catch (SharedFileChangedException)
            {
                break;
            }
            catch (Exception failure) when (Applied(merged) && Mail.GraphFailures.Describe(failure) is { } graph)
            {
                // The shared file's edits are in the plan already (with history); only the file was not written back.
                return Problems.Problem(graph.Status, graph.Title,
                    $"The edits saved in the shared file were merged into the plan, but writing {DocumentFolders.PlanFileName} back failed: {graph.Detail} Publish again to write it.",
                    graph.Extensions.ToDictionary(pair => pair.Key, pair => pair.Value));
            }

            // Only a written file moves the stored eTag: a failed publish leaves it as it was.
            var now = time.GetUtcNow();
            now = now.AddTicks(-(now.Ticks % 10)); // what both databases keep (microseconds), so the answer matches later reads
            project.SharedPlanETag = stored.ETag;
            project.SharedPlanWebUrl = stored.WebUrl;
            project.SharedPlanPublishedAt = now.UtcDateTime;
            project.SharedPlanPublishedBy = access.Membership.Email;
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(new PlanPublication(stored.WebUrl, stored.ETag, now, Combined(merged)));
        }

        return Problems.Conflict(Applied(merged)
            ? "The shared plan kept changing while it was being published: what was saved in it so far is merged into the plan, but the file was not written back. Publish again in a moment."
            : "The shared plan kept changing while it was being published; nothing was overwritten. Try again in a moment.");
    }

    // The edits of the shared copy, applied as the member who saved it (their role's rules apply), else as the publisher.
    private static async Task<(PlanImportReport Report, string SavedBy)> MergeAsync(
        IServiceProvider services, ProjectAccess access, SignInMode mode, SharedFile shared, PlanSheet sheet, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CoordinatorDb>();
        var author = shared.ModifiedByEmail is { Length: > 0 } email && email != access.Membership.Email
            ? await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.ProjectId == access.Project.Id && m.Email == email, cancellationToken)
            : null;
        var savedBy = shared.ModifiedByName is { Length: > 0 } name ? $"{name} <{shared.ModifiedByEmail}>" : shared.ModifiedByEmail ?? "the file's last editor";
        if (author is null)
        {
            var merge = ActivatorUtilities.CreateInstance<PlanMerge>(services);
            return (await merge.RunAsync(sheet.Rows, reportMissing: true, dryRun: false, cancellationToken) with { Missing = [] }, savedBy);
        }

        // A scope of the author's own (a member who may not have signed in here yet): their identity writes the
        // history, their membership decides what applies.
        await using var scope = services.CreateAsyncScope();
        var caller = services.GetRequiredService<CurrentUser>();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Fill(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim("tid", caller.TenantId), new Claim("oid", author.UserObjectId ?? $"invited:{author.Email}"),
            new Claim("name", author.Name ?? shared.ModifiedByName ?? author.Email), new Claim("email", author.Email), new Claim("preferred_username", author.Email),
        ], "shared-file")), mode);
        var authorAccess = scope.ServiceProvider.GetRequiredService<ProjectAccess>();
        authorAccess.Use(access.Project, author);
        var authorMerge = ActivatorUtilities.CreateInstance<PlanMerge>(scope.ServiceProvider);
        return (await authorMerge.RunAsync(sheet.Rows, reportMissing: true, dryRun: false, cancellationToken) with { Missing = [] }, savedBy);
    }

    private static bool Applied(List<PlanImportReport> reports) => reports.Any(r => r.Applied.Count > 0 || r.Created.Count > 0);

    // What the file written back must keep of what was typed in the shared copy but not applied: every conflict (the
    // server's value stays in the Plan) and every refused cell or row, with the value typed and who saved it.
    private static IEnumerable<PlanConflictNote> NotesOf(PlanImportReport report, PlanSheet sheet, string savedBy)
    {
        foreach (var conflict in report.Conflicts)
        {
            yield return new PlanConflictNote(CellOf(conflict.Column, conflict.Row), conflict.Id, conflict.Column, conflict.Base, conflict.Server, conflict.Workbook, savedBy);
        }

        var rows = sheet.Rows.GroupBy(r => r.Row).ToDictionary(g => g.Key, g => g.First());
        foreach (var error in report.RowErrors)
        {
            var row = rows.GetValueOrDefault(error.Row);
            var typed = error.Column is { } column && row is not null
                ? Shown(column, row.Cells.FirstOrDefault(c => string.Equals(c.Key, column, StringComparison.OrdinalIgnoreCase)).Value)
                : row is null ? null : string.Join(" | ", row.Cells.Where(c => !c.Value.IsEmpty).Select(c => $"{c.Key}: {Shown(c.Key, c.Value)}"));
            yield return new PlanConflictNote(error.Column is { } c2 ? CellOf(c2, error.Row) : $"row {error.Row}", error.Id ?? "(new row)", error.Column ?? "",
                null, $"Not applied: {error.Detail}", typed, savedBy);
        }
    }

    // A cell as the sheet shows it: dates as dates (a date column's number is a serial date, whatever wrote it).
    private static string? Shown(string column, PlanCell cell) => cell.Kind switch
    {
        PlanCellKind.Text => cell.Text,
        PlanCellKind.Date or PlanCellKind.Number when (cell.Kind == PlanCellKind.Date || PlanColumns.Dates.Contains(column))
            && ExcelDates.TryFromSerial(cell.Number, out var day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        PlanCellKind.Number or PlanCellKind.Date => cell.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        PlanCellKind.Boolean => cell.Boolean ? "TRUE" : "FALSE",
        _ => null,
    };

    private static PlanImportReport Combined(List<PlanImportReport> reports) => reports.Count == 1 ? reports[0] : new PlanImportReport(
        [.. reports.SelectMany(r => r.Applied)], [.. reports.SelectMany(r => r.Created)], [.. reports.SelectMany(r => r.Conflicts)],
        [.. reports.SelectMany(r => r.RowErrors)], [], [.. reports.SelectMany(r => r.Warnings)]);

    // "Finish" on sheet row 5 -> "H5" (the Plan table starts at A1).
    private static string CellOf(string column, int row)
    {
        var index = PlanColumns.All.ToList().FindIndex(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return $"row {row}";
        }

        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return $"{letters}{row}";
    }
}
