import { type CoordinatorApi, problemText } from "../shared/api";
import type { Session } from "../shared/auth";
import { offerChallenge } from "../shared/challenge";
import type { PlanReport, Project } from "../shared/contracts";
import { RecordDetail } from "../shared/details";
import { field, h, options, say, type Tone, whileBusy } from "../shared/dom";
import { canCoordinate, label, whoCoordinates } from "../shared/labels";
import { ProjectSearch } from "../shared/search";
import { documentMarks, type OpenConflict } from "./marks";
import { fromApiUnits, PlanSync, type Runner } from "./planSync";
import { SharedPlanCard } from "./sharedPlan";
import { readConnection, saveConnection } from "./workbook";

// What applied is listed up to this many cells; conflicts and refusals are always listed in full.
const listedChanges = 100;

// The Excel pane for one signed-in user: connect the workbook to a project, then load, push, refresh and shift;
// decide conflicts cell by cell, undo the last push or shift, search the project. The result of an action is said
// beside the card of the button that caused it, and takes the focus.
export class ExcelPane {
  private sync: PlanSync | null = null;
  private busy = false;
  private project: Project | null = null;

  private readonly chooser = h("select", { name: "project" });
  private readonly connectButton = h("button", { type: "button", className: "primary" }, "Connect");
  private readonly connected = h("p", { className: "email-subject" });
  private readonly connectCard = h("section", { className: "card", ariaLabel: "Workbook" });

  private readonly loadButton = h("button", { type: "button", className: "primary" }, "Load plan");
  private readonly pushButton = h("button", { type: "button" }, "Push changes");
  private readonly undoButton = h("button", { type: "button", hidden: true }, "Undo last push");
  private readonly planReason = h("p", { className: "hint reason", hidden: true });
  private readonly progress = h("progress", { max: 1, value: 0, hidden: true, ariaLabel: "Progress" });
  private readonly progressText = h("span", { className: "hint", attrs: { "aria-live": "polite" } });

  private readonly shiftMode = options(h("select", { name: "shiftMode" }),
    [{ value: "by", label: "By working days" }, { value: "to", label: "To a start date" }], "by");
  private readonly shiftDays = h("input", { name: "byDays", type: "number", step: "1", value: "1" });
  private readonly shiftDate = h("input", { name: "to", type: "date" });
  private readonly cascade = h("input", { name: "cascade", type: "checkbox", checked: true });
  private readonly shiftButton = h("button", { type: "button" }, "Shift selected task");
  private readonly scheduleButton = h("button", { type: "button" }, "Show critical path");
  private readonly shiftReason = h("p", { className: "hint reason", hidden: true });
  private readonly shiftDaysField = field("Working days (negative: earlier)", this.shiftDays);
  private readonly shiftDateField = field("New start", this.shiftDate);

