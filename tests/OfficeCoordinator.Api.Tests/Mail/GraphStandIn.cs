using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OfficeCoordinator.Api.Tests.Mail;

// Microsoft Graph as the real SDK meets it, served by Kestrel inside the test process: each request takes the next
// scripted answer (throttling, outages, errors), or else the mailbox's message. Requests are kept for the assertions.
public sealed class GraphStandIn : IAsyncDisposable
{
    public const string MessageJson = """
        { "id": "AAMkAGI2", "subject": "RE: Venue contract", "internetMessageId": "<venue-1@harbour.example>", "conversationId": "conv-1",
          "from": { "emailAddress": { "name": "Erin Venue", "address": "erin@harbour.example" } },
          "receivedDateTime": "2026-12-01T09:00:00Z", "webLink": "https://outlook.office365.com/owa/?ItemID=AAMkAGI2" }
        """;

    private readonly WebApplication _app;

    private GraphStandIn(WebApplication app) => _app = app;

    public ConcurrentQueue<Func<HttpContext, Task>> Script { get; } = new();
    public ConcurrentQueue<(string Method, string Path, string? Authorization)> Requests { get; } = new();
    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<GraphStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new GraphStandIn(app);
        app.Run(async http =>
        {
            standIn.Requests.Enqueue((http.Request.Method, http.Request.Path, http.Request.Headers.Authorization.ToString()));
            if (standIn.Script.TryDequeue(out var step))
            {
                await step(http);
                return;
            }

            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(MessageJson);
        });
        await app.StartAsync();
        standIn.BaseUrl = new Uri($"{app.Urls.First()}/v1.0");
        return standIn;
    }

    // Graph's throttling answer, with Retry-After as given ("3", or an HTTP date).
    public static Func<HttpContext, Task> Throttled(string retryAfter) => async http =>
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("""{ "error": { "code": "TooManyRequests", "message": "Please retry again later." } }""");
    };

    public static Func<HttpContext, Task> Failed(int status, string code, string requestId) => async http =>
    {
        http.Response.StatusCode = status;
        http.Response.Headers["request-id"] = requestId;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($$"""
            { "error": { "code": "{{code}}", "message": "Something failed.", "innerError": { "request-id": "{{requestId}}", "date": "2026-12-07T10:00:00" } } }
            """);
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
