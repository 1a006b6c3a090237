using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Idempotency;
using OfficeCoordinator.Api.Mail;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Documents;

// Email attachments copied into the project's document folder and linked on a task, once per (task, attachment).
// Entra mode: { itemId, attachmentIds } read from the caller's mailbox through Graph. Local mode: multipart/form-data
// with the files the pane read from the message (files, and attachmentIds in the same order).
public static class AttachmentEndpoints
{
    public const long MaxLocalFileBytes = 25L * 1024 * 1024;
    public const long MaxLocalRequestBytes = 100L * 1024 * 1024;
    public const long MaxMailAttachmentBytes = 150L * 1024 * 1024;
    public const int MaxAttachments = WireLimits.Attachments;

    public static void Map(IEndpointRouteBuilder app)
    {
        var tasks = app.MapProjectGroup("/tasks", "Documents");
        // Both body forms reach the handler, which reads the one of its mode; no Accepts metadata would allow both.
        tasks.MapPost("/{number:int}/attachments", CopyAsync).Describe("Tasks_AddAttachment", "Copy a file or an email's attachment into the project folder and link it on a task")
            .RequireProjectRole(ProjectRole.Coordinator, "add documents to tasks")
            .Idempotent()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxLocalRequestBytes + 64 * 1024))
            .WithBody("In Entra mode the message's item id and the attachments to copy from the mailbox (JSON); in Local mode the files "
                    + "themselves, with the mail's attachment ids in the same order (multipart/form-data).",
                new BodyForm("application/json", typeof(AttachmentCopyRequest)),
                new BodyForm("multipart/form-data", Schema: new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "files" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["files"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array, MaxItems = MaxAttachments,
                            Items = ApiDocument.Binary("An attachment's content, at most 25 MiB (100 MiB in all).", MaxLocalFileBytes),
                        },
                        ["attachmentIds"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array, MaxItems = MaxAttachments,
                            Items = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Emails.EmailMessages.IdLength, Description = "The mail's id of the file at the same place." },
                        },
                    },
                }));
    }

    private sealed record Wanted(string AttachmentId, string Name, string? ContentType, long Size, string? Skip, Func<CancellationToken, Task<Stream>>? Open);

    private static async Task<Results<Ok<AttachmentCopyResult>, ValidationProblem, ProblemHttpResult>> CopyAsync(
        int number, HttpContext http, ProjectAccess access, CoordinatorDb db, CurrentUser user, TimeProvider time, SignInModeAccessor signIn,
        DocumentStores stores, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var project = access.Project;
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.ProjectId == project.Id && t.Number == number, cancellationToken);
        if (task is null)
        {
            return Problems.NotFound($"There is no task {ProjectTask.KeyOf(number)} in this project.");
        }

        if (DocumentFolders.RefOf(project, signIn.Mode) is not { } folder)
        {
            return DocumentEndpoints.NoFolder();
        }

        var errors = new Validation();
        var wanted = signIn.Mode == SignInMode.Entra
            ? await FromMailboxAsync(http, json.Value.SerializerOptions, errors, cancellationToken)
            : await FromFormAsync(http, errors, cancellationToken);
        if (!errors.IsValid || wanted is null)
        {
            return errors.ToProblem();
        }

        var store = stores.For(folder);
        var items = new List<AttachmentCopy>();
        foreach (var attachment in wanted)
        {
            var key = KeyOf(attachment.AttachmentId);
            var copied = await db.TaskDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.TaskId == task.Id && d.SourceKey == key, cancellationToken);
            if (copied is not null)
            {
                items.Add(new AttachmentCopy(attachment.AttachmentId, copied.Name, copied.Size, copied.ContentType, copied.WebUrl, AttachmentCopyState.AlreadyCopied));
                continue;
            }

            if (attachment.Skip is { } reason)
            {
                items.Add(new AttachmentCopy(attachment.AttachmentId, attachment.Name, attachment.Size, attachment.ContentType, null, AttachmentCopyState.Skipped, reason));
                continue;
            }

            // The copy first, the row after: a failed copy leaves no row that says it succeeded. The shared plan's own
            // name is never taken by an attachment (a publish would take that file for the plan).
            StoredFile stored;
            var name = string.Equals(FileNames.Safe(attachment.Name), DocumentFolders.PlanFileName, StringComparison.OrdinalIgnoreCase)
                ? "plan (attachment).xlsx"
                : attachment.Name;
            await using (var content = await attachment.Open!(cancellationToken))
            {
                stored = await store.AddAsync(folder, name, content, content.CanSeek ? content.Length : attachment.Size, cancellationToken);
            }

            var now = time.GetUtcNow().UtcDateTime;
            var document = new TaskDocument
            {
                TenantId = project.TenantId, ProjectId = project.Id, TaskId = task.Id, SourceKey = key, Name = stored.Name, Size = stored.Size,
                ContentType = ContentTypeOf(attachment.ContentType), WebUrl = stored.WebUrl, AddedBy = access.Membership.Email, AddedAt = now,
            };
            db.TaskDocuments.Add(document);
            db.History.Add(new HistoryEntry
            {
                TenantId = project.TenantId, ProjectId = project.Id, At = now, ByObjectId = user.ObjectId, ByName = user.Name, ByEmail = user.Email,
                Entity = "task", EntityId = task.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Version = task.Version,
                Action = HistoryActions.Updated, Field = "attachments", NewValue = stored.Name,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                items.Add(new AttachmentCopy(attachment.AttachmentId, stored.Name, stored.Size, attachment.ContentType, stored.WebUrl, AttachmentCopyState.Copied));
            }
            catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
            {
                // The same attachment, copied by a concurrent request: that one's row stands.
                db.ChangeTracker.Clear();
                var winner = await db.TaskDocuments.AsNoTracking().FirstAsync(d => d.TaskId == task.Id && d.SourceKey == key, cancellationToken);
                items.Add(new AttachmentCopy(attachment.AttachmentId, winner.Name, winner.Size, winner.ContentType, winner.WebUrl, AttachmentCopyState.AlreadyCopied));
            }
        }

        return TypedResults.Ok(new AttachmentCopyResult(items));
    }

    // Entra mode: the attachments as the mailbox lists them; inline images and attached items are skipped with a reason.
    private static async Task<List<Wanted>?> FromMailboxAsync(HttpContext http, JsonSerializerOptions options, Validation errors, CancellationToken cancellationToken)
    {
        if (!http.Request.HasJsonContentType())
        {
            errors.Add("itemId", "Send { itemId, attachmentIds } as JSON: in Microsoft 365 the attachments are read from your mailbox.");
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = ApiJson.MaxRequestBodyBytes; // the 100 MB of the form is for files only
        }

        AttachmentCopyRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<AttachmentCopyRequest>(options, cancellationToken);
        }
        catch (JsonException json)
        {
            errors.Add(json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "itemId",
                "The body is not the JSON this route takes: { \"itemId\": \"...\", \"attachmentIds\": [\"...\"] }.");
            return null;
        }

        errors.Text("itemId", request?.ItemId, "itemId", Emails.EmailMessages.IdLength, required: true);
        var ids = Ids(request?.AttachmentIds, errors);
        if (!errors.IsValid)
        {
            return null;
        }

        var itemId = request!.ItemId!.Trim();
        var mailbox = http.RequestServices.GetRequiredService<GraphAccess>().Mailbox();
        var message = await mailbox.ReadAsync(itemId, TimeZoneInfo.Utc, cancellationToken);
        var listed = message.Attachments.ToDictionary(a => a.Id, StringComparer.Ordinal);
        return [.. ids.Select(id => listed.GetValueOrDefault(id) switch
        {
            null => new Wanted(id, id, null, 0, "The message has no attachment with this id.", null),
            { IsInline: true } a => new Wanted(id, a.Name, a.ContentType, a.Size, "An inline image is part of the message body, not a document.", null),
            { Kind: AttachmentKind.Item } a => new Wanted(id, a.Name, a.ContentType, a.Size, "An attached email or event is not a file; open it in Outlook.", null),
            { Size: > MaxMailAttachmentBytes } a => new Wanted(id, a.Name, a.ContentType, a.Size, "Larger than the 150 MB an email attachment can be.", null),
            var a => new Wanted(id, a.Name, a.ContentType, a.Size, null,
                async token => new MemoryStream(await mailbox.ReadAttachmentAsync(itemId, id, token), writable: false)),
        })];
    }

    // Local mode: the files the pane read from the message, at most 25 MB each and 100 MB together.
    private static async Task<List<Wanted>?> FromFormAsync(HttpContext http, Validation errors, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            errors.Add("files", "Send the attachments as files in multipart/form-data (files, and attachmentIds in the same order).");
            return null;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxLocalRequestBytes + 64 * 1024;
        }

        if (http.Features.Get<IFormFeature>() is not { Form: not null })
        {
            // Unless the Idempotency-Key middleware has read it already (its fingerprint hashes the files).
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
            {
                MultipartBodyLengthLimit = MaxLocalRequestBytes + 64 * 1024, ValueCountLimit = MaxAttachments * 2 + 10,
            }));
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var files = form.Files.GetFiles("files");
        var ids = form["attachmentIds"];
        if (files.Count == 0)
        {
            errors.Add("files", "Attach at least one file.");
        }
        else if (files.Count > MaxAttachments)
        {
            errors.Add("files", $"At most {MaxAttachments} attachments at once.");
        }

        if (ids.Count > 0 && ids.Count != files.Count)
        {
            errors.Add("attachmentIds", "Give one attachment id per file, in the same order, or none.");
        }

        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Length > MaxLocalFileBytes)
            {
                errors.Add($"files[{i}]", $"{FileNames.Safe(files[i].FileName)} is larger than {MaxLocalFileBytes / (1024 * 1024)} MB.");
            }

            if (ids.Count > 0)
            {
                errors.Text($"attachmentIds[{i}]", ids[i], "attachmentId", Emails.EmailMessages.IdLength, required: true);
            }
        }

        if (!errors.IsValid)
        {
            return null;
        }

        var wanted = new List<Wanted>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var id = ids.Count > 0 ? ids[i]!.Trim() : await ContentKeyAsync(file, cancellationToken);
            wanted.Add(new Wanted(id, FileNames.Safe(file.FileName), file.ContentType, file.Length, null, _ => Task.FromResult(file.OpenReadStream())));
        }

        return wanted;
    }

    private static List<string> Ids(IReadOnlyList<string>? ids, Validation errors)
    {
        if (ids is null or { Count: 0 })
        {
            errors.Add("attachmentIds", "Name at least one attachment to copy.");
            return [];
        }

        if (ids.Count > MaxAttachments)
        {
            errors.Add("attachmentIds", $"At most {MaxAttachments} attachments at once.");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            errors.Text($"attachmentIds[{i}]", ids[i], "attachmentId", Emails.EmailMessages.IdLength, required: true);
        }

        return [.. ids.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal)];
    }

    // A MIME type as stored (at most 200 characters, no control characters); anything else is just bytes.
    private static string? ContentTypeOf(string? type) =>
        type is null ? null : type.Length <= 200 && !type.Any(char.IsControl) && type.Contains('/', StringComparison.Ordinal) ? type : "application/octet-stream";

    // Attachment ids can be long; the key is their hash (one per task and attachment).
    private static string KeyOf(string attachmentId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(attachmentId)));

    // A file sent without an id is known by its content.
    private static async Task<string> ContentKeyAsync(IFormFile file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenReadStream();
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
