import type {
  Communication, DevToken, EmailLink, EmailMessage, EmailPreview, Obstacle, Page, PaneConfig, PlanReport, PlanRow, PlanRowsPage, Project,
  ProjectSchedule, ShiftRequest, ShiftResult, SignedInUser, TaskItem,
} from "./contracts";

// An RFC 9457 problem from the API; `detail` is the sentence a pane shows.
export interface Problem {
  status: number;
  title?: string;
  detail: string;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = "ApiError";
  }
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
    return this.send<Page<Project>>("GET", "/api/projects?limit=500").then((r) => r.body.items);
  }

  preview(projectId: string | null, email: EmailMessage): Promise<EmailPreview> {
    return this.send<EmailPreview>("POST", "/api/emails/preview", { projectId, email }).then((r) => r.body);
  }

  links(internetMessageId: string, conversationId: string | null): Promise<EmailLink[]> {
    const query = new URLSearchParams({ internetMessageId });
    if (conversationId) query.set("conversationId", conversationId);
    return this.send<{ items: EmailLink[] }>("GET", `/api/emails/links?${query}`).then((r) => r.body.items);
  }

  taskFromEmail(projectId: string, email: EmailMessage, task: Record<string, unknown>): Promise<Created<TaskItem>> {
    return this.act<TaskItem>(`/api/projects/${encodeURIComponent(projectId)}/tasks/from-email`, { email, task })
      .then((r) => ({ value: r.body, created: r.status === 201 }));
  }

  logCommunication(projectId: string, body: Record<string, unknown>): Promise<Communication> {
    return this.act<Communication>(`/api/projects/${encodeURIComponent(projectId)}/communications`, body).then((r) => r.body);
  }

  raiseObstacle(projectId: string, body: Record<string, unknown>): Promise<Obstacle> {
    return this.act<Obstacle>(`/api/projects/${encodeURIComponent(projectId)}/obstacles`, body).then((r) => r.body);
  }

  // `tasks` picks rows by task number (the rows a shift moved); all of them when omitted.
  planRows(projectId: string, limit: number, cursor: string | null, tasks?: readonly number[]): Promise<PlanRowsPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set("cursor", cursor);
    if (tasks) query.set("tasks", tasks.join(","));
    return this.send<PlanRowsPage>("GET", `${projectPath(projectId)}/plan/rows?${query}`).then((r) => r.body);
  }

  planChanges(projectId: string, rows: PlanRow[], dryRun = false): Promise<PlanReport> {
    return this.act<PlanReport>(`${projectPath(projectId)}/plan/changes${dryRun ? "?dryRun=true" : ""}`, { rows }).then((r) => r.body);
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

  private async send<T>(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
    if (this.token) headers.Authorization = `Bearer ${await this.token()}`;
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError({ status: 0, detail: "The OfficeCoordinator service cannot be reached. Check your connection and try again." });
    }

    if (!response.ok) throw new ApiError(await readProblem(response));
    return { status: response.status, body: (await response.json()) as T };
  }
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
    return { status: response.status, title: problem.title, detail: problem.detail || problem.title || fallback, errors: problem.errors };
  } catch {
    return { status: response.status, detail: fallback };
  }
}
