import { type CoordinatorApi, problemText } from "../shared/api";
import type { Session } from "../shared/auth";
import { offerChallenge } from "../shared/challenge";
import type { AttachmentCopy, EmailAttachment, EmailLink, ReadMessage, EmailPreview, Member, Participant, Project, ProjectRole } from "../shared/contracts";
import { ownerChoices, RecordDetail } from "../shared/details";
import { download, field, h, options, say, today, whileBusy } from "../shared/dom";
import { canCoordinate, choices, communicationKinds, label, phases, pick, priorities, whoCoordinates } from "../shared/labels";
import { ProjectSearch } from "../shared/search";
import type { ProjectMemory } from "./projectMemory";

type Tab = "task" | "log" | "obstacle" | "search";

// How the pane reaches attachments: in Entra mode the API reads them from the mailbox; in Local mode the pane reads
// each file (getAttachmentContentAsync) and sends it.
export interface AttachmentAccess {
  fromMailbox: boolean;
  read: ((attachment: EmailAttachment) => Promise<Blob>) | null;
}

// The Outlook pane for one signed-in user: pick the project, see what this email is linked to, act on it.
// Every render is tied to the message it was started for, so a slow answer never lands on the next message.
// The result of an action is said next to the button that caused it, and takes the focus.
export class OutlookPane {
  private message: ReadMessage | null = null;
  private preview: EmailPreview | null = null;
  private links: EmailLink[] = [];
  private members: Member[] = [];
  private generation = 0;

  private readonly project = h("select", { name: "project" });
  private readonly projectHint = h("span", { className: "hint" });
  private readonly sharedPlan = h("p", { className: "hint shared-plan" });
  private readonly emailCard = h("section", { className: "card", ariaLabel: "This email" });
  private readonly linkedList = h("ul", { className: "links" });
  private readonly linkedCard = h("section", { className: "card", ariaLabel: "Already linked" }, h("h2", null, "Already linked"), this.linkedList);
  private readonly status = h("div", { className: "status" });
  private readonly detail: RecordDetail;
  private readonly search: ProjectSearch;

  private readonly taskTitle = h("input", { name: "title", required: true, maxLength: 300 });
  private readonly taskOwner = h("select", { name: "owner" });
  private readonly taskRequester = h("input", { name: "requester", type: "email", maxLength: 320 });
  private readonly taskRequesters = h("datalist", { id: "oc-requesters" });
  private readonly taskStart = h("input", { name: "start", type: "date" });
  private readonly taskFinish = h("input", { name: "finish", type: "date" });
  private readonly taskPriority = options(h("select", { name: "priority" }), choices(priorities), "Medium");
  private readonly taskPhase = options(h("select", { name: "phase" }), choices(phases), "Executing");
  private readonly taskDescription = h("textarea", { name: "description", rows: 4, maxLength: 10_000 });
  private readonly taskAttachments = h("fieldset", { className: "attachments", hidden: true });
  private readonly threadGuard = h("div", { className: "thread-guard", hidden: true });
  private readonly copiedList = h("ul", { className: "documents" });
  private readonly copiedCard = h("section", { className: "card", ariaLabel: "Documents", hidden: true }, h("h2", null, "Documents"), this.copiedList);
  private confirmedDates: string | null = null; // the start and finish the user chose to keep despite the warning
  private readonly edited = new Set<HTMLElement>(); // fields the user changed: a late preview does not overwrite them

  private readonly logKind = options(h("select", { name: "kind" }), choices(communicationKinds), "Update");
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

