import { type CoordinatorApi, problemText } from "./api";
import type { Communication, Member, ProjectRole, SearchHit } from "./contracts";
import { field, h, options, say, today, whileBusy } from "./dom";
import { canCoordinate, choices, label, obstacleStatuses, whoCoordinates, workStatuses } from "./labels";

// What a linked item or a search hit points at.
export interface RecordRef {
  projectId: string;
  // What kind of record: a search hit's kinds include every email link's.
  type: SearchHit["type"];
  id: string;
  number: number | null;
  title: string;
}

// A compact detail of one record, with the actions the user's role allows (the server enforces the same rules):
// a task's status, owner, % complete and finish; an obstacle's proposed solution, owner and status through to
// resolved; a decision's approval for managers. What a role cannot do is not offered, and the pane says why.
export class RecordDetail {
  readonly element = h("section", { className: "card detail", ariaLabel: "Details", hidden: true });
  private readonly members = new Map<string, Promise<Member[]>>();
  private current: RecordRef | null = null;
  private generation = 0;

  constructor(
    private readonly api: CoordinatorApi,
    private readonly roleIn: (projectId: string) => ProjectRole | null,
    private readonly me: string,
    private readonly changed: (ref: RecordRef) => void = () => {},
  ) {}

  get shown(): RecordRef | null {
    return this.element.hidden ? null : this.current;
  }

  close(): void {
    this.generation++;
    this.current = null;
    this.element.hidden = true;
    this.element.replaceChildren();
  }

  // Opens the record (read fresh from the server) and moves the focus to its heading.
  async open(ref: RecordRef): Promise<void> {
    const generation = ++this.generation;
    this.current = ref;
    const heading = h("h2", { tabIndex: -1 }, title(ref));
    const status = h("div", { className: "status" });
    const close = h("button", { type: "button", className: "subtle close", ariaLabel: "Close the details" }, "Close");
    close.addEventListener("click", () => this.close());
    this.element.hidden = false;
    this.element.replaceChildren(h("div", { className: "detail-head" }, heading, close), h("p", { className: "muted" }, "Loading…"), status);
    heading.focus();
    try {
      const body = await this.body(ref, status);
      if (generation !== this.generation) return;
      this.element.replaceChildren(h("div", { className: "detail-head" }, heading, close), body, status);
      heading.focus({ preventScroll: true });
      heading.scrollIntoView({ block: "nearest" });
    } catch (error) {
      if (generation !== this.generation) return;
      this.element.replaceChildren(h("div", { className: "detail-head" }, heading, close), status);
      say(status, problemText(error), "error", true);
    }
  }

  private body(ref: RecordRef, status: HTMLElement): Promise<HTMLElement> {
    switch (ref.type) {
      case "task": return this.task(ref, status);
      case "obstacle": return this.obstacle(ref, status);
      case "decision": return this.decision(ref, status);
      case "communication": return this.communication(ref);
      default: return Promise.resolve(h("p", { className: "muted" }, "A stakeholder of the project: the register is in the shared plan's Stakeholders sheet."));
    }
  }

