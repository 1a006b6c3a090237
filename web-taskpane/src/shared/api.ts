import type {
  AttachmentCopy, AttachmentCopyResult, AttachmentFile, Audience, Communication, DevToken, EmailLink, EmailLinks, EmailMessage, EmailPreview,
  EmailPreviewRequest, EmailTaskOptions, Member, MemberPage, NewCommunication, NewObstacle, Obstacle, PaneConfig, PlanChangesInput, PlanPublication,
  PlanReport, PlanRow, PlanRowsPage, Project, ProjectPage, ProjectSchedule, ReadMessage, ReportInsertion, SearchHit, SearchResults, ShiftRequest,
  ShiftResult, SignedInUser, StatusReport, StatusReportPage, TaskItem, UpdateRequest, UpdateRequestInput, UpdateRequests,
  TaskPatch,
  ObstaclePatch,
  ProblemDetails,
} from "./contracts";

// An RFC 9457 problem from the API as a pane holds it: `detail` always set (the sentence a pane shows), the members
// `errors` of a validation problem, and the Microsoft Graph members (DESIGN.md "Microsoft Graph": consent and claims
// are for the user to answer).
export interface Problem extends Pick<ProblemDetails, "title" | "graph" | "scopes" | "claims" | "requestId"> {
  status: number;
  detail: string;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = "ApiError";
  }
}

// The sentence a pane shows for a failure: the problem's detail, or what a stale If-Match (412) means to the user.
export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    return error.problem.status === 412
      ? "Someone changed this since you opened it. Close and open it again to see what it is now."
      : error.problem.detail;
  }
  return error instanceof Error ? error.message : "Something went wrong; please try again.";
}

export type TokenProvider = () => Promise<string>;

export interface Created<T> {
  value: T;
  created: boolean;
}

