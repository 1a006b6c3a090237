import { ApiError, type CoordinatorApi } from "../shared/api";
import type { Session } from "../shared/auth";
import { offerChallenge } from "../shared/challenge";
import type { AttachmentCopy, EmailAttachment, EmailLink, EmailMessage, EmailPreview, Participant, Project } from "../shared/contracts";
import { download, field, h, options, say } from "../shared/dom";
import type { ProjectMemory } from "./projectMemory";

type Tab = "task" | "log" | "obstacle";

// How the pane reaches attachments: in Entra mode the API reads them from the mailbox; in Local mode the pane reads
// each file (getAttachmentContentAsync) and sends it.
export interface AttachmentAccess {
  fromMailbox: boolean;
  read: ((attachment: EmailAttachment) => Promise<Blob>) | null;
}

// The Outlook pane for one signed-in user: pick the project, see what this email is linked to, act on it.
// Every render is tied to the message it was started for, so a slow answer never lands on the next message.
export class OutlookPane {
  private message: EmailMessage | null = null;
  private preview: EmailPreview | null = null;
  private links: EmailLink[] = [];
  private generation = 0;

  private readonly project = h("select", { name: "project" });
  private readonly projectHint = h("span", { className: "hint" });
  private readonly sharedPlan = h("p", { className: "hint shared-plan" });
  private readonly emailCard = h("section", { className: "card", ariaLabel: "This email" });
  private readonly linkedList = h("ul", { className: "links" });
  private readonly linkedCard = h("section", { className: "card", ariaLabel: "Already linked" }, h("h2", null, "Already linked"), this.linkedList);
  private readonly status = h("div", { className: "status" });

  private readonly taskTitle = h("input", { name: "title", required: true, maxLength: 300 });
  private readonly taskFinish = h("input", { name: "finish", type: "date" });
  private readonly taskPriority = options(h("select", { name: "priority" }),
    ["Low", "Medium", "High", "Critical"].map((p) => ({ value: p, label: p })), "Medium");
  private readonly taskDescription = h("textarea", { name: "description", rows: 4, readOnly: true });
  private readonly taskAttachments = h("fieldset", { className: "attachments", hidden: true });
  private readonly copiedList = h("ul", { className: "documents" });
  private readonly copiedCard = h("section", { className: "card", ariaLabel: "Documents", hidden: true }, h("h2", null, "Documents"), this.copiedList);

  private readonly logKind = options(h("select", { name: "kind" }),
    ["Update", "Request", "Decision", "Escalation", "Note"].map((k) => ({ value: k, label: k })), "Update");
  private readonly logSummary = h("textarea", { name: "summary", rows: 3, required: true });
  private readonly logParticipants = h("fieldset", null);
  private readonly decisionText = h("input", { name: "decisionText", maxLength: 2000 });
  private readonly decisionRationale = h("textarea", { name: "rationale", rows: 2 });
  private readonly decisionFields = h("div", { className: "field-group", hidden: true },
    field("Decision", this.decisionText), field("Rationale", this.decisionRationale));

  private readonly obstacleStatement = h("input", { name: "statement", required: true, maxLength: 2000 });
  private readonly obstacleImpact = h("textarea", { name: "impact", rows: 2 });
  private readonly obstacleTask = h("select", { name: "linkedTask" });
  private readonly obstacleTold = h("fieldset", null);

  constructor(
    private readonly root: HTMLElement,
    private readonly api: CoordinatorApi,
    private readonly memory: ProjectMemory,
    private projects: Project[],
    private readonly session: Session,
    private readonly attachments: AttachmentAccess,
  ) {}