  private readonly taskButton = h("button", { type: "submit", className: "primary" }, "Create task");
  private readonly logButton = h("button", { type: "submit", className: "primary" }, "Log communication");
  private readonly obstacleButton = h("button", { type: "submit", className: "primary" }, "Raise obstacle");
  private readonly formStatus: Record<Exclude<Tab, "search">, HTMLElement> = {
    task: h("div", { className: "status" }), log: h("div", { className: "status" }), obstacle: h("div", { className: "status" }),
  };
  private readonly forms = h("div", { className: "forms" });
  private readonly readOnly = h("p", { className: "hint reason", hidden: true });
  private readonly actionsCard: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: CoordinatorApi,
    private readonly memory: ProjectMemory,
    private projects: Project[],
    private readonly session: Session,
    private readonly attachments: AttachmentAccess,
  ) {
    this.detail = new RecordDetail(api, (projectId) => this.roleIn(projectId), session.user.email, () => void this.refresh(this.generation));
    this.search = new ProjectSearch(api, () => this.project.value || null, this.detail);
    this.actionsCard = this.actions();
  }

  render(): void {
    options(this.project, this.projects.map((p) => ({ value: p.id, label: `${p.name} (${label(p.myRole)})` })));
    this.project.addEventListener("change", () => void this.onProjectChosen());
    this.logKind.addEventListener("change", () => {
      this.decisionFields.hidden = this.logKind.value !== "Decision";
      this.logButton.textContent = this.logKind.value === "Decision" ? "Log decision" : "Log communication";
    });
    for (const date of [this.taskStart, this.taskFinish]) date.addEventListener("change", () => this.warnAboutDates(false));
    for (const input of [this.taskTitle, this.taskFinish, this.taskDescription, this.logSummary]) {
      input.addEventListener("input", () => this.edited.add(input));
    }
    this.taskRequester.setAttribute("list", this.taskRequesters.id);

    if (this.projects.length === 0) {
      // Not a member of anything: nothing to act on, and who can change that.
      this.root.replaceChildren(h("section", { className: "card", ariaLabel: "Project" }, h("h2", null, "No project yet"),
        h("p", null, `You are not a member of any project. A project's manager adds members: ask them to add ${this.session.user.email}.`)));
      return;
    }

    this.root.replaceChildren(
      h("section", { className: "card", ariaLabel: "Project" }, field("Project", this.project), this.projectHint, this.sharedPlan),
      this.emailCard,
      this.linkedCard,
      this.detail.element,
      this.actionsCard,
      this.status,
      this.copiedCard,
    );
    this.projectChanged();
  }

  // A new message is selected: forget everything about the previous one first.
  async show(message: ReadMessage | null): Promise<void> {
    const generation = ++this.generation;
    this.message = message;
    this.preview = null;
    this.links = [];
    this.clearMessages();
    this.detail.close();
    this.copiedCard.hidden = true;
    this.renderEmail();
    this.renderLinks();
    if (!message || this.projects.length === 0) return;

    const remembered = this.memory.recall(message.conversationId, message.from.email);
    if (remembered && this.projects.some((p) => p.id === remembered)) {
      this.project.value = remembered;
      this.projectChanged();
      this.projectHint.textContent = "Remembered for this conversation or sender.";
    } else {
      this.projectHint.textContent = "Choose the project this email belongs to.";
    }

    this.fillFormsFromMessage(message);
    await this.refresh(generation);
  }

  private roleIn(projectId: string): ProjectRole | null {
    return this.projects.find((p) => p.id === projectId)?.myRole ?? null;
  }

  private clearMessages(): void {
    say(this.status, "", "info");
    Object.values(this.formStatus).forEach((region) => say(region, "", "info"));
    this.search.clear();
  }

  private async onProjectChosen(): Promise<void> {
    this.projectChanged();
    this.clearMessages();
    this.detail.close();
    void this.refreshProject(this.project.value);
    if (!this.message) return;
    await this.memory.remember(this.message.conversationId, this.message.from.email, this.project.value);
    this.projectHint.textContent = "Remembered for this conversation and sender.";
    await this.refresh(this.generation);
  }

  // The chosen project's name in full (the select truncates it), what the role allows, and its members as owners.
  private projectChanged(): void {
    const project = this.projects.find((p) => p.id === this.project.value);
    this.project.title = project ? `${project.name} (${label(project.myRole)})` : "";
    this.renderSharedPlan();
    const acts = canCoordinate(project?.myRole);
    this.forms.hidden = !acts;
    this.readOnly.hidden = acts || !project;
    this.readOnly.textContent = project && !acts
      ? `As a ${label(project.myRole).toLowerCase()} of ${project.name} you can read it, search it and open what is linked; ${whoCoordinates} creates tasks, logs communications and raises obstacles.`
      : "";
    for (const name of ["task", "log", "obstacle"] as const) this.tabs[name].hidden = !acts;
    if (!acts) this.selectTab("search");
    else if (this.tabs.search.getAttribute("aria-selected") === "true") this.selectTab("task");
    if (project && acts) void this.loadMembers(project.id);
    else this.members = [];
  }

  private async loadMembers(projectId: string): Promise<void> {
    try {
      const members = await this.api.members(projectId);
      if (this.project.value !== projectId) return;
      this.members = members;
      this.renderOwners(true); // another project's owner would not be a member here
    } catch {
      this.members = [];
      this.renderOwners(true);
    }
  }

  // The project's members as owners; the user by default (as the server would choose), or who was already chosen.
  private renderOwners(reset = false): void {
    const me = this.session.user.email;
    const mine = this.members.find((m) => sameEmail(m.email, me))?.email ?? "";
    const chosen = reset ? mine : this.taskOwner.value || mine;
    ownerChoices(this.taskOwner, this.members, chosen || null);
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
      if (generation === this.generation && !offerChallenge(this.status, error, this.session, () => this.refresh(generation))) this.fail(this.status, error);
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
        void this.api.document(shared.webUrl).then((blob) => download(blob, "plan.xlsx")).catch((error: unknown) => this.fail(this.status, error));
      });
    }

    this.sharedPlan.replaceChildren(link, ` · published ${new Date(shared.publishedAt).toLocaleString()} by ${shared.publishedBy}`);
  }

  private renderEmail(): void {
    const message = this.message;
    const from = message ? `From ${message.from.name ?? message.from.email} <${message.from.email}>` : "";
    this.emailCard.replaceChildren(
      h("h2", null, "This email"),
      message
        ? h("div", null,
            h("div", { className: "email-subject" }, message.subject || "(no subject)"),
            h("div", { className: "muted truncate", title: from }, from))
        : h("div", { className: "muted" }, "Select a message to turn it into a task, log it, or raise an obstacle."),
    );
  }

  // Each linked item opens its detail; statuses are shown in words.
  private renderLinks(): void {
    const items = this.links.map((link) => {
      const name = `${link.number !== null ? `T-${link.number} ` : ""}${link.title}`;
      const open = h("button", { type: "button", className: "link-button" }, name);
      open.addEventListener("click", () => {
        this.linkedCard.after(this.detail.element);
        void this.detail.open({ projectId: link.projectId, type: link.type, id: link.id, number: link.number, title: link.title });
      });
      return h("li", { dataset: { type: link.type } },
        h("span", { className: "kind" }, label(link.type)),
        h("span", null, open,
          link.projectId !== this.project.value ? h("span", { className: "muted" }, ` · ${link.projectName}`) : null,
          link.matchedBy === "conversation" ? h("span", { className: "muted" }, " · in this thread") : null),
        h("span", { className: "pill", dataset: { status: link.status } }, label(link.status)));
    });
    this.linkedList.replaceChildren(...(items.length ? items : [h("li", { className: "muted" }, this.message ? "Nothing yet." : "")]));
    options(this.obstacleTask, [{ value: "", label: "None" }, ...this.links.filter((l) => l.type === "task" && l.projectId === this.project.value)
      .map((l) => ({ value: String(l.number), label: `T-${l.number} ${l.title}` }))]);
    this.renderThreadGuard();
  }

  // The thread already has tasks in this project: offer to add this email to one of them before making another.
  private renderThreadGuard(): void {
    const tasks = this.links.filter((l) => l.type === "task" && l.projectId === this.project.value && l.number !== null);
    const tracked = tasks.find((l) => l.matchedBy === "message");
    this.threadGuard.hidden = tasks.length === 0;
    this.taskButton.textContent = tasks.length ? "Create a new task" : "Create task";
    if (tracked) {
      this.threadGuard.replaceChildren(h("p", null, `This email is already tracked as T-${tracked.number}: ${tracked.title}.`));
      return;
    }
    this.threadGuard.replaceChildren(h("p", null, tasks.length === 1 ? "This thread already has a task:" : "This thread already has tasks:"),
      ...tasks.slice(0, 3).map((task) => {
        const add = h("button", { type: "button", className: "primary" }, `Add this email to T-${task.number}`);
        add.title = `Add this email to T-${task.number} ${task.title}`;
        add.addEventListener("click", () => void this.guard(add, "Adding…", this.formStatus.task, () => this.addToTask(task.number!)));
        return h("div", { className: "guard-item" }, h("span", { className: "truncate", title: task.title }, `T-${task.number} ${task.title}`), add);
      }));
  }

  private fillFormsFromMessage(message: ReadMessage): void {
    this.edited.clear();
    this.participantsFor = null;
    this.taskTitle.value = message.subject ?? "";
    this.taskStart.value = "";
    this.taskFinish.value = "";
    this.taskDescription.value = "";
    this.taskRequester.value = message.from.email;
    this.taskPriority.value = "Medium";
    this.taskPhase.value = "Executing";
    this.confirmedDates = null;
    this.renderOwners(true);
    this.logSummary.value = message.subject ?? "";
    this.resetObstacle();
    this.decisionText.value = "";
    this.decisionRationale.value = "";
    this.logParticipants.replaceChildren();
    this.taskRequesters.replaceChildren();
    // In Entra mode the mailbox's own list (immutable ids) comes with the preview; Office.js ids would not match it.
    this.renderAttachments(this.attachments.fromMailbox ? [] : message.attachments ?? []);
  }

  private resetObstacle(): void {
    this.obstacleStatement.value = "";
    this.obstacleImpact.value = "";
    this.obstacleTask.value = "";
    this.obstacleTold.querySelectorAll<HTMLInputElement>("input").forEach((box) => (box.checked = false));
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

  // The text fields take the preview's reading until the user changes them; who is team, stakeholder or new depends on
  // the project, so the participants are drawn again for each project's preview (after an action, as they were).
  private fillFormsFromPreview(preview: EmailPreview): void {
    const offer = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
      if (!this.edited.has(input)) input.value = value;
    };
    offer(this.taskTitle, preview.title);
    offer(this.taskFinish, preview.suggestedFinish ?? "");
    offer(this.taskDescription, preview.description);
    offer(this.logSummary, preview.title);
    const project = this.project.value;
    if (this.participantsFor === project) return;
    this.participantsFor = project;
    this.taskRequesters.replaceChildren(...preview.participants.map((p) => h("option", { value: p.email, label: p.name })));
    this.logParticipants.replaceChildren(h("legend", null, "Participants"), ...preview.participants.map((p) => this.person(p, "participant", true)));
    this.obstacleTold.replaceChildren(h("legend", null, "Tell"), ...preview.participants.filter((p) => !p.memberRole).map((p) => this.person(p, "told", false)));
    // In Entra mode the mailbox's own list (immutable ids) is the one to offer.
    if (preview.attachments) this.renderAttachments(preview.attachments);
  }

  private participantsFor: string | null = null;

  // Members are the team; everyone else is a stakeholder, or will become one.
  private person(participant: Participant, name: string, checked: boolean): HTMLElement {
    const box = h("input", { type: "checkbox", name, value: participant.email, checked });
    box.dataset.name = participant.name;
    const [tag, kind] = participant.memberRole
      ? [`team · ${label(participant.memberRole).toLowerCase()}`, "tag team"]
      : participant.stakeholderId ? ["stakeholder", "tag"] : ["new stakeholder", "tag new"];
    return h("label", { className: "check", title: participant.email }, box, h("span", { className: "truncate" }, `${participant.name} `), h("span", { className: kind }, tag));
  }

  private actions(): HTMLElement {
    const panels: Record<Tab, HTMLElement> = {
      task: this.form("task", () => this.createTask(), this.threadGuard, field("Title", this.taskTitle),
        h("div", { className: "row" }, field("Owner", this.taskOwner), field("Requester", this.taskRequester)), this.taskRequesters,
        h("div", { className: "row" }, field("Start", this.taskStart), field("Due", this.taskFinish)),
        h("div", { className: "row" }, field("Priority", this.taskPriority), field("Phase", this.taskPhase)),
        field("Description", this.taskDescription), this.taskAttachments),
      log: this.form("log", () => this.logCommunication(), field("Kind", this.logKind), field("Summary", this.logSummary), this.decisionFields,
        this.logParticipants),
      obstacle: this.form("obstacle", () => this.raiseObstacle(), field("What stands in the way", this.obstacleStatement), field("Impact", this.obstacleImpact),
        field("Blocks task", this.obstacleTask), this.obstacleTold),
      search: this.search.element,
    };
    const labels: Record<Tab, string> = { task: "Task", log: "Log", obstacle: "Obstacle", search: "Search" };
    const names = Object.keys(panels) as Tab[];
    const tabs = names.map((name, index) => {
      const tab = h("button", { type: "button", id: `tab-${name}`, attrs: { role: "tab", "aria-controls": `panel-${name}` } }, labels[name]);
      const panel = panels[name];
      panel.id = `panel-${name}`;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      tab.addEventListener("click", () => {
        this.selectTab(name);
        this.clearMessages();
      });
      tab.addEventListener("keydown", (event) => {
        const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        const shown = names.filter((n) => !this.tabs[n].hidden);
        const next = this.tabs[shown[(shown.indexOf(name) + step + shown.length) % shown.length]!];
        next?.click();
        next?.focus();
      });
      tab.setAttribute("aria-selected", String(index === 0));
      tab.setAttribute("tabindex", index === 0 ? "0" : "-1");
      panel.hidden = index !== 0;
      this.tabs[name] = tab;
      return tab;
    });
    this.panels = panels;
    this.forms.append(...(["task", "log", "obstacle"] as const).map((n) => panels[n]));
    return h("section", { className: "card", ariaLabel: "Actions" }, h("div", { attrs: { role: "tablist", "aria-label": "Actions" } }, ...tabs),
      this.readOnly, this.forms, panels.search);
  }

  private panels: Record<Tab, HTMLElement> | null = null;
  private readonly tabs = {} as Record<Tab, HTMLButtonElement>;

  private selectTab(name: Tab): void {
    for (const [other, panel] of Object.entries(this.panels ?? {}) as [Tab, HTMLElement][]) {
      const selected = other === name;
      panel.hidden = !selected;
      this.tabs[other].setAttribute("aria-selected", String(selected));
      this.tabs[other].setAttribute("tabindex", selected ? "0" : "-1");
    }
  }

  private form(tab: Exclude<Tab, "search">, submit: () => Promise<void>, ...children: HTMLElement[]): HTMLFormElement {
    const button = tab === "task" ? this.taskButton : tab === "log" ? this.logButton : this.obstacleButton;
    const doing = tab === "task" ? "Creating…" : tab === "log" ? "Logging…" : "Raising…";
    const form = h("form", { noValidate: false }, ...children, button, this.formStatus[tab]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.guard(button, doing, this.formStatus[tab], submit);
    });
    return form;
  }

  // While a request runs its button is busy; its result is said beside it. On failure the form keeps what was typed.
  private async guard(button: HTMLButtonElement, doing: string, region: HTMLElement, action: () => Promise<void>): Promise<void> {
    if (!this.message || !this.project.value) {
      say(region, "Choose a project first.", "error", true);
      return;
    }

    await whileBusy(button, doing, async () => {
      try {
        await action();
        // Acting on an email in a project is the strongest sign of where its thread belongs.
        await this.memory.remember(this.message!.conversationId, this.message!.from.email, this.project.value);
      } catch (error) {
        // Consent or a claims challenge: the user answers it, then the same action runs again (idempotent by design).
        if (!offerChallenge(region, error, this.session, () => this.guard(button, doing, region, action))) this.fail(region, error);
      }
    });
  }

  // A finish before the start is refused (the server would too); one in the past is allowed, once the user has seen
  // it said beside the button.
  private warnAboutDates(submitting: boolean): boolean {
    const start = this.taskStart.value;
    const finish = this.taskFinish.value;
    const key = `${start}|${finish}`;
    if (!submitting) this.taskButton.textContent = this.threadGuard.hidden ? "Create task" : "Create a new task";
    if (start && finish && finish < start) {
      say(this.formStatus.task, `The due date ${finish} is before the start ${start}: change one of them.`, submitting ? "error" : "warning", submitting);
      return false;
    }
    if (!finish || finish >= today() || this.confirmedDates === key) {
      if (!submitting) say(this.formStatus.task, "", "info");
      return true;
    }

    if (!submitting) {
      say(this.formStatus.task, `Note: the due date ${finish} is in the past.`, "warning");
      return false;
    }
    this.confirmedDates = key;
    say(this.formStatus.task, `Check the dates: the due date ${finish} is in the past. Change it, or create the task anyway.`, "warning", true);
    this.taskButton.textContent = "Create anyway";
    return false;
  }

  private async createTask(): Promise<void> {
    if (!this.warnAboutDates(true)) return;
    const message = this.message!;
    const generation = this.generation;
    const preview = this.preview;
    const result = await this.api.taskFromEmail(this.project.value, message, {
      title: this.taskTitle.value.trim() || null,
      owner: this.taskOwner.value || null,
      requester: this.taskRequester.value.trim() || null,
      start: this.taskStart.value || null,
      finish: this.taskFinish.value || null,
      priority: pick(priorities, this.taskPriority.value),
      phase: pick(phases, this.taskPhase.value),
      // Sent only when the user changed what the email gave, so that the server's own reading stays the default.
      description: this.edited.has(this.taskDescription) || (preview && this.taskDescription.value !== preview.description) ? this.taskDescription.value : null,
    });
    if (generation !== this.generation) return;
    const task = result.value;
    const done = result.created ? `Created ${task.key}: ${task.title}` : `Already tracked as ${task.key}: ${task.title}`;
    say(this.formStatus.task, done, "success", true);
    const copies = await this.copyAttachments(message, task.number);
    if (generation !== this.generation) return;
    if (copies.length) {
      const copied = copies.filter((c) => c.state !== "Skipped").length;
      say(this.formStatus.task, `${done} · ${copied} of ${copies.length} attachment(s) in the project's documents`, "success", true);
      this.renderCopies(copies);
    }
    this.participantsFor = null; // who is a stakeholder now may have changed
    await this.refresh(generation);
    this.reveal(generation);
  }

  private async addToTask(number: number): Promise<void> {
    const generation = this.generation;
    const result = await this.api.addEmailToTask(this.project.value, number, this.message!);
    if (generation !== this.generation) return;
    say(this.formStatus.task, result.created ? `Added this email to ${result.value.key}: ${result.value.title}` : `This email is already on ${result.value.key}.`, "success", true);
    await this.refresh(generation);
    this.reveal(generation);
  }

  private async copyAttachments(message: ReadMessage, task: number): Promise<AttachmentCopy[]> {
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
          void this.api.document(copy.webUrl!).then((blob) => download(blob, copy.name)).catch((error: unknown) => this.fail(this.status, error));
        });
      }

      const text = copy.state === "Copied" ? "Copied" : copy.state === "AlreadyCopied" ? "Already there" : "Skipped";
      return h("li", { dataset: { state: copy.state } }, h("span", { className: "kind" }, "File"),
        h("span", null, name, copy.reason ? h("span", { className: "muted" }, ` · ${copy.reason}`) : null),
        h("span", { className: "pill", dataset: { status: copy.state === "Skipped" ? "Blocked" : "Done" } }, text));
    }));
  }

  private async logCommunication(): Promise<void> {
    const message = this.message!;
    const generation = this.generation;
    const decision = this.logKind.value === "Decision";
    const participants = [...this.logParticipants.querySelectorAll<HTMLInputElement>("input:checked")]
      .map((box) => ({ name: box.dataset.name ?? null, email: box.value }));
    const entry = await this.api.logCommunication(this.project.value, {
      kind: pick(communicationKinds, this.logKind.value),
      summary: this.logSummary.value.trim(),
      participants,
      sourceEmail: message,
      decision: decision ? { text: this.decisionText.value.trim(), rationale: this.decisionRationale.value.trim() || null } : null,
    });
    if (generation !== this.generation) return;
    say(this.formStatus.log, decision
      ? `Decision logged as ${label(entry.decision?.status ?? "Proposed").toLowerCase()}: ${entry.decision?.text}. A manager approves it.`
      : `Logged ${label(entry.kind).toLowerCase()}: ${entry.summary}`, "success", true);
    this.participantsFor = null; // who is a stakeholder now may have changed
    await this.refresh(generation);
    this.reveal(generation);
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
    this.resetObstacle();
    say(this.formStatus.obstacle, `Obstacle raised: ${obstacle.statement}`, "success", true);
    this.participantsFor = null; // who is a stakeholder now may have changed
    await this.refresh(generation);
    this.reveal(generation);
  }

  // The links above the form grow after an action: the result said beside the button stays in view and focused.
  private reveal(generation: number): void {
    if (generation !== this.generation) return;
    const region = Object.values(this.formStatus).find((r) => r.textContent !== "" && !r.closest("[hidden]"));
    if (!region) return;
    region.scrollIntoView({ block: "nearest" });
    if (document.activeElement === document.body || document.activeElement === null) region.focus({ preventScroll: true });
  }

  private fail(region: HTMLElement, error: unknown): void {
    say(region, problemText(error), "error", true);
  }
}

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function sizeOf(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