  private async task(ref: RecordRef, status: HTMLElement): Promise<HTMLElement> {
    const number = ref.number ?? Number(ref.id);
    const [task, members] = await Promise.all([this.api.task(ref.projectId, number), this.membersOf(ref.projectId)]);
    const role = this.roleIn(ref.projectId);
    const own = (task.owner ?? "").toLowerCase() === this.me.toLowerCase();
    const full = canCoordinate(role);
    const progress = full || (role === "Contributor" && own);

    const state = options(h("select", { name: "status" }), choices(workStatuses), task.status);
    const owner = ownerSelect(members, task.owner ?? null);
    const percent = h("input", { name: "percentComplete", type: "number", min: "0", max: "100", step: "1", value: String(task.percentComplete ?? 0) });
    const finish = h("input", { name: "finish", type: "date", value: task.finish ?? "" });
    const facts = h("p", { className: "muted" }, [task.priority ? `${label(task.priority)} priority` : "", task.phase ? label(task.phase) : "",
      task.start ? `starts ${task.start}` : ""].filter(Boolean).join(" · "));
    state.disabled = percent.disabled = !progress;
    owner.disabled = finish.disabled = !full;
    const why = full ? null : h("p", { className: "hint reason" }, progress
      ? `As its owner you update status and % complete; ${whoCoordinates} changes the owner and the dates.`
      : `You can read this task. ${role === "Contributor" ? "Its owner updates its progress; " : ""}${capitalise(whoCoordinates)} changes it.`);
    const save = h("button", { type: "button", className: "primary", hidden: !progress }, "Save");
    let version = task.version;
    let confirmedFinish: string | null = null; // a past finish the user chose to keep after being told
    save.addEventListener("click", () => void whileBusy(save, "Saving…", async () => {
      const done = Number(percent.value);
      if (percent.value.trim() === "" || !Number.isInteger(done) || done < 0 || done > 100) {
        return say(status, "% complete is a whole number from 0 to 100.", "error", true);
      }
      if (full && finish.value && task.start && finish.value < task.start) {
        return say(status, `The finish ${finish.value} is before the start ${task.start}: choose a later one.`, "error", true);
      }
      if (full && finish.value && finish.value !== (task.finish ?? "") && finish.value < today() && confirmedFinish !== finish.value) {
        confirmedFinish = finish.value;
        save.textContent = "Save anyway";
        return say(status, `The finish ${finish.value} is in the past. Change it, or save anyway.`, "warning", true);
      }
      save.textContent = "Save";
      const patch: Record<string, unknown> = {};
      if (state.value !== task.status) patch.status = state.value;
      if (done !== (task.percentComplete ?? 0)) patch.percentComplete = done;
      if (full && (owner.value || null) !== (task.owner ?? null)) patch.owner = owner.value || null;
      if (full && (finish.value || null) !== (task.finish ?? null)) patch.finish = finish.value || null;
      if (Object.keys(patch).length === 0) return say(status, "Nothing changed.", "info", true);
      try {
        const saved = await this.api.updateTask(ref.projectId, number, version, patch);
        version = saved.version;
        Object.assign(task, saved);
        say(status, `Saved ${saved.key}: ${label(saved.status)}, ${saved.percentComplete ?? 0}% complete.`, "success", true);
        this.changed(ref);
      } catch (error) {
        say(status, problemText(error), "error", true);
      }
    }));
    return h("div", { className: "detail-body" }, facts,
      h("div", { className: "row" }, field("Status", state), field("% complete", percent)),
      h("div", { className: "row" }, field("Owner", owner), field("Finish", finish)),
      task.description ? h("details", null, h("summary", null, "Description"), h("p", { className: "description" }, task.description)) : null,
      why, save);
  }

  private async obstacle(ref: RecordRef, status: HTMLElement): Promise<HTMLElement> {
    const [obstacle, members] = await Promise.all([this.api.obstacle(ref.projectId, ref.id), this.membersOf(ref.projectId)]);
    const full = canCoordinate(this.roleIn(ref.projectId));
    const state = options(h("select", { name: "status" }), choices(obstacleStatuses), obstacle.status);
    const solution = h("textarea", { name: "proposedSolution", rows: 3, value: obstacle.proposedSolution ?? "" });
    const owner = ownerSelect(members, obstacle.owner ?? null);
    state.disabled = solution.disabled = owner.disabled = !full;
    const save = h("button", { type: "button", className: "primary", hidden: !full }, "Save");
    let version = obstacle.version;
    save.addEventListener("click", () => void whileBusy(save, "Saving…", async () => {
      const patch: Record<string, unknown> = {};
      if (state.value !== obstacle.status) patch.status = state.value;
      if (solution.value.trim() !== (obstacle.proposedSolution ?? "")) patch.proposedSolution = solution.value.trim() || null;
      if ((owner.value || null) !== (obstacle.owner ?? null)) patch.owner = owner.value || null;
      if (Object.keys(patch).length === 0) return say(status, "Nothing changed.", "info", true);
      try {
        const saved = await this.api.updateObstacle(ref.projectId, ref.id, version, patch);
        version = saved.version;
        Object.assign(obstacle, saved);
        say(status, `Saved: the obstacle is ${label(saved.status).toLowerCase()}.`, "success", true);
        this.changed(ref);
      } catch (error) {
        say(status, problemText(error), "error", true);
      }
    }));
    return h("div", { className: "detail-body" },
      h("p", null, obstacle.statement),
      obstacle.impact ? h("p", { className: "muted" }, `Impact: ${obstacle.impact}`) : null,
      obstacle.linkedTasks?.length ? h("p", { className: "muted" }, `Blocks ${obstacle.linkedTasks.map((n) => `T-${n}`).join(", ")} while open.`) : null,
      field("Proposed solution", solution), h("div", { className: "row" }, field("Status", state), field("Owner", owner)),
      full ? null : h("p", { className: "hint reason" }, `You can read this obstacle; ${whoCoordinates} works it through to resolved.`),
      save);
  }