  render(): void {
    options(this.project, this.projects.map((p) => ({ value: p.id, label: `${p.name} (${p.myRole})` })));
    this.project.addEventListener("change", () => void this.onProjectChosen());
    this.project.addEventListener("change", () => this.renderSharedPlan());
    this.renderSharedPlan();
    this.logKind.addEventListener("change", () => {
      this.decisionFields.hidden = this.logKind.value !== "Decision";
      this.logButton.textContent = this.logKind.value === "Decision" ? "Log decision" : "Log communication";
    });

    this.root.replaceChildren(
      h("section", { className: "card", ariaLabel: "Project" }, field("Project", this.project), this.projectHint, this.sharedPlan),
      this.emailCard,
      this.linkedCard,
      this.actions(),
      this.status,
      this.copiedCard,
    );
  }

  // A new message is selected: forget everything about the previous one first.
  async show(message: EmailMessage | null): Promise<void> {
    const generation = ++this.generation;
    this.message = message;
    this.preview = null;
    this.links = [];
    say(this.status, "", "info");
    this.copiedCard.hidden = true;
    this.renderEmail();
    this.renderLinks();
    if (!message) return;

    const remembered = this.memory.recall(message.conversationId, message.from.email);
    if (remembered && this.projects.some((p) => p.id === remembered)) {
      this.project.value = remembered;
      this.renderSharedPlan();
      this.projectHint.textContent = "Remembered for this conversation or sender.";
    } else {
      this.projectHint.textContent = this.projects.length ? "Choose the project this email belongs to." : "You are not a member of any project yet.";
    }

    this.fillFormsFromMessage(message);
    await this.refresh(generation);
  }

  private async onProjectChosen(): Promise<void> {
    void this.refreshProject(this.project.value);
    if (!this.message) return;
    await this.memory.remember(this.message.conversationId, this.message.from.email, this.project.value);
    this.projectHint.textContent = "Remembered for this conversation and sender.";
    await this.refresh(this.generation);
  }

  private async refresh(generation: number): Promise<void> {
    const message = this.message;
    if (!message) return;
    try {
      const [preview, links] = await Promise.all([
        this.api.preview(this.project.value || null, message),
        this.api.links(message.internetMessageId, message.conversationId),
      ]);
      if (generation !== this.generation) return; // the user has moved on to another message
      this.preview = preview;
      this.links = links;
      this.fillFormsFromPreview(preview);
      this.renderLinks();
    } catch (error) {
      if (generation === this.generation && !offerChallenge(this.status, error, this.session, () => this.refresh(generation))) this.fail(error);
    }
  }

  // The project as it is now (its shared plan may have been published since the pane started).
  private async refreshProject(projectId: string): Promise<void> {
    try {
      const fresh = await this.api.project(projectId);
      this.projects = this.projects.map((p) => (p.id === fresh.id ? fresh : p));
      if (this.project.value === fresh.id) this.renderSharedPlan();
    } catch {
      // the list as loaded stays; the next choice asks again
    }
  }

