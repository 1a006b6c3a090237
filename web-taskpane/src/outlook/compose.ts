import { type CoordinatorApi, problemText } from "../shared/api";
import type { Session } from "../shared/auth";
import { offerChallenge } from "../shared/challenge";
import type { Audience, Insertion, Project, StatusReport, UpdateRequest } from "../shared/contracts";
import { field, h, options, say } from "../shared/dom";
import { officeCall } from "./officeAsync";
import { addPending, type PendingRecord, recordsOnSend } from "./sendRecords";

const audiences: { value: Audience; label: string }[] = [
  { value: "ManageClosely", label: "Manage closely (high influence, high interest)" },
  { value: "KeepSatisfied", label: "Keep satisfied (high influence)" },
  { value: "KeepInformed", label: "Keep informed (high interest)" },
  { value: "Monitor", label: "Monitor" },
];

// Where the pane puts a rendering or a request: the draft of Outlook's compose form, or the browser preview's sample draft.
export interface Draft {
  insert(insertion: Insertion): Promise<void>;
  // A real draft's insertion is recorded (once); the preview's is not.
  readonly records: boolean;
  // Where Outlook runs the on-send event: the record waits in the draft until the message is sent.
  recordOnSend?(record: PendingRecord): Promise<void>;
}

// The browser preview: the rendering as the message would show it (a sandboxed frame: no scripts, nothing loaded),
// with its recipients and subject.
export function previewDraft(root: HTMLElement): Draft {
  return {
    records: false,
    insert: async (rendering) => {
      const frame = h("iframe", { title: "Message preview", className: "report-preview" });
      frame.setAttribute("sandbox", "");
      frame.srcdoc = rendering.html;
      root.replaceChildren(
        h("p", { className: "muted" }, `Subject: ${rendering.subject}`),
        h("p", { className: "muted" }, `To: ${rendering.recipients.map((r) => `${r.name} <${r.email}>`).join("; ") || "(no recipients)"}`),
        frame);
    },
  };
}

// Outlook compose mode: the body at the cursor (or the whole body when it is empty), the rendering's recipients on To,
// and the subject when the draft has none.
export function draftOf(item: Office.MessageCompose): Draft {
  return {
    records: true,
    recordOnSend: recordsOnSend() ? (record) => addPending(item.sessionData, record) : undefined,
    insert: async (rendering) => {
      const body = await officeCall<string>((done) => item.body.getAsync(Office.CoercionType.Text, done));
      if (!body.trim()) await officeCall<void>((done) => item.body.setAsync(rendering.html, { coercionType: Office.CoercionType.Html }, done));
      else await officeCall<void>((done) => item.body.setSelectedDataAsync(rendering.html, { coercionType: Office.CoercionType.Html }, done));
      await officeCall<void>((done) => item.to.addAsync(rendering.recipients.map((r) => ({ displayName: r.name, emailAddress: r.email })), done));
      const subject = await officeCall<string>((done) => item.subject.getAsync(done));
      if (!subject.trim()) await officeCall<void>((done) => item.subject.setAsync(rendering.subject, done));
    },
  };
}