// The API over fetch: JSON in and out, problem details turned into ApiError, the token asked for per call.
export class CoordinatorApi {
  constructor(
    private readonly token: TokenProvider | null,
    private readonly baseUrl = "",
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  withToken(token: TokenProvider): CoordinatorApi {
    return new CoordinatorApi(token, this.baseUrl, this.fetchImpl);
  }

  config(): Promise<PaneConfig> {
    return this.send<PaneConfig>("GET", "/api/client-config").then((r) => r.body);
  }

  devToken(name: string, email: string): Promise<DevToken> {
    return this.send<DevToken>("POST", "/api/dev/token", { name, email }).then((r) => r.body);
  }

  me(): Promise<SignedInUser> {
    return this.send<SignedInUser>("GET", "/api/me").then((r) => r.body);
  }

  projects(): Promise<Project[]> {
    return this.send<ProjectPage>("GET", "/api/projects?limit=500").then((r) => r.body.items);
  }

  project(projectId: string): Promise<Project> {
    return this.send<Project>("GET", projectPath(projectId)).then((r) => r.body);
  }

  preview(projectId: string | null, email: ReadMessage): Promise<EmailPreview> {
    return this.send<EmailPreview>("POST", "/api/emails/preview", { projectId, email: wire(email) } satisfies EmailPreviewRequest).then((r) => r.body);
  }

  links(internetMessageId: string, conversationId: string | null | undefined): Promise<EmailLink[]> {
    const query = new URLSearchParams({ internetMessageId });
    if (conversationId) query.set("conversationId", conversationId);
    return this.send<EmailLinks>("GET", `/api/emails/links?${query}`).then((r) => r.body.items);
  }

  taskFromEmail(projectId: string, email: ReadMessage, task: EmailTaskOptions): Promise<Created<TaskItem>> {
    return this.act<TaskItem>(`/api/projects/${encodeURIComponent(projectId)}/tasks/from-email`, { email: wire(email), task })
      .then((r) => ({ value: r.body, created: r.status === 201 }));
  }

  // The email becomes a reference of an existing task (its thread already has it): 201 added, 200 already there.
  addEmailToTask(projectId: string, task: number, email: ReadMessage): Promise<Created<TaskItem>> {
    return this.act<TaskItem>(`${projectPath(projectId)}/tasks/${task}/emails`, { email: wire(email) })
      .then((r) => ({ value: r.body, created: r.status === 201 }));
  }

  members(projectId: string): Promise<Member[]> {
    return this.send<MemberPage>("GET", `${projectPath(projectId)}/members?limit=500`).then((r) => r.body.items);
  }

  search(projectId: string, q: string, limit = 10): Promise<SearchHit[]> {
    const query = new URLSearchParams({ q, limit: String(limit) });
    return this.send<SearchResults>("GET", `${projectPath(projectId)}/search?${query}`).then((r) => r.body.items);
  }

  // One record for its detail; each answers with its version, sent back as If-Match when it is changed.
  task(projectId: string, number: number): Promise<TaskItem> {
    return this.send<TaskItem>("GET", `${projectPath(projectId)}/tasks/${number}`).then((r) => r.body);
  }

  updateTask(projectId: string, number: number, version: number, patch: TaskPatch): Promise<TaskItem> {
    return this.send<TaskItem>("PATCH", `${projectPath(projectId)}/tasks/${number}`, patch, undefined, version).then((r) => r.body);
  }

  obstacle(projectId: string, id: string): Promise<Obstacle> {
    return this.send<Obstacle>("GET", `${projectPath(projectId)}/obstacles/${encodeURIComponent(id)}`).then((r) => r.body);
  }

  updateObstacle(projectId: string, id: string, version: number, patch: ObstaclePatch): Promise<Obstacle> {
    return this.send<Obstacle>("PATCH", `${projectPath(projectId)}/obstacles/${encodeURIComponent(id)}`, patch, undefined, version).then((r) => r.body);
  }

  communication(projectId: string, id: string): Promise<Communication> {
    return this.send<Communication>("GET", `${projectPath(projectId)}/communications/${encodeURIComponent(id)}`).then((r) => r.body);
  }

  decision(projectId: string, id: string): Promise<Communication> {
    return this.send<Communication>("GET", `${projectPath(projectId)}/decisions/${encodeURIComponent(id)}`).then((r) => r.body);
  }

  updateDecision(projectId: string, id: string, version: number, status: string): Promise<Communication> {
    return this.send<Communication>("PATCH", `${projectPath(projectId)}/decisions/${encodeURIComponent(id)}`, { status }, undefined, version).then((r) => r.body);
  }

  logCommunication(projectId: string, body: NewCommunication): Promise<Communication> {
    return this.act<Communication>(`/api/projects/${encodeURIComponent(projectId)}/communications`, body).then((r) => r.body);
  }

  raiseObstacle(projectId: string, body: NewObstacle): Promise<Obstacle> {
    return this.act<Obstacle>(`/api/projects/${encodeURIComponent(projectId)}/obstacles`, body).then((r) => r.body);
  }

  // Entra mode: the API reads the attachments from the caller's mailbox.
  copyAttachments(projectId: string, task: number, itemId: string, attachmentIds: string[]): Promise<AttachmentCopy[]> {
    return this.act<AttachmentCopyResult>(`${projectPath(projectId)}/tasks/${task}/attachments`, { itemId, attachmentIds }).then((r) => r.body.items);
  }

  // Local mode: the files the pane read from the message.
  uploadAttachments(projectId: string, task: number, files: AttachmentFile[]): Promise<AttachmentCopy[]> {
    const form = new FormData();
    for (const file of files) {
      form.append("files", new File([file.content], file.name, { type: file.contentType ?? "application/octet-stream" }));
      form.append("attachmentIds", file.id);
    }
    return this.act<AttachmentCopyResult>(`${projectPath(projectId)}/tasks/${task}/attachments`, form).then((r) => r.body.items);
  }

  latestStatusReport(projectId: string): Promise<StatusReport | null> {
    return this.send<StatusReportPage>("GET", `${projectPath(projectId)}/status-reports?limit=1`)
      .then((r) => (r.body.items[0] ? this.send<StatusReport>("GET", `${projectPath(projectId)}/status-reports/${r.body.items[0].number}`).then((x) => x.body) : null));
  }

  publishStatusReport(projectId: string): Promise<StatusReport> {
    return this.act<StatusReport>(`${projectPath(projectId)}/status-reports`, {}).then((r) => r.body);
  }

  // Once per report, audience and rendering: the same insertion again answers the same record.
  // delivery: Sent when Outlook's on-send event records it, Inserted when the pane records it at insertion.
  reportInserted(projectId: string, number: number, audience: Audience, external: boolean, delivery: "Inserted" | "Sent" = "Inserted"): Promise<{ created: boolean }> {
    return this.send<unknown>("POST", `${projectPath(projectId)}/status-reports/${number}/inserted`, { audience, external, delivery } satisfies ReportInsertion)
      .then((r) => ({ created: r.status === 201 }));
  }

  // One drafted message per owner of open work due in the window (dates yyyy-mm-dd), each recorded as an Outbound Request.
  requestUpdates(projectId: string, from: string, to: string): Promise<UpdateRequest[]> {
    return this.act<UpdateRequests>(`${projectPath(projectId)}/update-requests`, { from, to, send: false } satisfies UpdateRequestInput).then((r) => r.body.requests);
  }

  publishPlan(projectId: string): Promise<PlanPublication> {
    return this.act<PlanPublication>(`${projectPath(projectId)}/plan/publish`, {}).then((r) => r.body);
  }

  // A document of the local folder (Local mode): served to members only, so fetched with the token.
  async document(url: string): Promise<Blob> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${await this.token()}`;
    const response = await this.fetchImpl(this.baseUrl + url, { headers });
    if (!response.ok) throw new ApiError(await readProblem(response));
    return response.blob();
  }

  // `tasks` picks rows by task number (the rows a shift moved); all of them when omitted.
  planRows(projectId: string, limit: number, cursor: string | null, tasks?: readonly number[]): Promise<PlanRowsPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set("cursor", cursor);
    if (tasks) query.set("tasks", tasks.join(","));
    return this.send<PlanRowsPage>("GET", `${projectPath(projectId)}/plan/rows?${query}`).then((r) => r.body);
  }

  planChanges(projectId: string, rows: PlanRow[], dryRun = false): Promise<PlanReport> {
    return this.act<PlanReport>(`${projectPath(projectId)}/plan/changes${dryRun ? "?dryRun=true" : ""}`, { rows } satisfies PlanChangesInput).then((r) => r.body);
  }

  schedule(projectId: string): Promise<ProjectSchedule> {
    return this.send<ProjectSchedule>("GET", `${projectPath(projectId)}/schedule`).then((r) => r.body);
  }

  shiftTask(projectId: string, number: number, shift: ShiftRequest): Promise<ShiftResult> {
    return this.act<ShiftResult>(`${projectPath(projectId)}/tasks/${number}/shift`, shift).then((r) => r.body);
  }

  // One user action that creates or changes something: one Idempotency-Key, kept for its retries, so that a request
  // that timed out or met a brief outage is sent again without ever being carried out twice.
  private async act<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    const key = newIdempotencyKey();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send<T>("POST", path, body, key);
      } catch (error) {
        const retriable = error instanceof ApiError && (error.problem.status === 0 || error.problem.status === 503);
        if (!retriable || attempt >= ACTION_ATTEMPTS) throw error;
        await delay(RETRY_DELAY_MS * attempt);
      }
    }
  }

  private async send<T>(method: string, path: string, body?: unknown, idempotencyKey?: string, ifMatch?: number): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (ifMatch !== undefined) headers["If-Match"] = `"${ifMatch}"`;
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers["Content-Type"] = "application/json";
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    if (this.token) headers.Authorization = `Bearer ${await this.token()}`;
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path,
        { method, headers, body: body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body) });
    } catch {
      throw new ApiError({ status: 0, detail: "The OfficeCoordinator service cannot be reached. Check your connection and try again." });
    }

    if (!response.ok) throw new ApiError(await readProblem(response));
    return { status: response.status, body: (await response.json()) as T };
  }
}

// The message as the API takes it: what the pane read for itself (the attachments' list) stays in the pane.
function wire(email: ReadMessage): EmailMessage {
  const { attachments: _attachments, ...message } = email;
  return message;
}

const projectPath = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}`;

const ACTION_ATTEMPTS = 3;
const RETRY_DELAY_MS = 500;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

export async function readProblem(response: Response): Promise<Problem> {
  const fallback = `The service answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`;
  try {
    const problem = (await response.json()) as Partial<Problem>;
    return {
      status: response.status, title: problem.title, detail: problem.detail || problem.title || fallback, errors: problem.errors,
      graph: problem.graph, scopes: problem.scopes, claims: problem.claims, requestId: problem.requestId,
    };
  } catch {
    return { status: response.status, detail: fallback };
  }
}