  // The project's shared plan.xlsx (published from the Excel pane): its link and when it was last published.
  private renderSharedPlan(): void {
    const shared = this.projects.find((p) => p.id === this.project.value)?.sharedPlan;
    if (!shared) {
      this.sharedPlan.replaceChildren();
      return;
    }

    const link = h("a", { href: shared.webUrl, target: "_blank", rel: "noopener" }, "Open the shared plan");
    if (shared.webUrl.startsWith("/")) {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        void this.api.document(shared.webUrl).then((blob) => download(blob, "plan.xlsx")).catch((error: unknown) => this.fail(error));
      });
    }

    this.sharedPlan.replaceChildren(link, ` · published ${new Date(shared.publishedAt).toLocaleString()} by ${shared.publishedBy}`);
  }

  private renderEmail(): void {
    const message = this.message;
    this.emailCard.replaceChildren(
      h("h2", null, "This email"),
      message
        ? h("div", null,
            h("div", { className: "email-subject" }, message.subject || "(no subject)"),
            h("div", { className: "muted" }, `From ${message.from.name ?? message.from.email} <${message.from.email}>`))
        : h("div", { className: "muted" }, "Select a message to turn it into a task, log it, or raise an obstacle."),
    );
  }

  private renderLinks(): void {
    const items = this.links.map((link) =>
      h("li", { dataset: { type: link.type } },
        h("span", { className: "kind" }, link.type),
        h("span", null, link.number !== null ? `T-${link.number} ` : "", link.title,
          link.projectId !== this.project.value ? h("span", { className: "muted" }, ` · ${link.projectName}`) : null,
          link.matchedBy === "conversation" ? h("span", { className: "muted" }, " · in this thread") : null),
        h("span", { className: "pill", dataset: { status: link.status } }, link.status)));
    this.linkedList.replaceChildren(...(items.length ? items : [h("li", { className: "muted" }, this.message ? "Nothing yet." : "")]));
    options(this.obstacleTask, [{ value: "", label: "None" }, ...this.links.filter((l) => l.type === "task" && l.projectId === this.project.value)
      .map((l) => ({ value: String(l.number), label: `T-${l.number} ${l.title}` }))]);
  }

  private fillFormsFromMessage(message: EmailMessage): void {
    this.taskTitle.value = message.subject ?? "";
    this.taskFinish.value = "";
    this.taskDescription.value = "";
    this.logSummary.value = message.subject ?? "";
    this.obstacleStatement.value = "";
    this.obstacleImpact.value = "";
    this.decisionText.value = "";
    this.decisionRationale.value = "";
    this.logParticipants.replaceChildren();
    this.obstacleTold.replaceChildren();
    // In Entra mode the mailbox's own list (immutable ids) comes with the preview; Office.js ids would not match it.
    this.renderAttachments(this.attachments.fromMailbox ? [] : message.attachments ?? []);
  }

  // Files are offered checked; inline images and attached items are shown with why they are not copied.
  private renderAttachments(attachments: readonly EmailAttachment[]): void {
    const boxes = attachments.map((attachment) => {
      const copyable = attachment.kind === "File" && !attachment.isInline;
      const box = h("input", { type: "checkbox", name: "attachment", value: attachment.id, checked: copyable, disabled: !copyable });
      return h("label", { className: "check" }, box, `${attachment.name} `, h("span", { className: "muted" },
        copyable ? `(${sizeOf(attachment.size)})` : attachment.isInline ? "(inline image, not copied)" : "(attached item, not copied)"));
    });
    this.taskAttachments.hidden = boxes.length === 0;
    this.taskAttachments.replaceChildren(h("legend", null, "Copy attachments to the project's documents"), ...boxes);
    this.offered = [...attachments];
  }

  private offered: EmailAttachment[] = [];

  private fillFormsFromPreview(preview: EmailPreview): void {
    this.taskTitle.value = preview.title;
    this.taskFinish.value = preview.suggestedFinish ?? "";
    this.taskDescription.value = preview.description;
    this.logSummary.value = preview.title;
    this.logParticipants.replaceChildren(h("legend", null, "Participants"), ...preview.participants.map((p) => this.person(p, "participant", true)));
    this.obstacleTold.replaceChildren(h("legend", null, "Tell"), ...preview.participants.map((p) => this.person(p, "told", false)));
    // In Entra mode the mailbox's own list (immutable ids) is the one to offer.
    if (preview.attachments) this.renderAttachments(preview.attachments);
  }

  private person(participant: Participant, name: string, checked: boolean): HTMLElement {
    const box = h("input", { type: "checkbox", name, value: participant.email, checked });
    box.dataset.name = participant.name;
    return h("label", { className: "check" }, box, `${participant.name} `,
      h("span", { className: participant.stakeholderId ? "tag" : "tag new" }, participant.stakeholderId ? "stakeholder" : "new stakeholder"));
  }

  private readonly taskButton = h("button", { type: "submit", className: "primary" }, "Create task");
  private readonly logButton = h("button", { type: "submit", className: "primary" }, "Log communication");
  private readonly obstacleButton = h("button", { type: "submit", className: "primary" }, "Raise obstacle");

  private actions(): HTMLElement {
    const panels: Record<Tab, HTMLFormElement> = {
      task: this.form(() => this.createTask(), field("Title", this.taskTitle), h("div", { className: "row" },
        field("Due", this.taskFinish), field("Priority", this.taskPriority)), field("Description (from the email)", this.taskDescription), this.taskAttachments, this.taskButton),
      log: this.form(() => this.logCommunication(), field("Kind", this.logKind), field("Summary", this.logSummary), this.decisionFields,
        this.logParticipants, this.logButton),
      obstacle: this.form(() => this.raiseObstacle(), field("What stands in the way", this.obstacleStatement), field("Impact", this.obstacleImpact),
        field("Blocks task", this.obstacleTask), this.obstacleTold, this.obstacleButton),
    };
    const labels: Record<Tab, string> = { task: "Task", log: "Log", obstacle: "Obstacle" };
    const tabs = (Object.keys(panels) as Tab[]).map((name, index) => {
      const tab = h("button", { type: "button", id: `tab-${name}`, attrs: { role: "tab", "aria-controls": `panel-${name}` } }, labels[name]);
      const panel = panels[name];
      panel.id = `panel-${name}`;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      const select = () => {
        for (const other of Object.keys(panels) as Tab[]) {
          const selected = other === name;
          panels[other].hidden = !selected;
          const otherTab = document.getElementById(`tab-${other}`);
          otherTab?.setAttribute("aria-selected", String(selected));
          otherTab?.setAttribute("tabindex", selected ? "0" : "-1");
        }
      };
      tab.addEventListener("click", select);
      tab.addEventListener("keydown", (event) => {
        const names = Object.keys(panels) as Tab[];
        const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        const next = document.getElementById(`tab-${names[(index + step + names.length) % names.length]}`);
        next?.click();
        next?.focus();
      });
      tab.setAttribute("aria-selected", String(index === 0));
      tab.setAttribute("tabindex", index === 0 ? "0" : "-1");
      panel.hidden = index !== 0;
      return tab;
    });
    return h("section", { className: "card", ariaLabel: "Actions" }, h("div", { attrs: { role: "tablist", "aria-label": "Actions" } }, ...tabs), ...Object.values(panels));
  }

  private form(submit: () => Promise<void>, ...children: HTMLElement[]): HTMLFormElement {
    const form = h("form", { noValidate: false }, ...children);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.guard(form, submit);
    });
    return form;
  }

  // While a request runs its button is disabled; on failure the form keeps what the user typed.
  private async guard(form: HTMLFormElement, action: () => Promise<void>): Promise<void> {
    const button = form.querySelector("button[type=submit]") as HTMLButtonElement;
    if (!this.message || !this.project.value) {
      say(this.status, "Choose a project first.", "error");
      return;
    }

    button.disabled = true;
    try {
      await action();
      // Acting on an email in a project is the strongest sign of where its thread belongs.
      await this.memory.remember(this.message.conversationId, this.message.from.email, this.project.value);
    } catch (error) {
      // Consent or a claims challenge: the user answers it, then the same action runs again (idempotent by design).
      if (!offerChallenge(this.status, error, this.session, () => this.guard(form, action))) this.fail(error);
    } finally {
      button.disabled = false;
    }
  }

  private async createTask(): Promise<void> {
    const message = this.message!;
    const generation = this.generation;
    const result = await this.api.taskFromEmail(this.project.value, message, {
      title: this.taskTitle.value.trim() || null,
      finish: this.taskFinish.value || null,
      priority: this.taskPriority.value,
    });
    if (generation !== this.generation) return;
    const task = result.value;
    const done = result.created ? `Created ${task.key}: ${task.title}` : `Already tracked as ${task.key}: ${task.title}`;
    say(this.status, done, "success");
    const copies = await this.copyAttachments(message, task.number);
    if (generation !== this.generation) return;
    if (copies.length) {
      const copied = copies.filter((c) => c.state !== "Skipped").length;
      say(this.status, `${done} · ${copied} of ${copies.length} attachment(s) in the project's documents`, "success");
      this.renderCopies(copies);
    }
    await this.refresh(generation);
  }

  private async copyAttachments(message: EmailMessage, task: number): Promise<AttachmentCopy[]> {
    const chosen = [...this.taskAttachments.querySelectorAll<HTMLInputElement>("input:checked")]
      .map((box) => this.offered.find((a) => a.id === box.value)).filter((a): a is EmailAttachment => a !== undefined);
    if (chosen.length === 0) return [];
    if (this.attachments.fromMailbox) {
      return this.api.copyAttachments(this.project.value, task, message.itemId ?? "", chosen.map((a) => a.id));
    }

    const read = this.attachments.read;
    if (!read) throw new Error("This host cannot read the message's attachments.");
    const files = await Promise.all(chosen.map(async (a) => ({ id: a.id, name: a.name, contentType: a.contentType, content: await read(a) })));
    return this.api.uploadAttachments(this.project.value, task, files);
  }

  // What was copied, each opening its copy: SharePoint links as they are, local ones fetched with the token.
  private renderCopies(copies: readonly AttachmentCopy[]): void {
    this.copiedCard.hidden = false;
    this.copiedList.replaceChildren(...copies.map((copy) => {
      const name = copy.webUrl ? h("a", { href: copy.webUrl, target: "_blank", rel: "noopener" }, copy.name) : h("span", null, copy.name);
      if (copy.webUrl?.startsWith("/")) {
        name.addEventListener("click", (event) => {
          event.preventDefault();
          void this.api.document(copy.webUrl!).then((blob) => download(blob, copy.name)).catch((error: unknown) => this.fail(error));
        });
      }

      const label = copy.state === "Copied" ? "Copied" : copy.state === "AlreadyCopied" ? "Already there" : "Skipped";
      return h("li", { dataset: { state: copy.state } }, h("span", { className: "kind" }, "file"),
        h("span", null, name, copy.reason ? h("span", { className: "muted" }, ` · ${copy.reason}`) : null),
        h("span", { className: "pill", dataset: { status: copy.state === "Skipped" ? "Blocked" : "Done" } }, label));
    }));
  }

  private async logCommunication(): Promise<void> {
    const message = this.message!;
    const generation = this.generation;
    const decision = this.logKind.value === "Decision";
    const participants = [...this.logParticipants.querySelectorAll<HTMLInputElement>("input:checked")]
      .map((box) => ({ name: box.dataset.name ?? null, email: box.value }));
    const entry = await this.api.logCommunication(this.project.value, {
      kind: this.logKind.value,
      summary: this.logSummary.value.trim(),
      participants,
      sourceEmail: message,
      decision: decision ? { text: this.decisionText.value.trim(), rationale: this.decisionRationale.value.trim() || null } : null,
    });
    if (generation !== this.generation) return;
    say(this.status, decision ? `Decision logged as ${entry.decision?.status ?? "Proposed"}: ${entry.decision?.text}` : `Logged ${entry.kind.toLowerCase()}: ${entry.summary}`, "success");
    await this.refresh(generation);
  }

  private async raiseObstacle(): Promise<void> {
    const message = this.message!;
    const generation = this.generation;
    const told = [...this.obstacleTold.querySelectorAll<HTMLInputElement>("input:checked")].map((box) => box.value);
    const obstacle = await this.api.raiseObstacle(this.project.value, {
      statement: this.obstacleStatement.value.trim(),
      impact: this.obstacleImpact.value.trim() || null,
      communicatedTo: told,
      linkedTasks: this.obstacleTask.value ? [Number(this.obstacleTask.value)] : [],
      sourceEmail: message,
    });
    if (generation !== this.generation) return;
    say(this.status, `Obstacle raised: ${obstacle.statement}`, "success");
    await this.refresh(generation);
  }

  private fail(error: unknown): void {
    const detail = error instanceof ApiError ? error.problem.detail : error instanceof Error ? error.message : "Something went wrong; please try again.";
    say(this.status, detail, "error");
  }
}

export function sizeOf(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

