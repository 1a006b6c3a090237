using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;

namespace OfficeCoordinator.Api.Plans;

// The shared workbook as a file: the whole plan as plan.xlsx (the Plan rows and the merge are PlanMergeEndpoints).
public static class PlanEndpoints
{
    public static IServiceCollection AddPlans(this IServiceCollection services)
    {
        services.AddOptions<PlanImportOptions>().BindConfiguration(PlanImportOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlanImportOptions>, PlanImportOptions.Validator>();
        services.AddOptions<PlanWorkbookOptions>().BindConfiguration(PlanWorkbookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlanWorkbookOptions>, PlanWorkbookOptions.Validator>();
        return services;
    }

    public static RouteGroupBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        // plan.xlsx sits beside /plan, not under it.
        var project = app.MapProjectGroup("", "Plan");
        project.MapGet("/plan.xlsx", DownloadWorkbookAsync).Describe("Plan_DownloadWorkbook", "Download the plan workbook").ProducesProblems(409)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The ETag is the plan version: a pane that has this version already gets 304 (DESIGN.md "Caching").
                var etag = new OpenApiHeader
                {
                    Description = "The plan version, quoted; send it back as If-None-Match.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 21 },
                };
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-None-Match",
                    In = ParameterLocation.Header,
                    Description = "The ETag of the workbook you have: 304 while the plan has not changed.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 1024 },
                });
                operation.Responses ??= [];
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "The workbook.",
                    Headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = etag },
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [PlanWorkbookWriter.ContentType] = new() { Schema = ApiDocument.Binary("plan.xlsx.", int.MaxValue) },
                    },
                };
                operation.Responses["304"] = new OpenApiResponse
                {
                    Description = "The plan has not changed since the ETag sent in If-None-Match.",
                    Headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = etag },
                };
                return Task.CompletedTask;
            });
        return project;
    }

    // Any member. The ETag is the plan version, so a pane that already has this version gets 304 without the
    // server building the workbook. The workbook goes to a temporary file first: a failure while writing becomes a
    // problem response instead of a cut-off download, and the response carries its length.
    private static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, ProblemHttpResult>> DownloadWorkbookAsync(
        HttpContext http, ProjectAccess access, CoordinatorDb db, TimeProvider time, IOptions<PlanWorkbookOptions> options, CancellationToken cancellationToken)
    {
        var project = access.Project;
        var etag = new EntityTagHeaderValue(Preconditions.ETag(project.PlanVersion));
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = "private, no-cache";
        if (http.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } tags && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        PlanExport plan;
        try
        {
            plan = await PlanExport.LoadAsync(db, project, time.GetUtcNow(), cancellationToken);
        }
        catch (ScheduleException unschedulable)
        {
            return Problems.Conflict(unschedulable.Message);
        }

        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"officecoordinator-plan-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await PlanWorkbookWriter.WriteAsync(file, plan, options.Value, cancellationToken);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        // The result disposes the file once it is sent, which deletes it.
        return TypedResults.File(file, PlanWorkbookWriter.ContentType, FileNameFor(project.Name), entityTag: etag);
    }

    // The project's name as a file name any system accepts: letters, digits and a few separators, at most 80 characters.
    public static string FileNameFor(string projectName)
    {
        var name = new StringBuilder(projectName.Length);
        foreach (var character in projectName.Normalize(NormalizationForm.FormC))
        {
            var keep = char.IsLetterOrDigit(character) || character is '-' or '_' or '(' or ')' or '&' or '+' or '\'' or ',';
            if (keep || (name.Length > 0 && name[^1] != ' '))
            {
                name.Append(keep ? character : ' ');
            }

            if (name.Length >= 80)
            {
                break;
            }
        }

        var trimmed = name.ToString().Trim();
        return (trimmed.Length == 0 ? "plan" : trimmed) + ".xlsx";
    }
}
