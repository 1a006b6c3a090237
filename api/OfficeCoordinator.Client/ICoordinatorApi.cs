using OfficeCoordinator.Client.Contracts;
using Refit;

namespace OfficeCoordinator.Client;

/// <summary>
/// The OfficeCoordinator HTTP API. Every call returns the response with its status, headers and, on failure,
/// the problem details (<see cref="ApiResponseExtensions.ProblemAsync{T}"/>).
/// </summary>
public interface ICoordinatorApi
{
    /// <summary>The signed-in user.</summary>
    [Get("/api/me")]
    Task<IApiResponse<SignedInUser>> GetMeAsync(CancellationToken cancellationToken = default);

    /// <summary>Issues a local token (Development only).</summary>
    [Post("/api/dev/token")]
    Task<IApiResponse<DevToken>> CreateDevTokenAsync([Body] DevTokenRequest request, CancellationToken cancellationToken = default);

    /// <summary>The projects the caller is a member of.</summary>
    [Get("/api/projects")]
    Task<IApiResponse<Page<Project>>> ListProjectsAsync([Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a project; the caller becomes its manager.</summary>
    [Post("/api/projects")]
    Task<IApiResponse<Project>> CreateProjectAsync([Body] NewProject project, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>One project; the ETag is its version.</summary>
    [Get("/api/projects/{projectId}")]
    Task<IApiResponse<Project>> GetProjectAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Changes a project with a JSON Merge Patch (an anonymous object or a <c>JsonObject</c>).</summary>
    [Patch("/api/projects/{projectId}")]
    Task<IApiResponse<Project>> UpdateProjectAsync(string projectId, [Body] object patch, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>The project's members.</summary>
    [Get("/api/projects/{projectId}/members")]
    Task<IApiResponse<Page<Member>>> ListMembersAsync(string projectId, [Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Invites a member or changes their role (managers).</summary>
    [Put("/api/projects/{projectId}/members/{email}")]
    Task<IApiResponse<Member>> PutMemberAsync(string projectId, string email, [Body] MemberRole role, CancellationToken cancellationToken = default);

    /// <summary>Removes a member (managers).</summary>
    [Delete("/api/projects/{projectId}/members/{email}")]
    Task<IApiResponse> RemoveMemberAsync(string projectId, string email, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Every change made in the project, newest first.</summary>
    [Get("/api/projects/{projectId}/history")]
    Task<IApiResponse<Page<HistoryItem>>> GetHistoryAsync(string projectId, [Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>The project's tasks, filtered and paged.</summary>
    [Get("/api/projects/{projectId}/tasks")]
    Task<IApiResponse<Page<TaskItem>>> ListTasksAsync(string projectId, [Query] TaskQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a task (coordinators and managers).</summary>
    [Post("/api/projects/{projectId}/tasks")]
    Task<IApiResponse<TaskItem>> CreateTaskAsync(string projectId, [Body] NewTask task, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>One task by its number; the ETag is its version.</summary>
    [Get("/api/projects/{projectId}/tasks/{number}")]
    Task<IApiResponse<TaskItem>> GetTaskAsync(string projectId, int number, CancellationToken cancellationToken = default);

    /// <summary>Changes a task with a JSON Merge Patch.</summary>
    [Patch("/api/projects/{projectId}/tasks/{number}")]
    Task<IApiResponse<TaskItem>> UpdateTaskAsync(string projectId, int number, [Body] object patch, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Deletes a task (managers); it leaves its successors' predecessors.</summary>
    [Delete("/api/projects/{projectId}/tasks/{number}")]
    Task<IApiResponse> DeleteTaskAsync(string projectId, int number, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Turns an email into a task: 201 the first time, 200 with the same task for the same message.</summary>
    [Post("/api/projects/{projectId}/tasks/from-email")]
    Task<IApiResponse<TaskItem>> CreateTaskFromEmailAsync(string projectId, [Body] EmailTaskRequest request, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Adds an email to an existing task: 201 when added, 200 when the task already refers to it.</summary>
    [Post("/api/projects/{projectId}/tasks/{number}/emails")]
    Task<IApiResponse<TaskItem>> AddTaskEmailAsync(string projectId, int number, [Body] AddTaskEmailRequest request, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Every change to one task.</summary>
    [Get("/api/projects/{projectId}/tasks/{number}/history")]
    Task<IApiResponse<Page<HistoryItem>>> GetTaskHistoryAsync(string projectId, int number, [Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>What from-email would make of a message; writes nothing.</summary>
    [Post("/api/emails/preview")]
    Task<IApiResponse<EmailPreview>> PreviewEmailAsync([Body] EmailPreviewRequest request, CancellationToken cancellationToken = default);

    /// <summary>Everything linked to an email or its thread, across the caller's projects.</summary>
    [Get("/api/emails/links")]
    Task<IApiResponse<EmailLinks>> GetEmailLinksAsync(string? internetMessageId = null, string? conversationId = null, CancellationToken cancellationToken = default);

    /// <summary>The project's stakeholder register.</summary>
    [Get("/api/projects/{projectId}/stakeholders")]
    Task<IApiResponse<Page<Stakeholder>>> ListStakeholdersAsync(string projectId, [Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Adds a stakeholder (coordinators and managers); 409 when the email is already registered.</summary>
    [Post("/api/projects/{projectId}/stakeholders")]
    Task<IApiResponse<Stakeholder>> CreateStakeholderAsync(string projectId, [Body] NewStakeholder stakeholder, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>One stakeholder; the ETag is its version.</summary>
    [Get("/api/projects/{projectId}/stakeholders/{id}")]
    Task<IApiResponse<Stakeholder>> GetStakeholderAsync(string projectId, string id, CancellationToken cancellationToken = default);

    /// <summary>Changes a stakeholder with a JSON Merge Patch.</summary>
    [Patch("/api/projects/{projectId}/stakeholders/{id}")]
    Task<IApiResponse<Stakeholder>> UpdateStakeholderAsync(string projectId, string id, [Body] object patch, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Every change to one stakeholder.</summary>
    [Get("/api/projects/{projectId}/stakeholders/{id}/history")]
    Task<IApiResponse<Page<HistoryItem>>> GetStakeholderHistoryAsync(string projectId, string id, [Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>The communication log (decisions included), newest first.</summary>
    [Get("/api/projects/{projectId}/communications")]
    Task<IApiResponse<Page<Communication>>> ListCommunicationsAsync(string projectId, [Query] CommunicationQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Logs a communication or a decision (as Proposed).</summary>
    [Post("/api/projects/{projectId}/communications")]
    Task<IApiResponse<Communication>> LogCommunicationAsync(string projectId, [Body] NewCommunication communication, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>One communication.</summary>
    [Get("/api/projects/{projectId}/communications/{id}")]
    Task<IApiResponse<Communication>> GetCommunicationAsync(string projectId, string id, CancellationToken cancellationToken = default);

    /// <summary>Changes a communication with a JSON Merge Patch.</summary>
    [Patch("/api/projects/{projectId}/communications/{id}")]
    Task<IApiResponse<Communication>> UpdateCommunicationAsync(string projectId, string id, [Body] object patch, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Every change to one communication or decision.</summary>
    [Get("/api/projects/{projectId}/communications/{id}/history")]
    Task<IApiResponse<Page<HistoryItem>>> GetCommunicationHistoryAsync(string projectId, string id, [Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>The decisions, with their status.</summary>
    [Get("/api/projects/{projectId}/decisions")]
    Task<IApiResponse<Page<Communication>>> ListDecisionsAsync(string projectId, [Query] CommunicationQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>One decision.</summary>
    [Get("/api/projects/{projectId}/decisions/{id}")]
    Task<IApiResponse<Communication>> GetDecisionAsync(string projectId, string id, CancellationToken cancellationToken = default);

    /// <summary>Approves, rejects or supersedes a decision (managers): <c>{ "status": "Approved" }</c>.</summary>
    [Patch("/api/projects/{projectId}/decisions/{id}")]
    Task<IApiResponse<Communication>> UpdateDecisionAsync(string projectId, string id, [Body] object patch, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>The obstacles, open ones first.</summary>
    [Get("/api/projects/{projectId}/obstacles")]
    Task<IApiResponse<Page<Obstacle>>> ListObstaclesAsync(string projectId, [Query] ListQuery? query = null, [Query] string? status = null, CancellationToken cancellationToken = default);

    /// <summary>Raises an obstacle; the open tasks it links become Blocked.</summary>
    [Post("/api/projects/{projectId}/obstacles")]
    Task<IApiResponse<Obstacle>> RaiseObstacleAsync(string projectId, [Body] NewObstacle obstacle, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>One obstacle.</summary>
    [Get("/api/projects/{projectId}/obstacles/{id}")]
    Task<IApiResponse<Obstacle>> GetObstacleAsync(string projectId, string id, CancellationToken cancellationToken = default);

    /// <summary>Changes an obstacle with a JSON Merge Patch; closing the last one unblocks its tasks.</summary>
    [Patch("/api/projects/{projectId}/obstacles/{id}")]
    Task<IApiResponse<Obstacle>> UpdateObstacleAsync(string projectId, string id, [Body] object patch, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Every change to one obstacle.</summary>
    [Get("/api/projects/{projectId}/obstacles/{id}/history")]
    Task<IApiResponse<Page<HistoryItem>>> GetObstacleHistoryAsync(string projectId, string id, [Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Full-text search over tasks, communications, decisions, obstacles and stakeholders, best first.</summary>
    [Get("/api/projects/{projectId}/search")]
    Task<IApiResponse<SearchResults>> SearchAsync(string projectId, string q, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>The computed schedule: early and late dates, slack, the critical path and variance against the baseline.</summary>
    [Get("/api/projects/{projectId}/schedule")]
    Task<IApiResponse<ProjectSchedule>> GetScheduleAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Moves a task, and with cascade its successors (coordinators and managers).</summary>
    [Post("/api/projects/{projectId}/tasks/{number}/shift")]
    Task<IApiResponse<ShiftResult>> ShiftTaskAsync(string projectId, int number, [Body] ShiftRequest shift, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Sets the baseline of every task, or of the named ones, to their current dates (managers).</summary>
    [Post("/api/projects/{projectId}/baseline")]
    Task<IApiResponse<BaselineResult>> TakeBaselineAsync(string projectId, [Body] BaselineRequest baseline, CancellationToken cancellationToken = default);

    /// <summary>The Plan table's rows as JSON, in the cell forms the sheet shows, by task number; <paramref name="tasks"/> ("3,T-5") picks rows.</summary>
    [Get("/api/projects/{projectId}/plan/rows")]
    Task<IApiResponse<PlanSheetRows>> GetPlanRowsAsync(string projectId, int? limit = null, string? cursor = null, string? tasks = null, CancellationToken cancellationToken = default);

    /// <summary>Merges edited Plan rows (JSON) into the plan, cell by cell; <paramref name="dryRun"/> reports and changes nothing.</summary>
    [Post("/api/projects/{projectId}/plan/changes")]
    Task<IApiResponse<PlanImportReport>> ApplyPlanChangesAsync(string projectId, [Body] PlanChanges changes, bool? dryRun = null, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The plan as an Excel workbook (<c>plan.xlsx</c>), for any member. The <c>ETag</c> is the plan version; with
    /// <paramref name="ifNoneMatch"/> set to it the answer is 304 and no workbook. Dispose the response.
    /// </summary>
    [Get("/api/projects/{projectId}/plan.xlsx")]
    Task<HttpResponseMessage> DownloadPlanAsync(string projectId, [Header("If-None-Match")] string? ifNoneMatch = null, CancellationToken cancellationToken = default);

    /// <summary>The project's document folder (any member).</summary>
    [Get("/api/projects/{projectId}/documents")]
    Task<IApiResponse<DocumentFolder>> GetDocumentFolderAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Sets the project's document folder (managers); in Entra mode it is checked through Microsoft Graph.</summary>
    [Put("/api/projects/{projectId}/documents")]
    Task<IApiResponse<DocumentFolder>> PutDocumentFolderAsync(string projectId, [Body] DocumentFolderInput folder, CancellationToken cancellationToken = default);

    /// <summary>A file of the project's local document folder (Local mode). Dispose the response.</summary>
    [Get("/api/projects/{projectId}/documents/{name}")]
    Task<HttpResponseMessage> DownloadDocumentAsync(string projectId, string name, CancellationToken cancellationToken = default);

    /// <summary>Copies attachments of a message in the caller's mailbox into the document folder and links them on the task (Entra mode).</summary>
    [Post("/api/projects/{projectId}/tasks/{number}/attachments")]
    Task<IApiResponse<AttachmentCopyResult>> CopyAttachmentsAsync(string projectId, int number, [Body] AttachmentCopyRequest request, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Stores files the pane read from a message in the document folder and links them on the task (Local mode).</summary>
    [Multipart]
    [Post("/api/projects/{projectId}/tasks/{number}/attachments")]
    Task<IApiResponse<AttachmentCopyResult>> UploadAttachmentsAsync(string projectId, int number, [AliasAs("files")] IEnumerable<StreamPart> files, [AliasAs("attachmentIds")] IEnumerable<string> attachmentIds, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Writes plan.xlsx into the document folder, first merging what was edited in the copy there.</summary>
    [Post("/api/projects/{projectId}/plan/publish")]
    Task<IApiResponse<PlanPublication>> PublishPlanAsync(string projectId, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>A preview of the next status report, computed from the record at <paramref name="asOf"/> (today by default); writes nothing.</summary>
    [Get("/api/projects/{projectId}/status-report")]
    Task<IApiResponse<StatusReportPreview>> PreviewStatusReportAsync(string projectId, string? asOf = null, string? since = null, string? audience = null, CancellationToken cancellationToken = default);

    /// <summary>Publishes the next status report SR-n (coordinators and managers; override and money for externals: managers).</summary>
    [Post("/api/projects/{projectId}/status-reports")]
    Task<IApiResponse<StatusReport>> PublishStatusReportAsync(string projectId, [Body] NewStatusReport report, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>The published status reports, newest first.</summary>
    [Get("/api/projects/{projectId}/status-reports")]
    Task<IApiResponse<Page<StatusReportSummary>>> ListStatusReportsAsync(string projectId, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>One published status report.</summary>
    [Get("/api/projects/{projectId}/status-reports/{number}")]
    Task<IApiResponse<StatusReport>> GetStatusReportAsync(string projectId, int number, CancellationToken cancellationToken = default);

    /// <summary>Asks each owner of open work due in the window for an update (drafted for the pane; sent in Entra mode).</summary>
    [Post("/api/projects/{projectId}/update-requests")]
    Task<IApiResponse<UpdateRequests>> RequestUpdatesAsync(string projectId, [Body] UpdateRequestInput input, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Sends an audience's renderings of a report from the caller's mailbox (Entra mode), once each.</summary>
    [Post("/api/projects/{projectId}/status-reports/{number}/send")]
    Task<IApiResponse<ReportSendResult>> SendStatusReportAsync(string projectId, int number, [Body] ReportSendInput input, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>The weekly report schedule.</summary>
    [Get("/api/projects/{projectId}/report-schedule")]
    Task<IApiResponse<ReportScheduleSettings>> GetReportScheduleAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Sets the weekly report schedule (managers and coordinators).</summary>
    [Put("/api/projects/{projectId}/report-schedule")]
    Task<IApiResponse<ReportScheduleSettings>> PutReportScheduleAsync(string projectId, [Body] ReportScheduleSettings schedule, CancellationToken cancellationToken = default);

    /// <summary>Records that the pane inserted a rendering of a report into a draft (once per report, audience and rendering).</summary>
    [Post("/api/projects/{projectId}/status-reports/{number}/inserted")]
    Task<IApiResponse<Communication>> RecordReportInsertedAsync(string projectId, int number, [Body] ReportInsertion insertion, CancellationToken cancellationToken = default);
}