  private readonly shared: SharedPlanCard;
  private readonly conflictList = h("ul", { className: "links conflicts" });
  private readonly conflictCard = h("section", { className: "card", ariaLabel: "Conflicts to decide", hidden: true },
    h("h2", null, "Conflicts to decide"),
    h("p", { className: "muted" }, "Someone changed these cells on the server while you changed them here. Each stays marked and is left out of every push until you choose."),
    this.conflictList);
  private readonly report = h("section", { className: "card", ariaLabel: "Last push", hidden: true });
  private readonly status = h("div", { className: "status", id: "pane-status" });
  private readonly work = h("div", { className: "pane-body", hidden: true });
  private readonly detail: RecordDetail;
  private readonly search: ProjectSearch;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: CoordinatorApi,
    private readonly projects: Project[],
    private readonly run: Runner,
    private readonly session: Session,
  ) {
    this.shared = new SharedPlanCard(api);
    // A task changed in its detail is read into its row again (the user's own unpushed edits of the row stay).
    this.detail = new RecordDetail(api, (projectId) => this.projects.find((p) => p.id === projectId)?.myRole ?? null, session.user.email,
      (ref) => {
        if (ref.type === "task" && ref.number !== null && this.sync && !this.busy) void this.sync.refreshTasks([ref.number]).catch(() => {});
      });
    this.search = new ProjectSearch(api, () => this.project?.id ?? null, this.detail);
  }

  async render(): Promise<void> {
    this.shiftDateField.hidden = true;
    this.shiftMode.addEventListener("change", () => {
      this.shiftDaysField.hidden = this.shiftMode.value !== "by";
      this.shiftDateField.hidden = this.shiftMode.value !== "to";
    });
    this.connectButton.addEventListener("click", () => void this.connect(this.chooser.value));
    this.loadButton.addEventListener("click", () => void this.act(this.loadButton, "Loading…", () => this.load()));
    this.pushButton.addEventListener("click", () => void this.act(this.pushButton, "Pushing…", () => this.push()));
    this.undoButton.addEventListener("click", () => void this.act(this.undoButton, "Undoing…", () => this.undo()));
    this.shiftButton.addEventListener("click", () => void this.act(this.shiftButton, "Shifting…", () => this.shift()));
    this.scheduleButton.addEventListener("click", () => void this.act(this.scheduleButton, "Reading the schedule…", () => this.schedule()));
    this.shared.publishButton.addEventListener("click", () => void this.act(this.shared.publishButton, "Publishing…", () => this.publish()));
    this.shared.openButton.addEventListener("click", () => void this.act(this.shared.openButton, "Opening…", async () => this.done(await this.shared.open(), "success")));

    this.work.append(
      h("section", { className: "card", ariaLabel: "Plan" }, h("h2", null, "Plan"),
        h("p", { className: "muted" }, "Load or refresh the Plan table from the server, or push the rows you edited. Cells in conflict stay as you have them until you decide."),
        h("div", { className: "row wrap" }, this.loadButton, this.pushButton, this.undoButton), this.planReason, this.progress, this.progressText),
      this.conflictCard,
      h("section", { className: "card", ariaLabel: "Schedule" }, h("h2", null, "Schedule"),
        h("p", { className: "muted" }, "Shift the task of the selected row; successors move with it when asked."),
        field("Shift", this.shiftMode), this.shiftDaysField, this.shiftDateField,
        h("label", { className: "check" }, this.cascade, "Move its successors too"),
        h("div", { className: "row wrap" }, this.shiftButton, this.scheduleButton), this.shiftReason),
      this.shared.element,
      this.report,
      h("section", { className: "card", ariaLabel: "Search" }, h("h2", null, "Search"), this.search.element),
      this.detail.element);
    this.root.replaceChildren(this.connectCard, this.work, this.status);

    const stored = await this.run(readConnection);
    const match = this.projects.find((p) => p.id === stored.projectId);
    if (match) {
      this.useProject(match);
      say(this.status, `This workbook is the plan of ${match.name}. Load it to bring it up to date.`, "info");
      return;
    }
    this.showChooser(stored.projectId
      ? "This workbook names a project you are not a member of. Choose one of yours to connect it to, or ask that project's manager to add you."
      : "Choose the project this workbook keeps the plan of.");
  }

  private showChooser(message: string): void {
    if (this.projects.length === 0) {
      this.connectCard.replaceChildren(h("h2", null, "No project yet"),
        h("p", null, `You are not a member of any project. A project's manager adds members: ask them to add ${this.session.user.email}.`));
      return;
    }
    options(this.chooser, this.projects.map((p) => ({ value: p.id, label: `${p.name} (${label(p.myRole)})` })));
    this.connectCard.replaceChildren(h("h2", null, "Connect this workbook"), h("p", { className: "muted" }, message),
      field("Project", this.chooser), this.connectButton);
  }

  private async connect(projectId: string): Promise<void> {
    const project = this.projects.find((p) => p.id === projectId);
    if (!project) return;
    await this.act(this.connectButton, "Connecting…", async () => {
      await this.run((context) => saveConnection(context, project.id, project.planVersion));
      this.useProject(project);
      await this.load();
    });
  }

  // What the role allows is offered; what it does not is disabled, with the reason beside it.
  private useProject(project: Project): void {
    this.project = project;
    this.sync = new PlanSync(this.api, project.id, this.run, (phase, done, total) => this.showProgress(phase, done, total), documentMarks());
    this.connected.textContent = project.name;
    this.connected.title = project.name;
    this.connectCard.replaceChildren(h("h2", null, "Project"), this.connected, h("span", { className: "hint" }, `Your role: ${label(project.myRole)}`));
    this.work.hidden = false;
    this.allowFor(project);
    this.shared.show(project);
    this.renderConflicts();
    this.renderUndo();
  }

  private allowFor(project: Project): void {
    const role = project.myRole;
    this.pushButton.disabled = role === "Viewer";
    this.shiftButton.disabled = !canCoordinate(role);
    this.planReason.hidden = role !== "Viewer" && role !== "Contributor";
    this.planReason.textContent = role === "Viewer"
      ? `As a viewer you load the plan and read it; ${whoCoordinates} pushes changes.`
      : role === "Contributor" ? "As a contributor you push the status, % complete and actual cost of the tasks you own." : "";
    this.shiftReason.hidden = canCoordinate(role);
    this.shiftReason.textContent = canCoordinate(role) ? "" : `Shifting tasks is for ${whoCoordinates}; you can show the critical path.`;
    for (const [button, reason] of [[this.pushButton, this.planReason], [this.shiftButton, this.shiftReason]] as const) {
      button.title = button.disabled ? reason.textContent ?? "" : "";
    }
    this.shared.redraw();
  }

  private async publish(): Promise<void> {
    const published = await this.shared.publish();
    this.renderReport(published.merged, "Last publish");
    const changes = published.merged.applied.length + published.merged.created.length;
    this.done(published.message + (changes ? " Refresh to bring them into this workbook." : ""), published.kind);
  }

  private async load(): Promise<void> {
    const { rows, added } = await this.sync!.refresh();
    this.loadButton.textContent = "Refresh";
    const open = this.sync!.openConflicts.length;
    this.done(`The plan is up to date: ${count(rows, "task")}${added ? `, ${added.toLocaleString()} new to this sheet` : ""}.`
      + (open ? ` ${count(open, "conflict")} still to decide.` : ""), "success");
  }

  private async push(): Promise<void> {
    const report = await this.sync!.push();
    this.renderReport(report);
    if (report.sent === 0) {
      const open = this.sync!.openConflicts.length;
      return this.done(open ? `Nothing else to push: ${count(open, "conflict")} wait for your choice.` : "Nothing to push: no row was edited since the plan was loaded.", "info");
    }
    const parts = [`${count(report.applied.length, "change")} saved`];
    if (report.created.length) parts.push(`${count(report.created.length, "task")} added`);
    if (report.conflicts.length) parts.push(`${count(report.conflicts.length, "conflict")} to decide below`);
    if (report.rowErrors.length) parts.push(`${count(report.rowErrors.length, "cell")} refused (see why below)`);
    this.done(`Pushed ${count(report.sent, "row")}: ${parts.join(", ")}.`, report.conflicts.length || report.rowErrors.length ? "warning" : "success");
  }

  private async undo(): Promise<void> {
    const report = await this.sync!.undo();
    this.renderReport(report, report.what === "push" ? "Undo of the last push" : "Undo of the last shift");
    const conflicts = report.conflicts.length;
    this.done(`Undid the last ${report.what}: ${count(report.applied.length, "value")} put back${conflicts ? `; ${count(conflicts, "cell")} changed since on the server, to decide below` : ""}. History keeps both.`,
      conflicts ? "warning" : "success");
  }

  private async shift(): Promise<void> {
    const byDays = Number(this.shiftDays.value);
    if (this.shiftMode.value === "by" && (!Number.isInteger(byDays) || byDays === 0)) throw new Error("Enter a whole number of working days other than 0.");
    if (this.shiftMode.value === "to" && !this.shiftDate.value) throw new Error("Choose the new start date.");
    const request = this.shiftMode.value === "by" ? { byDays, cascade: this.cascade.checked } : { to: this.shiftDate.value, cascade: this.cascade.checked };
    const result = await this.sync!.shiftSelected(request);
    const moved = result.moved.map((m) => `${m.key} ${m.fromStart ?? "?"} → ${m.toStart ?? "?"}`).join("; ");
    this.done(result.moved.length ? `Shifted ${result.id}: moved ${moved}.` : `${result.id} did not move.`, "success");
  }

  private async schedule(): Promise<void> {
    const { critical } = await this.sync!.showSchedule();
    this.done(`${count(critical, "critical task")} highlighted; slack in working days beside the table.`, "success");
  }

  // Each undecided conflict with both values and the two ways out.
  private renderConflicts(): void {
    const open = this.sync?.openConflicts ?? [];
    this.conflictCard.hidden = open.length === 0;
    this.conflictList.replaceChildren(...open.map((conflict) => {
      const keep = h("button", { type: "button" }, "Keep mine");
      const take = h("button", { type: "button" }, "Take the server's");
      keep.addEventListener("click", () => void this.act(keep, "Keeping…", () => this.decide(conflict, "mine")));
      take.addEventListener("click", () => void this.act(take, "Taking…", () => this.decide(conflict, "server")));
      return h("li", { className: "conflict", dataset: { kind: "open-conflict", key: conflict.key } },
        h("span", { className: "kind" }, conflict.id),
        h("span", null, h("strong", null, conflict.column), `: yours ${show(conflict.column, conflict.workbook)}; the server's ${show(conflict.column, conflict.server)} `
          + `(was ${show(conflict.column, conflict.base)})`),
        h("span", { className: "row wrap decide" }, keep, take));
    }));
  }

  private async decide(conflict: OpenConflict, choice: "mine" | "server"): Promise<void> {
    if (choice === "mine") await this.sync!.keepMine(conflict.key);
    else await this.sync!.takeServers(conflict.key);
    const still = this.sync!.openConflicts.some((c) => c.key === conflict.key);
    this.done(still ? `${conflict.id} ${conflict.column} changed on the server again; it is still yours to decide.`
      : choice === "mine" ? `Kept your ${conflict.column} for ${conflict.id}; it is saved.` : `${conflict.id} ${conflict.column} now has the server's value.`,
    still ? "warning" : "success");
  }

  private renderUndo(): void {
    const undo = this.sync?.lastUndo ?? null;
    this.undoButton.hidden = undo === null || this.project?.myRole === "Viewer";
    this.undoButton.textContent = undo?.what === "shift" ? "Undo last shift" : "Undo last push";
  }

  // Runs one action at a time: the other buttons disabled meanwhile, its own busy; the result said beside its card.
  private async act(button: HTMLButtonElement, doing: string, action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const card = button.closest("section");
    if (card && card.parentElement) card.after(this.status);
    const buttons = [this.loadButton, this.pushButton, this.undoButton, this.shiftButton, this.scheduleButton, this.connectButton,
      this.shared.publishButton, this.shared.openButton].filter((b) => b !== button);
    const enabled = buttons.map((b) => b.disabled);
    buttons.forEach((b) => (b.disabled = true));
    say(this.status, "", "info");
    try {
      await whileBusy(button, doing, action);
    } catch (error) {
      if (!offerChallenge(this.status, error, this.session, () => this.act(button, doing, action))) this.done(problemText(error), "error");
    } finally {
      buttons.forEach((b, i) => (b.disabled = enabled[i]!));
      if (this.project) this.allowFor(this.project); // the action may have connected a project: its role decides
      // Whatever the action did (or failed half-way through), the conflicts and the undo are shown as they are now.
      this.renderConflicts();
      this.renderUndo();
      this.progress.hidden = true;
      this.progressText.textContent = "";
      this.busy = false;
    }
  }

  private done(message: string, tone: Tone): void {
    say(this.status, message, tone, true);
  }

  private showProgress(phase: string, done: number, total: number): void {
    this.progress.hidden = false;
    this.progress.max = Math.max(total, 1);
    this.progress.value = done;
    this.progressText.textContent = `${phase}: ${done.toLocaleString()} of ${total.toLocaleString()}`;
  }

  // Row by row, as the user reads the sheet: what applied, what conflicted and what was refused.
  private renderReport(report: PlanReport, title = "Last push"): void {
    const items: HTMLElement[] = [];
    for (const a of report.applied.slice(0, listedChanges)) {
      items.push(h("li", { dataset: { kind: "applied", row: String(a.row) } }, h("span", { className: "kind" }, `Row ${a.row}`),
        h("span", null, `${a.id} ${a.column}: ${show(a.column, a.from)} → ${show(a.column, a.to)}`), h("span", { className: "pill", dataset: { status: "Done" } }, "Saved")));
    }
    for (const c of report.created.slice(0, listedChanges)) {
      items.push(h("li", { dataset: { kind: "created", row: String(c.row) } }, h("span", { className: "kind" }, `Row ${c.row}`),
        h("span", null, `Added as ${c.key}`), h("span", { className: "pill", dataset: { status: "Done" } }, "Added")));
    }
    for (const c of report.conflicts) {
      items.push(h("li", { dataset: { kind: "conflict", row: String(c.row) } }, h("span", { className: "kind" }, `Row ${c.row}`),
        h("span", null, `${c.id} ${c.column}: the server has ${show(c.column, c.server)}, you have ${show(c.column, c.workbook)}. Decide it under "Conflicts to decide".`),
        h("span", { className: "pill", dataset: { status: "Blocked" } }, "Conflict")));
    }
    for (const e of report.rowErrors) {
      items.push(h("li", { dataset: { kind: "error", row: String(e.row) } }, h("span", { className: "kind" }, `Row ${e.row}`),
        h("span", null, `${e.id ?? "New row"}${e.column ? ` ${e.column}` : ""}: ${e.detail}`), h("span", { className: "pill", dataset: { status: "Blocked" } }, "Refused")));
    }
    const unlisted = Math.max(0, report.applied.length - listedChanges) + Math.max(0, report.created.length - listedChanges);
    if (unlisted > 0) items.push(h("li", { className: "muted" }, `… and ${unlisted.toLocaleString()} more saved changes and added rows.`));
    this.report.hidden = false;
    this.report.setAttribute("aria-label", title);
    this.report.replaceChildren(h("h2", null, title),
      items.length ? h("ul", { className: "links" }, ...items) : h("p", { className: "muted" }, "Nothing was edited."));
  }
}

// A value of a report as the sheet shows it: a label for a status, a percent for % complete, "(empty)" for nothing.
function show(column: string, value: string | null): string {
  if (value === null || value === "") return "(empty)";
  if (column === "% Complete") return `${value}%`;
  if (column === "Status" || column === "Phase" || column === "Priority") return label(value);
  const cell = fromApiUnits(column, value);
  return typeof cell === "boolean" ? (cell ? "yes" : "no") : String(value);
}

const count = (n: number, noun: string) => `${n.toLocaleString()} ${noun}${n === 1 ? "" : "s"}`;
