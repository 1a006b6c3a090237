using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;

namespace OfficeCoordinator.Api.Http;

// Every error the API returns is RFC 9457 problem details whose detail a task pane can show as it is.
public static class Problems
{
    public static IServiceCollection AddProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Describe);
        services.AddExceptionHandler<RequestExceptionHandler>();
        // Binding failures (malformed JSON, wrong content type, oversized bodies) reach the handler above
        // in every environment instead of becoming an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not Found", detail);

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null, string? type = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions,
            type: type ?? (status == StatusCodes.Status428PreconditionRequired ? "https://www.rfc-editor.org/rfc/rfc6585#section-3" : null));

    // For middleware that answers before any endpoint: writes the problem (with errors by JSON path, if any).
    public static Task WriteAsync(HttpContext http, int status, string title, string detail, Dictionary<string, string[]>? errors = null)
    {
        http.Response.StatusCode = status;
        var problem = errors is null ? new Microsoft.AspNetCore.Mvc.ProblemDetails() : new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }).AsTask();
    }

    // Names the limit that applied: 1 MB for JSON, the import's own cap for workbooks.
    public static string TooLarge(HttpContext http)
    {
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? ApiJson.MaxRequestBodyBytes;
        return $"The request body is larger than this endpoint accepts ({Math.Max(1, limit / (1024 * 1024))} MB).";
    }

    private static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"No API route matches {request.Method} {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}.",
            StatusCodes.Status403Forbidden => "Your sign-in does not allow this request.",
            StatusCodes.Status413PayloadTooLarge => TooLarge(context.HttpContext),
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON (Content-Type: application/json).",
            StatusCodes.Status500InternalServerError => "Something went wrong on the server; the change was not saved.",
            _ => problem.Detail,
        };
    }
}

// Turns request-shape failures into problem details naming what is wrong, and lost races into 412.
internal sealed class RequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (Mail.GraphFailures.Describe(exception) is { } graph)
        {
            http.Response.StatusCode = graph.Status;
            if (graph.RetryAfterSeconds is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var failure = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = graph.Status, Title = graph.Title, Detail = graph.Detail };
            foreach (var (name, value) in graph.Extensions)
            {
                failure.Extensions[name] = value;
            }

            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = failure, Exception = exception });
        }

        var (status, title, detail, errors) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => JsonProblem(json),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "Payload Too Large", Problems.TooLarge(http), null),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
                (415, "Unsupported Media Type", "Send the body as JSON (Content-Type: application/json).", null),
            BadHttpRequestException bad when bad.Message.Contains("no body was provided", StringComparison.Ordinal) =>
                (400, "Bad Request", "The request needs a JSON body.", null),
            BadHttpRequestException bad => (bad.StatusCode, "Bad Request", "The request is not valid: " + FirstSentence(bad.Message), null),
            Plans.PlanFileException file => (file.StatusCode, file.Title, file.Message, null),
            // A multipart body without its boundary, or cut short, as the form reader finds it.
            InvalidDataException or IOException when http.Request.HasFormContentType && !http.Response.HasStarted =>
                (400, "Bad Request", "The upload is not a well-formed multipart form; send the file again.", null),
            DbUpdateConcurrencyException =>
                (412, "Precondition Failed", "Someone else changed this record meanwhile; reload it and try again.", null),
            DbUpdateException update when DatabaseErrors.IsUniqueViolation(update) =>
                (409, "Conflict", "Another record already has this value (someone may have just added it); reload and try again.", null),
            _ when DatabaseErrors.IsOutage(exception) => Unavailable(http, exception),
            _ => (0, "", "", (Dictionary<string, string[]>?)null),
        };
        if (status == 0)
        {
            return false;
        }

        http.Response.StatusCode = status;
        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails()
            : new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        if (exception is DbUpdateConcurrencyException { Entries: [var entry, ..] }
            && await entry.GetDatabaseValuesAsync(cancellationToken) is { } current
            && current.Properties.FirstOrDefault(p => p.Name == "Version") is { } version)
        {
            problem.Extensions["etag"] = Preconditions.ETag(Convert.ToInt64(current[version], System.Globalization.CultureInfo.InvariantCulture));
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    // Nothing was saved (the transaction never committed); the caller may simply try again. Npgsql's pools are
    // emptied so that connections broken by the outage are not handed out again once the database is back.
    private static (int, string, string, Dictionary<string, string[]>?) Unavailable(HttpContext http, Exception exception)
    {
        if (DatabaseErrors.IsConnectionLost(exception))
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
        }

        http.Response.Headers.RetryAfter = DatabaseErrors.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<ILogger<RequestExceptionHandler>>()
            .LogWarning("The database is unavailable ({Error}); answered 503", exception.GetBaseException().GetType().Name);
        return (503, "Service Unavailable", $"The database is not available right now, so nothing was saved; try again in {DatabaseErrors.RetryAfterSeconds} seconds.", null);
    }

    private static (int, string, string, Dictionary<string, string[]>?) JsonProblem(JsonException json)
    {
        if (JsonPaths.MissingMembers(json) is { Count: > 0 } missing)
        {
            var errors = missing.ToDictionary(member => member, member => new[] { $"{member} is required." });
            return (400, "Bad Request", $"{missing[0]} is required.", errors);
        }

        var path = JsonPaths.ToMemberPath(json.Path);
        var message = JsonPaths.Explain(json);
        var detail = path.Length == 0 ? message : $"{path}: {message}";
        return (400, "Bad Request", detail, new Dictionary<string, string[]> { [path.Length == 0 ? "$" : path] = [message] });
    }

    private static string FirstSentence(string message) => message.Split(". ", 2)[0].TrimEnd('.') + ".";
}