const isoDay = (day: Date) => `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;

// The update requests prepared for a project, kept in this browser so the next new message offers the next owner's
// without asking (and recording) them all again.
interface Prepared { from: string; to: string; requests: UpdateRequest[]; inserted: string[] }
const preparedKey = (projectId: string) => `oc.updateRequests.${projectId}`;

function readPrepared(projectId: string): Prepared | null {
  try {
    const stored = JSON.parse(localStorage.getItem(preparedKey(projectId)) ?? "null") as Prepared | null;
    return stored && Array.isArray(stored.requests) ? stored : null;
  } catch {
    return null;
  }
}

// Compose mode: insert one rendering of the project's latest report (or a new one) for an audience. Internal and
// external recipients never share a message: each rendering is its own insertion, into its own draft. Below it, the
// update requests to task owners: prepared once for a window (and recorded then), each inserted into its own draft.
export class ComposePane {
  private report: StatusReport | null = null;
  private readonly project = h("select", { name: "project" });
  private readonly audience = options(h("select", { name: "audience" }), audiences, "ManageClosely");
  private readonly reportLine = h("p", { className: "muted" });
  private readonly publishButton = h("button", { type: "button" }, "Publish a new report");
  private readonly insertButton = h("button", { type: "button", className: "primary" }, "Insert for internal recipients");
  private readonly insertExternalButton = h("button", { type: "button", hidden: true }, "Insert for external recipients");
  private readonly from = h("input", { type: "date", name: "from", value: isoDay(new Date()) });
  private readonly to = h("input", { type: "date", name: "to", value: isoDay(new Date(Date.now() + 7 * 86_400_000)) });
  private readonly prepareButton = h("button", { type: "button" }, "Prepare update requests");
  private readonly requestList = h("ul", { className: "requests", ariaLabel: "Prepared update requests" });
  private readonly status = h("div", { className: "status" });

  constructor(
    private readonly root: HTMLElement,
    private readonly api: CoordinatorApi,
    private readonly projects: Project[],
    private readonly session: Session,
    private readonly draft: Draft,
  ) {}

  async render(): Promise<void> {
    options(this.project, this.projects.map((p) => ({ value: p.id, label: `${p.name} (${p.myRole})` })));
    this.project.addEventListener("change", () => void this.run(() => this.load()));
    this.audience.addEventListener("change", () => this.showRenderings());
    this.publishButton.addEventListener("click", () => void this.run(() => this.publish()));
    this.insertButton.addEventListener("click", () => void this.run(() => this.insert(false)));
    this.insertExternalButton.addEventListener("click", () => void this.run(() => this.insert(true)));
    this.prepareButton.addEventListener("click", () => void this.run(() => this.prepare()));
    this.root.replaceChildren(
      h("section", { className: "card", ariaLabel: "Status report" }, h("h2", null, "Status report"),
        field("Project", this.project), this.reportLine, field("Audience", this.audience),
        h("div", { className: "row" }, this.insertButton, this.insertExternalButton), this.publishButton),
      h("section", { className: "card", ariaLabel: "Ask for updates" }, h("h2", null, "Ask owners for an update"),
        h("p", { className: "muted" }, "One message per owner of open work due in the window, listing their tasks. Preparing records each request once; insert one into each new message."),
        h("div", { className: "row" }, field("Due from", this.from), field("Due to", this.to)), this.prepareButton, this.requestList),
      this.status);
    if (this.projects.length) await this.run(() => this.load());
    else say(this.status, "You are not a member of any project yet.", "info");
  }

  private async load(): Promise<void> {
    this.report = await this.api.latestStatusReport(this.project.value);
    this.showRenderings();
    this.showRequests();
  }

  private async prepare(): Promise<void> {
    if (!this.from.value || !this.to.value) throw new Error("Choose the first and the last day of the window.");
    const requests = await this.api.requestUpdates(this.project.value, this.from.value, this.to.value);
    localStorage.setItem(preparedKey(this.project.value), JSON.stringify({ from: this.from.value, to: this.to.value, requests, inserted: [] } satisfies Prepared));
    this.showRequests();
    say(this.status, requests.length
      ? `Prepared ${requests.length} update request(s), logged as outbound requests. Insert one into this message.`
      : "Nobody has open work due in that window.", requests.length ? "success" : "info");
  }

  private showRequests(): void {
    const prepared = readPrepared(this.project.value);
    this.requestList.replaceChildren(...(prepared?.requests ?? []).map((request) => {
      const insert = h("button", { type: "button" }, prepared!.inserted.includes(request.owner) ? "Insert again" : "Insert");
      insert.setAttribute("aria-label", `Insert the request to ${request.owner}`);
      insert.addEventListener("click", () => void this.run(() => this.insertRequest(request)));
      return h("li", null, `${request.owner}: ${request.tasks.map((n) => `T-${n}`).join(", ")} `, insert);
    }));
  }

  private async insertRequest(request: UpdateRequest): Promise<void> {
    await this.draft.insert({ subject: request.subject, html: request.html, recipients: [{ name: request.owner, email: request.owner }] });
    const prepared = readPrepared(this.project.value);
    if (prepared && !prepared.inserted.includes(request.owner)) {
      prepared.inserted.push(request.owner);
      localStorage.setItem(preparedKey(this.project.value), JSON.stringify(prepared));
    }

    this.showRequests();
    say(this.status, this.draft.records
      ? `Inserted the update request to ${request.owner} (logged when it was prepared).`
      : `Preview of the update request to ${request.owner}. In Outlook, Insert puts it into the draft.`, "success");
  }

  private async publish(): Promise<void> {
    this.report = await this.api.publishStatusReport(this.project.value);
    this.showRenderings();
    say(this.status, `Published ${this.report.key}: ${this.report.status}.`, "success");
  }

  private showRenderings(): void {
    const report = this.report;
    this.reportLine.textContent = report ? `${report.key} of ${report.asOf}: ${report.status}` : "No report is published yet: publish one to insert it.";
    this.insertButton.disabled = !report;
    this.insertExternalButton.hidden = !report?.renderings.some((r) => r.audience === this.audience.value && r.external);
  }

  private async insert(external: boolean): Promise<void> {
    const report = this.report!;
    const rendering = report.renderings.find((r) => r.audience === this.audience.value && r.external === external);
    if (!rendering) throw new Error("This report has no rendering for that audience.");
    await this.draft.insert(rendering);
    if (!this.draft.records) {
      say(this.status, `Preview of ${report.key} for ${rendering.recipients.length} ${external ? "external" : "internal"} recipient(s). In Outlook, Insert puts it into the draft and logs it once.`, "success");
      return;
    }

    if (this.draft.recordOnSend) {
      await this.draft.recordOnSend({
        projectId: this.project.value, number: report.number, audience: rendering.audience, external,
        user: { name: this.session.user.name, email: this.session.user.email },
      });
      say(this.status, `Inserted ${report.key} for ${rendering.recipients.length} ${external ? "external" : "internal"} recipient(s); it is logged as an outbound update when you send the message.`, "success");
      return;
    }

    const recorded = await this.api.reportInserted(this.project.value, report.number, rendering.audience, external);
    say(this.status, `Inserted ${report.key} for ${rendering.recipients.length} ${external ? "external" : "internal"} recipient(s)`
      + (recorded.created ? "; logged as an outbound update." : "; it was logged already."), "success");
  }

  private async run(action: () => Promise<void>): Promise<void> {
    say(this.status, "Working…", "info");
    try {
      await action();
      if (this.status.textContent === "Working…") say(this.status, "", "info");
    } catch (error) {
      if (!offerChallenge(this.status, error, this.session, () => this.run(action))) {
        say(this.status, problemText(error), "error");
      }
    }
  }
}
