using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;
using OfficeCoordinator.Api.Idempotency;

namespace OfficeCoordinator.Api.Plans;

// The Plan rows as JSON for the Excel pane, and the merge fed with them (the workbook import feeds the same merge).
public static class PlanMergeEndpoints
{
    public const int MaxRows = 100_000;

    public static RouteGroupBuilder MapPlanMerge(this IEndpointRouteBuilder app)
    {
        var plan = app.MapProjectGroup("/plan", "Plan");
        plan.MapGet("/rows", ReadRowsAsync).Describe("Plan_ReadRows", "Read the plan as workbook rows");
        plan.MapPost("/changes", ApplyChangesAsync).Describe("Plan_ApplyChanges", "Apply edited plan rows").RequireProjectRole(ProjectRole.Contributor, "change the plan").Idempotent(exceptDryRun: true);
        // No Accepts metadata: routing would refuse the other of the two upload forms; the handler checks the type.
        plan.MapPost("/import", ImportAsync).Describe("Plan_Import", "Import a plan workbook").RequireProjectRole(ProjectRole.Contributor, "import the plan")
            .Idempotent(exceptDryRun: true)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUpload(app) + MultipartAllowance))
            .WithBody("The workbook (plan.xlsx as downloaded, edited in Excel or another spreadsheet program): the file itself, or one file in "
                    + "multipart/form-data. At most 20 MiB by default (Plans:Import:MaxUploadBytes).",
                new BodyForm(PlanWorkbookWriter.ContentType, Schema: ApiDocument.Binary("The workbook.", DefaultMaxUpload)),
                new BodyForm("application/octet-stream", Schema: ApiDocument.Binary("The workbook.", DefaultMaxUpload)),
                new BodyForm("multipart/form-data", Schema: new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "file" },
                    Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = ApiDocument.Binary("The workbook (the first file is read).", DefaultMaxUpload) },
                }));
        return plan;
    }

    // `tasks` (optional) names the rows wanted, as numbers or keys: "3,5" or "T-3,T-5" (the pane reloads moved rows).
    private static async Task<Results<Ok<PlanRowsPage>, ValidationProblem>> ReadRowsAsync(
        int? limit, string? cursor, string? tasks, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var page = PageRequest.Read(limit, cursor, null, null, [], errors);
        var numbers = TaskNumbers(tasks, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var project = access.Project;
        var calendar = ProjectCalendar.Of(project);
        var query = db.Tasks.AsNoTracking().Include(t => t.SourceEmail).Where(t => t.ProjectId == project.Id);
        if (numbers is not null)
        {
            query = query.Where(t => numbers.Contains(t.Number));
        }

        var rows = await page.Slice(query.OrderBy(t => t.Number)).ToListAsync(cancellationToken);
        var result = page.ToPage(rows, t => PlanRows.JsonOf(t, calendar));
        return TypedResults.Ok(new PlanRowsPage(project.PlanVersion, result.Items, result.NextCursor));
    }

    private const int MaxNamedTasks = 1_000;

    private static List<int>? TaskNumbers(string? tasks, Validation errors)
    {
        if (tasks is null)
        {
            return null;
        }

        var numbers = new List<int>();
        foreach (var part in tasks.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var digits = part.StartsWith("T-", StringComparison.OrdinalIgnoreCase) ? part[2..] : part;
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                errors.Add("tasks", $"'{(part.Length > 20 ? part[..20] + "…" : part)}' is not a task: give task numbers or keys, such as 3 or T-3, separated by commas.");
                return null;
            }

            numbers.Add(number);
        }

        if (numbers.Count > MaxNamedTasks)
        {
            errors.Add("tasks", $"At most {MaxNamedTasks:N0} tasks can be named at once.");
        }

        return [.. numbers.Distinct()];
    }

    private static async Task<Results<Ok<PlanImportReport>, ValidationProblem>> ApplyChangesAsync(
        PlanChangesInput input, bool? dryRun, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var rows = new List<PlanRowInput>();
        if (input.Rows is null)
        {
            errors.Add("rows", "rows is required: a list of Plan rows.");
        }
        else if (input.Rows.Count > MaxRows)
        {
            errors.Add("rows", $"At most {MaxRows:N0} rows can be sent at once.");
        }
        else
        {
            for (var i = 0; i < input.Rows.Count; i++)
            {
                if (RowOf(input.Rows[i], i + 1, $"rows[{i}]", errors) is { } row)
                {
                    rows.Add(row);
                }
            }
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var merge = ActivatorUtilities.CreateInstance<PlanMerge>(http.RequestServices);
        return TypedResults.Ok(await merge.RunAsync(rows, reportMissing: false, dryRun: dryRun == true, cancellationToken));
    }

    // An edited plan.xlsx, as the body or as a multipart file. The upload is untrusted: the reader bounds its size,
    // its unzipped size and its parts, and refuses what is not a plain workbook (PlanFileException -> problem details).
    private static async Task<Results<Ok<PlanImportReport>, ProblemHttpResult>> ImportAsync(
        bool? dryRun, HttpContext http, ProjectAccess access, IOptions<PlanImportOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value.Limits;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxUploadBytes + MultipartAllowance;
        }

        var request = http.Request;
        Stream upload;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.Count == 0 || form.Files[0] is not { } file)
            {
                return Problems.Problem(StatusCodes.Status400BadRequest, "Bad Request", "Attach the workbook (plan.xlsx) as a file.");
            }

            upload = file.OpenReadStream();
        }
        else if (request.ContentType is null || request.ContentType.StartsWith(PlanWorkbookWriter.ContentType, StringComparison.OrdinalIgnoreCase)
            || request.ContentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            upload = request.Body;
        }
        else
        {
            return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                $"Send the workbook as {PlanWorkbookWriter.ContentType}, or as a file in multipart/form-data.");
        }

        await using (upload)
        {
            var sheet = await PlanWorkbookReader.ReadAsync(upload, limits, cancellationToken);
            if (sheet.ProjectId is { } projectId && projectId != access.Project.Id)
            {
                return Problems.Conflict("This workbook is the plan of another project; download this project's plan.xlsx and edit that one.");
            }

            var merge = ActivatorUtilities.CreateInstance<PlanMerge>(http.RequestServices);
            var report = await merge.RunAsync(sheet.Rows, reportMissing: true, dryRun: dryRun == true, cancellationToken);
            return TypedResults.Ok(report with { Warnings = [.. sheet.Warnings.Select(w => new ImportWarning(w))] });
        }
    }

    private static long MaxUpload(IEndpointRouteBuilder app) =>
        app.ServiceProvider.GetRequiredService<IOptions<PlanImportOptions>>().Value.Limits.MaxUploadBytes;

    // The document states the default (Plans:Import:MaxUploadBytes may change it), so it is the same wherever it is served.
    private static readonly long DefaultMaxUpload = new PlanImportOptions().MaxUploadBytes;

    // Room for the multipart envelope around a workbook of the largest accepted size.
    private const long MultipartAllowance = 64 * 1024;

    // A JSON row: column name -> string, number, boolean or null (clears); "Row" names the sheet row it came from.
    private static PlanRowInput? RowOf(JsonElement element, int index, string path, Validation errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Each row is an object of column names and values.");
            return null;
        }

        var row = index;
        var cells = new Dictionary<string, PlanCell>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, "Row", StringComparison.OrdinalIgnoreCase))
            {
                if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var sheetRow) && sheetRow is > 0 and <= MaxSheetRow)
                {
                    row = sheetRow;
                }
                else if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    errors.Add($"{path}.{property.Name}", $"Row is the sheet row the values came from: a whole number from 1 to {MaxSheetRow:N0}.");
                }

                continue;
            }

            if (cells.ContainsKey(property.Name))
            {
                errors.Add($"{path}.{property.Name}", $"The column {property.Name} is given twice in this row.");
                continue;
            }

            cells[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => PlanCell.Of(property.Value.GetString()),
                JsonValueKind.Number => PlanCell.Of(property.Value.GetDouble()),
                JsonValueKind.True => PlanCell.Of(true),
                JsonValueKind.False => PlanCell.Of(false),
                JsonValueKind.Null => PlanCell.Empty,
                _ => Invalid(errors, $"{path}.{property.Name}"),
            };
        }

        return new PlanRowInput(row, cells);
    }

    // The last row of an Excel sheet.
    public const int MaxSheetRow = 1_048_576;

    private static PlanCell Invalid(Validation errors, string path)
    {
        errors.Add(path, "A cell is a string, a number, true, false or null.");
        return PlanCell.Empty;
    }
}

public sealed record PlanChangesInput(IReadOnlyList<JsonElement>? Rows);

public sealed record PlanRowsPage(long PlanVersion, IReadOnlyList<Dictionary<string, object?>> Rows, string? NextCursor);
