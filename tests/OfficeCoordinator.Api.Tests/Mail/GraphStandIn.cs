using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OfficeCoordinator.Api.Tests.Mail;

// Microsoft Graph as the real SDK meets it, served by Kestrel inside the test process: a mailbox (messages with their
// attachments), drives (folders, files with eTags, If-Match and 412, upload sessions in slices), and a script of
// answers that come first (throttling, outages, errors). Requests are kept for the assertions.
public sealed partial class GraphStandIn : IAsyncDisposable
{
    public const string MessageJson = """
        { "id": "AAMkAGI2", "subject": "RE: Venue contract", "internetMessageId": "<venue-1@harbour.example>", "conversationId": "conv-1",
          "from": { "emailAddress": { "name": "Erin Venue", "address": "erin@harbour.example" } },
          "receivedDateTime": "2026-12-01T09:00:00Z", "webLink": "https://outlook.office365.com/owa/?ItemID=AAMkAGI2" }
        """;

    private readonly WebApplication _app;
    private int _ids;

    private GraphStandIn(WebApplication app)
    {
        _app = app;
        Messages["AAMkAGI2"] = new Message(JsonNode.Parse(MessageJson)!.AsObject(), []);
    }

    public sealed record Request(string Method, string Path, string Query, string? Authorization, string? IfMatch, string? Prefer, string? ContentRange, long Length);

    public sealed record Attachment(string Id, string Name, string ContentType, byte[] Content, bool IsInline = false, string Kind = "#microsoft.graph.fileAttachment");

    public sealed record Message(JsonObject Json, IReadOnlyList<Attachment> Attachments);

    public sealed class DriveFile
    {
        public required string Id { get; init; }
        public required byte[] Content { get; set; }
        public required string ETag { get; set; }
        public (string Name, string Email)? ModifiedBy { get; set; }
    }

    public ConcurrentQueue<Func<HttpContext, Task>> Script { get; } = new();

    // A scripted step that answers as the stand-in would (to let a request through before a scripted failure).
    public Func<HttpContext, Task> Pass => AnswerAsync;

    // Runs once, just before the next file write is judged: someone saving the file at that moment.
    public Action? BeforeNextWrite
    {
        get => _beforeWrite;
        set => _beforeWrite = value;
    }

    private Action? _beforeWrite;
    public ConcurrentQueue<Request> Requests { get; } = new();
    public ConcurrentDictionary<string, Message> Messages { get; } = new();

    // Drafts made through POST /me/messages (or /users/{id}/messages, as an application), the mailbox each is in (the
    // user's object id), and the ids of those sent.
    public ConcurrentDictionary<string, JsonObject> Drafts { get; } = new();
    public ConcurrentDictionary<string, string> DraftMailboxes { get; } = new();
    public ConcurrentQueue<string> Sent { get; } = new();

    // Drive id -> folders and files by path from the root ("Projects/Launch/plan.xlsx").
    public ConcurrentDictionary<string, ConcurrentDictionary<string, DriveFile?>> Drives { get; } = new();

    private ConcurrentDictionary<string, (string Drive, string Path, string Conflict, MemoryStream Received)> Sessions { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<GraphStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new GraphStandIn(app);
        app.Run(async http =>
        {
            var request = http.Request;
            standIn.Requests.Enqueue(new Request(request.Method, request.Path, request.QueryString.Value ?? "", request.Headers.Authorization.ToString(),
                request.Headers.IfMatch.FirstOrDefault(), request.Headers["Prefer"].ToString(), request.Headers.ContentRange.FirstOrDefault(), request.ContentLength ?? 0));
            if (standIn.Script.TryDequeue(out var step))
            {
                await step(http);
                return;
            }

            await standIn.AnswerAsync(http);
        });
        await app.StartAsync();
        standIn.BaseUrl = new Uri($"{app.Urls.First()}/v1.0");
        return standIn;
    }

    // A drive with these folders (and every folder above them).
    public void AddDrive(string driveId, params string[] folders)
    {
        var items = Drives.GetOrAdd(driveId, _ => new());
        foreach (var folder in folders)
        {
            var parts = folder.Split('/');
            for (var i = 1; i <= parts.Length; i++)
            {
                items[string.Join('/', parts[..i])] = null;
            }
        }
    }

