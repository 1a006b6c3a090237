using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>The project's document folder: where attachments are copied and the shared plan is published.</summary>
/// <param name="Kind">Local, SharePoint or OneDrive.</param>
/// <param name="DriveId">The drive (document library or OneDrive) in Microsoft 365.</param>
/// <param name="FolderPath">The folder in that drive, from its root.</param>
/// <param name="WebUrl">A link that opens the folder.</param>
public sealed record DocumentFolder(DocumentFolderKind Kind, string? DriveId, string? FolderPath, string? WebUrl);

/// <summary>Body of <c>PUT /api/projects/{projectId}/documents</c>.</summary>
/// <param name="Kind">SharePoint or OneDrive in Entra mode; Local in Local mode.</param>
/// <param name="DriveId">The drive id (Entra mode).</param>
/// <param name="FolderPath">The folder path in the drive, such as <c>Projects/Launch</c> (Entra mode).</param>
public sealed record DocumentFolderInput(
    [property: JsonRequired] DocumentFolderKind Kind,
    [property: MaxLength(200)] string? DriveId = null,
    [property: MaxLength(1_000)] string? FolderPath = null);

/// <summary>The plan as last published into the document folder.</summary>
/// <param name="WebUrl">A link that opens the shared plan.xlsx.</param>
/// <param name="ETag">The eTag of the file as written.</param>
/// <param name="PublishedAt">When it was written.</param>
/// <param name="PublishedBy">Who published it (email).</param>
public sealed record SharedPlan(string WebUrl, string ETag, DateTimeOffset PublishedAt, string PublishedBy);

/// <summary>What <c>POST .../plan/publish</c> did.</summary>
/// <param name="WebUrl">A link that opens the shared plan.xlsx.</param>
/// <param name="ETag">The eTag of the file as written.</param>
/// <param name="PublishedAt">When it was written.</param>
/// <param name="Merged">What was merged from the copy in the folder, in the shape of an import report.</param>
public sealed record PlanPublication(string WebUrl, string ETag, DateTimeOffset PublishedAt, PlanImportReport Merged);

/// <summary>Body of <c>POST .../tasks/{number}/attachments</c> in Entra mode.</summary>
/// <param name="ItemId">The message's REST item id.</param>
/// <param name="AttachmentIds">The attachments to copy.</param>
public sealed record AttachmentCopyRequest(
    [property: MaxLength(WireLimits.MessageId)] string? ItemId,
    [property: MaxLength(WireLimits.Attachments)] IReadOnlyList<string>? AttachmentIds);

/// <summary>What happened to each attachment asked for.</summary>
/// <param name="Items">One per attachment, in the order asked.</param>
public sealed record AttachmentCopyResult(IReadOnlyList<AttachmentCopy> Items);

/// <summary>One attachment's copy.</summary>
/// <param name="AttachmentId">The attachment asked for.</param>
/// <param name="Name">File name as stored.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="WebUrl">A link that opens the copy.</param>
/// <param name="State">Copied, AlreadyCopied or Skipped.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record AttachmentCopy(string AttachmentId, string Name, long Size, string? ContentType, string? WebUrl, AttachmentCopyState State, string? Reason = null);

/// <summary>A document linked on a task.</summary>
/// <param name="Name">File name.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="WebUrl">A link that opens it.</param>
/// <param name="AddedBy">Who copied it (email).</param>
/// <param name="AddedAt">When.</param>
public sealed record TaskAttachment(string Name, long Size, string? WebUrl, string AddedBy, DateTimeOffset AddedAt);