  private async decision(ref: RecordRef, status: HTMLElement): Promise<HTMLElement> {
    const decision = await this.api.decision(ref.projectId, ref.id);
    const role = this.roleIn(ref.projectId);
    const pill = h("span", { className: "pill", dataset: { status: decision.decision?.status ?? "Proposed" } }, label(decision.decision?.status ?? "Proposed"));
    let version = decision.version;
    const buttons: HTMLButtonElement[] = [];
    // The action that would leave the decision as it is is not offered.
    const offer = (now: string) => buttons.forEach((b) => (b.hidden = b.dataset.status === now));
    const act = (status_: "Approved" | "Rejected" | "Superseded", text: string) => {
      const button = h("button", { type: "button", className: status_ === "Approved" ? "primary" : "", dataset: { status: status_ } }, text);
      buttons.push(button);
      button.addEventListener("click", () => void whileBusy(button, "Saving…", async () => {
        try {
          const saved = await this.api.updateDecision(ref.projectId, ref.id, version, status_);
          version = saved.version;
          const now = saved.decision?.status ?? status_;
          pill.dataset.status = now;
          pill.textContent = label(now);
          offer(now);
          say(status, `The decision is ${label(now).toLowerCase()}.`, "success", true);
          this.changed(ref);
        } catch (error) {
          say(status, problemText(error), "error", true);
        }
      }));
      return button;
    };
    const actions = role === "Manager"
      ? h("div", { className: "row wrap" }, act("Approved", "Approve"), act("Rejected", "Reject"), act("Superseded", "Supersede"))
      : h("p", { className: "hint reason" }, "Only a manager of the project approves, rejects or supersedes a decision.");
    offer(decision.decision?.status ?? "Proposed");
    return h("div", { className: "detail-body" },
      h("p", null, decision.decision?.text ?? decision.summary, " ", pill),
      decision.decision?.rationale ? h("p", { className: "muted" }, `Rationale: ${decision.decision.rationale}`) : null,
      describeLog(decision), actions);
  }

  private async communication(ref: RecordRef): Promise<HTMLElement> {
    const entry = await this.api.communication(ref.projectId, ref.id);
    return h("div", { className: "detail-body" }, h("p", null, entry.summary), describeLog(entry));
  }

  private membersOf(projectId: string): Promise<Member[]> {
    if (!this.members.has(projectId)) {
      const loading = this.api.members(projectId);
      loading.catch(() => this.members.delete(projectId));
      this.members.set(projectId, loading);
    }
    return this.members.get(projectId)!;
  }
}

// The project's members as owner choices into `select`; an owner who is not (or no longer) a member is kept as they are.
export function ownerChoices(select: HTMLSelectElement, members: readonly Member[], owner: string | null): HTMLSelectElement {
  const items = [{ value: "", label: "No owner" }, ...members.map((m) => ({ value: m.email, label: m.name ? `${m.name} (${label(m.role)})` : m.email }))];
  if (owner && !members.some((m) => m.email.toLowerCase() === owner.toLowerCase())) items.push({ value: owner, label: owner });
  return options(select, items, members.find((m) => m.email.toLowerCase() === owner?.toLowerCase())?.email ?? owner ?? "");
}

const ownerSelect = (members: readonly Member[], owner: string | null) => ownerChoices(h("select", { name: "owner" }), members, owner);

function describeLog(entry: Communication): HTMLElement {
  const when = entry.occurredAt ? new Date(entry.occurredAt).toLocaleDateString() : "";
  const who = (entry.participants ?? []).map((p) => p.name ?? p.email).join(", ");
  return h("p", { className: "muted" }, [label(entry.kind), when, who ? `with ${who}` : ""].filter(Boolean).join(" · "));
}

function title(ref: RecordRef): string {
  const kind = ref.type === "task" ? `T-${ref.number ?? ref.id}` : label(ref.type);
  return `${kind}: ${ref.title}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);