    // Someone saves the file in Excel for the web: new content, a new eTag, and who saved it.
    public void Save(string driveId, string path, byte[] content, string name, string email)
    {
        var file = Drives[driveId][path]!;
        file.Content = content;
        file.ETag = NewETag();
        file.ModifiedBy = (name, email);
    }

    public DriveFile FileAt(string driveId, string path) => Drives[driveId][path] ?? throw new KeyNotFoundException(path);

    private async Task AnswerAsync(HttpContext http)
    {
        var path = http.Request.Path.Value![("/v1.0".Length)..];
        var method = http.Request.Method;
        Match match;
        if ((match = DraftsPath().Match(path)).Success && method == "POST")
        {
            var draft = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            var id = "AAMkDraft" + Interlocked.Increment(ref _ids);
            draft["id"] = id;
            Drafts[id] = draft;
            DraftMailboxes[id] = MailboxOf(http, match);
            await Json(http, 201, draft);
            return;
        }

        if ((match = SendPath().Match(path)).Success && method == "POST")
        {
            if (!Drafts.ContainsKey(match.Groups["id"].Value) || Sent.Contains(match.Groups["id"].Value)
                || DraftMailboxes[match.Groups["id"].Value] != MailboxOf(http, match))
            {
                await Error(http, 404, "ErrorItemNotFound", "The draft does not exist (or was sent).");
                return;
            }

            Sent.Enqueue(match.Groups["id"].Value);
            http.Response.StatusCode = 202;
            return;
        }

        if ((match = MessagePath().Match(path)).Success && method == "GET" && Drafts.TryGetValue(match.Groups["id"].Value, out var made))
        {
            if (DraftMailboxes[match.Groups["id"].Value] != MailboxOf(http, match))
            {
                await Error(http, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
                return;
            }

            var draftJson = made.DeepClone().AsObject();
            draftJson["isDraft"] = !Sent.Contains(match.Groups["id"].Value);
            await Json(http, 200, draftJson);
            return;
        }

        if ((match = MessagePath().Match(path)).Success && method == "GET")
        {
            if (!Messages.TryGetValue(match.Groups["id"].Value, out var message))
            {
                await Error(http, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
                return;
            }

            if (match.Groups["attachment"].Success)
            {
                var attachment = message.Attachments.FirstOrDefault(a => a.Id == match.Groups["attachment"].Value);
                if (attachment is null)
                {
                    await Error(http, 404, "ErrorItemNotFound", "The attachment was not found.");
                    return;
                }

                var json = AttachmentJson(attachment);
                json["contentBytes"] = Convert.ToBase64String(attachment.Content);
                await Json(http, 200, json);
                return;
            }

            var body = message.Json.DeepClone().AsObject();
            if (http.Request.Query["$expand"].ToString().StartsWith("attachments", StringComparison.Ordinal))
            {
                body["attachments"] = new JsonArray([.. message.Attachments.Select(a => (JsonNode)AttachmentJson(a))]);
            }

            await Json(http, 200, body);
            return;
        }

        if ((match = DrivePath().Match(path)).Success)
        {
            await DriveAsync(http, method, match.Groups["drive"].Value, match.Groups["path"].Success ? match.Groups["path"].Value.Trim('/') : null,
                match.Groups["item"].Success ? match.Groups["item"].Value : null, match.Groups["action"].Value);
            return;
        }

        if ((match = UploadPath().Match(path)).Success && method == "PUT")
        {
            await UploadSliceAsync(http, match.Groups["session"].Value);
            return;
        }

        await Error(http, 400, "invalidRequest", $"The stand-in does not serve {method} {path}.");
    }

    private async Task DriveAsync(HttpContext http, string method, string driveId, string? path, string? itemId, string action)
    {
        if (!Drives.TryGetValue(driveId, out var items))
        {
            await Error(http, 404, "itemNotFound", "The drive does not exist.");
            return;
        }

        if (path is null && itemId is null && action == "" && method == "GET")
        {
            await Json(http, 200, new JsonObject { ["id"] = driveId, ["driveType"] = "documentLibrary" });
            return;
        }

        if (itemId is not null)
        {
            var byId = items.FirstOrDefault(pair => pair.Value?.Id == itemId);
            if (byId.Value is null || action != "content" || method != "GET")
            {
                await Error(http, 404, "itemNotFound", "The item does not exist.");
                return;
            }

            http.Response.ContentType = "application/octet-stream";
            await http.Response.Body.WriteAsync(byId.Value.Content);
            return;
        }

        path ??= "";
        switch (method, action)
        {
            case ("GET", ""):
                if (path.Length > 0 && !items.ContainsKey(path))
                {
                    await Error(http, 404, "itemNotFound", "The resource could not be found.");
                    return;
                }

                await Json(http, 200, ItemJson(driveId, path, items.GetValueOrDefault(path)));
                return;
            case ("PUT", "content"):
            {
                using var received = new MemoryStream();
                await http.Request.Body.CopyToAsync(received);
                await WriteFileAsync(http, driveId, items, path, http.Request.Query["@microsoft.graph.conflictBehavior"].ToString(), http.Request.Headers.IfMatch.FirstOrDefault(), received.ToArray());
                return;
            }

            case ("POST", "createUploadSession"):
            {
                var body = await JsonNode.ParseAsync(http.Request.Body);
                var conflict = body?["item"]?["@microsoft.graph.conflictBehavior"]?.GetValue<string>() ?? "fail";
                if (http.Request.Headers.IfMatch.FirstOrDefault() is { } ifMatch && items.GetValueOrDefault(path)?.ETag != ifMatch)
                {
                    await Error(http, 412, "resourceModified", "ETag does not match current item's value");
                    return;
                }

                var session = Guid.NewGuid().ToString("N");
                Sessions[session] = (driveId, path, conflict, new MemoryStream());
                await Json(http, 200, new JsonObject
                {
                    ["uploadUrl"] = $"{BaseUrl}/upload/{session}", ["expirationDateTime"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O"),
                    ["nextExpectedRanges"] = new JsonArray("0-"),
                });
                return;
            }

            default:
                await Error(http, 400, "invalidRequest", $"The stand-in does not serve {method} {action} on drives.");
                return;
        }
    }

    private async Task UploadSliceAsync(HttpContext http, string sessionId)
    {
        if (!Sessions.TryGetValue(sessionId, out var session))
        {
            await Error(http, 404, "itemNotFound", "The upload session does not exist.");
            return;
        }

        var range = ContentRange().Match(http.Request.Headers.ContentRange.ToString());
        var (from, to, total) = (long.Parse(range.Groups["from"].Value, System.Globalization.CultureInfo.InvariantCulture), long.Parse(range.Groups["to"].Value, System.Globalization.CultureInfo.InvariantCulture), long.Parse(range.Groups["total"].Value, System.Globalization.CultureInfo.InvariantCulture));
        if (from != session.Received.Length)
        {
            await Error(http, 416, "invalidRange", "The slice does not start where the last one ended.");
            return;
        }

        await http.Request.Body.CopyToAsync(session.Received);
        if (to + 1 < total)
        {
            await Json(http, 202, new JsonObject { ["nextExpectedRanges"] = new JsonArray($"{to + 1}-") });
            return;
        }

        Sessions.TryRemove(sessionId, out _);
        await WriteFileAsync(http, session.Drive, Drives[session.Drive], session.Path, session.Conflict, null, session.Received.ToArray());
    }

    private async Task WriteFileAsync(HttpContext http, string driveId, ConcurrentDictionary<string, DriveFile?> items, string path, string conflict, string? ifMatch, byte[] content)
    {
        var folder = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";
        if (folder.Length > 0 && !items.ContainsKey(folder))
        {
            await Error(http, 404, "itemNotFound", "The parent folder does not exist.");
            return;
        }

        Interlocked.Exchange(ref _beforeWrite, null)?.Invoke();
        lock (items)
        {
            var existing = items.GetValueOrDefault(path);
            if (ifMatch is not null && existing?.ETag != ifMatch)
            {
                http.Response.StatusCode = 412;
            }
            else if (existing is not null && conflict == "fail")
            {
                http.Response.StatusCode = 409;
            }
            else
            {
                if (existing is not null && conflict == "rename")
                {
                    var extension = Path.GetExtension(path);
                    var stem = path[..^extension.Length];
                    for (var n = 1; items.ContainsKey(path); n++)
                    {
                        path = $"{stem} {n}{extension}";
                    }

                    existing = null;
                }

                if (existing is null)
                {
                    items[path] = new DriveFile { Id = $"item-{Interlocked.Increment(ref _ids)}", Content = content, ETag = NewETag() };
                }
                else
                {
                    existing.Content = content;
                    existing.ETag = NewETag();
                    existing.ModifiedBy = null;
                }

                http.Response.StatusCode = existing is null ? 201 : 200;
            }
        }

        if (http.Response.StatusCode is 412 or 409)
        {
            await Error(http, http.Response.StatusCode, http.Response.StatusCode == 412 ? "resourceModified" : "nameAlreadyExists", "The file changed or exists.");
            return;
        }

        await Json(http, http.Response.StatusCode, ItemJson(driveId, path, items[path]));
    }

    private static string NewETag() => $"\"{{{Guid.NewGuid().ToString().ToUpperInvariant()}}},1\"";

    private static JsonObject ItemJson(string driveId, string path, DriveFile? file)
    {
        var item = new JsonObject
        {
            ["id"] = file?.Id ?? "folder-" + path.Replace('/', '-'),
            ["name"] = path.Length == 0 ? "root" : path[(path.LastIndexOf('/') + 1)..],
            ["webUrl"] = $"https://contoso.sharepoint.example/{driveId}/{path}",
        };
        if (file is null)
        {
            item["folder"] = new JsonObject { ["childCount"] = 0 };
            return item;
        }

        item["size"] = file.Content.Length;
        item["eTag"] = file.ETag;
        item["file"] = new JsonObject { ["mimeType"] = "application/octet-stream" };
        if (file.ModifiedBy is { } by)
        {
            item["lastModifiedBy"] = new JsonObject { ["user"] = new JsonObject { ["displayName"] = by.Name, ["email"] = by.Email } };
        }

        return item;
    }

    private static JsonObject AttachmentJson(Attachment attachment) => new()
    {
        ["@odata.type"] = attachment.Kind, ["id"] = attachment.Id, ["name"] = attachment.Name, ["contentType"] = attachment.ContentType,
        ["size"] = attachment.Content.Length, ["isInline"] = attachment.IsInline,
    };

    private static async Task Json(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Error(HttpContext http, int status, string code, string message) => Json(http, status, new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["innerError"] = new JsonObject { ["request-id"] = $"req-{code}", ["date"] = "2026-12-07T10:00:00" } },
    });

    // Whose mailbox a request is about: /users/{id} names it (an application's request); /me is the signed-in user's, whom
    // the token names (the Entra stand-in's "graph-token-for-{oid}").
    private static string MailboxOf(HttpContext http, Match match) => match.Groups["mailbox"].Success
        ? match.Groups["mailbox"].Value
        : http.Request.Headers.Authorization.ToString().Replace("Bearer graph-token-for-", "", StringComparison.Ordinal);

    [GeneratedRegex("^/(me|users/(?<mailbox>[^/]+))/messages$")]
    private static partial Regex DraftsPath();

    [GeneratedRegex("^/(me|users/(?<mailbox>[^/]+))/messages/(?<id>[^/]+)(/attachments/(?<attachment>[^/]+))?$")]
    private static partial Regex MessagePath();

    [GeneratedRegex("^/drives/(?<drive>[^/]+)(/root(:(?<path>.*?):?)?|/items/(?<item>[^/]+))?(/(?<action>content|createUploadSession))?$")]
    private static partial Regex DrivePath();

    [GeneratedRegex("^/(me|users/(?<mailbox>[^/]+))/messages/(?<id>[^/]+)/send$")]
    private static partial Regex SendPath();

    [GeneratedRegex("^/upload/(?<session>[0-9a-f]+)$")]
    private static partial Regex UploadPath();

    [GeneratedRegex(@"bytes (?<from>\d+)-(?<to>\d+)/(?<total>\d+)")]
    private static partial Regex ContentRange();

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

    // The send goes through, but its answer is lost (a 504 from a gateway): the draft is a sent message now.
    public Func<HttpContext, Task> SentButAnswerLost => async http =>
    {
        var id = SendPath().Match(http.Request.Path.Value![("/v1.0".Length)..]).Groups["id"].Value;
        Sent.Enqueue(id);
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("""{ "error": { "code": "generalException", "message": "The answer was lost." } }""");
    };

    // Continuous access evaluation: the token no longer satisfies a policy; the challenge carries the claims to ask for.
    public static Func<HttpContext, Task> ClaimsChallenge(string claimsJson) => async http =>
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate =
            $"Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", error=\"insufficient_claims\", claims=\"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(claimsJson))}\"";
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("""{ "error": { "code": "InvalidAuthenticationToken", "message": "Continuous access evaluation resulted in claims challenge." } }""");
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
