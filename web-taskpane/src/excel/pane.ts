import { ApiError, type CoordinatorApi } from "../shared/api";
import type { Session } from "../shared/auth";
import { offerChallenge } from "../shared/challenge";
import type { PlanReport, Project } from "../shared/contracts";
import { field, h, options, say } from "../shared/dom";
import { documentMarks } from "./marks";
import { PlanSync, type Runner } from "./planSync";
import { SharedPlanCard } from "./sharedPlan";
import { readConnection, saveConnection } from "./workbook";

// What applied is listed up to this many cells; conflicts and refusals are always listed in full.
const listedChanges = 100;

// The Excel pane for one signed-in user: connect the workbook to a project, then load, push, refresh and shift.
export class ExcelPane {
  private sync: PlanSync | null = null;
  private busy = false;

  private readonly project = h("select", { name: "project" });
  private readonly connectButton = h("button", { type: "button", className: "primary" }, "Connect");
  private readonly connected = h("p", { className: "email-subject" });
  private readonly connectCard = h("section", { className: "card", ariaLabel: "Workbook" });

  private readonly loadButton = h("button", { type: "button", className: "primary" }, "Load plan");
  private readonly pushButton = h("button", { type: "button" }, "Push changes");
  private readonly progress = h("progress", { max: 1, value: 0, hidden: true, ariaLabel: "Progress" });
  private readonly progressText = h("span", { className: "hint", attrs: { "aria-live": "polite" } });

  private readonly shiftMode = options(h("select", { name: "shiftMode" }),
    [{ value: "by", label: "By working days" }, { value: "to", label: "To a start date" }], "by");
  private readonly shiftDays = h("input", { name: "byDays", type: "number", step: "1", value: "1" });
  private readonly shiftDate = h("input", { name: "to", type: "date" });
  private readonly cascade = h("input", { name: "cascade", type: "checkbox", checked: true });
  private readonly shiftButton = h("button", { type: "button" }, "Shift selected task");
  private readonly scheduleButton = h("button", { type: "button" }, "Show critical path");
  private readonly shiftDaysField = field("Working days (negative: earlier)", this.shiftDays);
  private readonly shiftDateField = field("New start", this.shiftDate);

  private readonly shared: SharedPlanCard;

  private readonly report = h("section", { className: "card", ariaLabel: "Last push", hidden: true });
  private readonly status = h("div", { className: "status" });
  private readonly work = h("div", { className: "pane-body", hidden: true });

  constructor(
    private readonly root: HTMLElement,
    private readonly api: CoordinatorApi,
    private readonly projects: Project[],
    private readonly run: Runner,
    private readonly session: Session,
  ) {
    this.shared = new SharedPlanCard(api);
  }

  async render(): Promise<void> {
    this.shiftDateField.hidden = true;
    this.shiftMode.addEventListener("change", () => {
      this.shiftDaysField.hidden = this.shiftMode.value !== "by";
      this.shiftDateField.hidden = this.shiftMode.value !== "to";
    });
    this.connectButton.addEventListener("click", () => void this.connect(this.project.value));
    this.loadButton.addEventListener("click", () => void this.act(() => this.load()));
    this.pushButton.addEventListener("click", () => void this.act(() => this.push()));
    this.shiftButton.addEventListener("click", () => void this.act(() => this.shift()));
    this.scheduleButton.addEventListener("click", () => void this.act(() => this.schedule()));
    this.shared.publishButton.addEventListener("click", () => void this.act(() => this.publish()));
    this.shared.openButton.addEventListener("click", () => void this.act(async () => say(this.status, await this.shared.open(), "success")));

    this.work.append(
      h("section", { className: "card", ariaLabel: "Plan" }, h("h2", null, "Plan"),
        h("p", { className: "muted" }, "Load or refresh the Plan table from the server (the server's values replace unpushed edits), or push the rows you edited."),
        h("div", { className: "row" }, this.loadButton, this.pushButton), this.progress, this.progressText),
      h("section", { className: "card", ariaLabel: "Schedule" }, h("h2", null, "Schedule"),
        h("p", { className: "muted" }, "Shift the task of the selected row; successors move with it when asked."),
        field("Shift", this.shiftMode), this.shiftDaysField, this.shiftDateField,
        h("label", { className: "check" }, this.cascade, "Move its successors too"),
        h("div", { className: "row" }, this.shiftButton, this.scheduleButton)),
      this.shared.element,
      this.report);
    this.root.replaceChildren(this.connectCard, this.work, this.status);

    const stored = await this.run(readConnection);
    const match = this.projects.find((p) => p.id === stored.projectId);
    if (match) {
      this.useProject(match);
      say(this.status, `This workbook is the plan of ${match.name}${stored.planVersion ? ` (plan version ${stored.planVersion})` : ""}. Load it to refresh.`, "info");
      return;
    }
    this.showChooser(stored.projectId
      ? "This workbook names a project you are not a member of. Choose one of yours to connect it to."
      : "Choose the project this workbook keeps the plan of.");
  }

  private showChooser(message: string): void {
    options(this.project, this.projects.map((p) => ({ value: p.id, label: `${p.name} (${p.myRole})` })));
    this.connectCard.replaceChildren(h("h2", null, "Connect this workbook"), h("p", { className: "muted" }, message),
      field("Project", this.project), this.connectButton);
    if (this.projects.length === 0) say(this.status, "You are not a member of any project yet.", "info");
  }

  private async connect(projectId: string): Promise<void> {
    const project = this.projects.find((p) => p.id === projectId);
    if (!project) return;
    await this.act(async () => {
      await this.run((context) => saveConnection(context, project.id, project.planVersion));
      this.useProject(project);
      await this.load();
    });
  }

  private useProject(project: Project): void {
    this.sync = new PlanSync(this.api, project.id, this.run, (phase, done, total) => this.showProgress(phase, done, total), documentMarks());
    this.connected.textContent = project.name;
    this.connectCard.replaceChildren(h("h2", null, "Project"), this.connected,
      h("span", { className: "hint" }, `Your role: ${project.myRole}`));
    this.work.hidden = false;
    const readOnly = project.myRole === "Viewer";
    this.pushButton.disabled = readOnly;
    this.shiftButton.disabled = readOnly || project.myRole === "Contributor";
    this.shared.show(project);
  }

  // Writes plan.xlsx into the folder; what someone saved there since the last publish is merged first.
  private async publish(): Promise<void> {
    const published = await this.shared.publish();
    this.renderReport(published.merged, "Last publish");
    const changes = published.merged.applied.length + published.merged.created.length;
    say(this.status, published.message + (changes ? " Refresh to bring them into this workbook." : ""), published.kind);
  }

  private async load(): Promise<void> {
    const { rows, added } = await this.sync!.refresh();
    this.loadButton.textContent = "Refresh";
    say(this.status, `Loaded ${rows.toLocaleString()} tasks (${added.toLocaleString()} new rows) at plan version ${this.sync!.planVersion}.`, "success");
  }

  private async push(): Promise<void> {
    const report = await this.sync!.push();
    this.renderReport(report);
    const parts = [`${report.applied.length} change(s) applied`, `${report.created.length} task(s) added`];
    if (report.conflicts.length) parts.push(`${report.conflicts.length} conflict(s)`);
    if (report.rowErrors.length) parts.push(`${report.rowErrors.length} refused`);
    say(this.status, report.sent === 0 ? "Nothing to push: no row was edited since the plan was loaded." : `Pushed ${report.sent} row(s): ${parts.join(", ")}.`,
      report.conflicts.length || report.rowErrors.length ? "error" : "success");
  }

  private async shift(): Promise<void> {
    const byDays = Number(this.shiftDays.value);
    if (this.shiftMode.value === "by" && (!Number.isInteger(byDays) || byDays === 0)) throw new Error("Enter a whole number of working days other than 0.");
    if (this.shiftMode.value === "to" && !this.shiftDate.value) throw new Error("Choose the new start date.");
    const request = this.shiftMode.value === "by" ? { byDays, cascade: this.cascade.checked } : { to: this.shiftDate.value, cascade: this.cascade.checked };
    const result = await this.sync!.shiftSelected(request);
    const moved = result.moved.map((m) => `${m.key} ${m.fromStart ?? "?"} → ${m.toStart ?? "?"}`).join("; ");
    say(this.status, result.moved.length ? `Shifted ${result.id}: moved ${moved}.` : `${result.id} did not move.`, "success");
  }

  private async schedule(): Promise<void> {
    const { critical } = await this.sync!.showSchedule();
    say(this.status, `${critical} critical task(s) highlighted; slack in working days beside the table.`, "success");
  }

  // Runs one action at a time, the buttons disabled meanwhile, and says what went wrong in words.
  private async act(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const buttons = [this.loadButton, this.pushButton, this.shiftButton, this.scheduleButton, this.connectButton, this.shared.publishButton, this.shared.openButton];
    const enabled = buttons.map((b) => b.disabled);
    buttons.forEach((b) => (b.disabled = true));
    say(this.status, "Working…", "info");
    try {
      await action();
    } catch (error) {
      if (!offerChallenge(this.status, error, this.session, () => this.act(action))) {
        say(this.status, error instanceof ApiError ? error.problem.detail : error instanceof Error ? error.message : "That did not work.", "error");
      }
    } finally {
      buttons.forEach((b, i) => (b.disabled = enabled[i]!));
      this.progress.hidden = true;
      this.progressText.textContent = "";
      this.busy = false;
    }
  }

  private showProgress(phase: string, done: number, total: number): void {
    this.progress.hidden = false;
    this.progress.max = Math.max(total, 1);
    this.progress.value = done;
    this.progressText.textContent = `${phase}: ${done.toLocaleString()} of ${total.toLocaleString()}`;
  }

  // Row by row, as the user reads the sheet: what applied, what conflicted (base, server, workbook) and what was refused.
  private renderReport(report: PlanReport, title = "Last push"): void {
    const items: HTMLElement[] = [];
    const show = (value: string | null) => (value === null || value === "" ? "(empty)" : value);
    for (const a of report.applied.slice(0, listedChanges)) {
      items.push(h("li", { dataset: { kind: "applied", row: String(a.row) } }, h("span", { className: "kind" }, `Row ${a.row}`),
        h("span", null, `${a.id} ${a.column}: ${show(a.from)} → ${show(a.to)}`), h("span", { className: "pill", dataset: { status: "Done" } }, "Applied")));
    }
    for (const c of report.created.slice(0, listedChanges)) {
      items.push(h("li", { dataset: { kind: "created", row: String(c.row) } }, h("span", { className: "kind" }, `Row ${c.row}`),
        h("span", null, `Added as ${c.key}`), h("span", { className: "pill", dataset: { status: "Done" } }, "Added")));
    }
    for (const c of report.conflicts) {
      items.push(h("li", { dataset: { kind: "conflict", row: String(c.row) } }, h("span", { className: "kind" }, `Row ${c.row}`),
        h("span", null, `${c.id} ${c.column}: was ${show(c.base)}; the server now has ${show(c.server)} (kept); your workbook has ${show(c.workbook)}. `
          + "Push again to replace the server's value with yours, or Refresh to take the server's."),
        h("span", { className: "pill", dataset: { status: "Blocked" } }, "Conflict")));
    }
    for (const e of report.rowErrors) {
      items.push(h("li", { dataset: { kind: "error", row: String(e.row) } }, h("span", { className: "kind" }, `Row ${e.row}`),
        h("span", null, `${e.id ?? "New row"}${e.column ? ` ${e.column}` : ""}: ${e.detail}`), h("span", { className: "pill", dataset: { status: "Blocked" } }, "Refused")));
    }
    const unlisted = Math.max(0, report.applied.length - listedChanges) + Math.max(0, report.created.length - listedChanges);
    if (unlisted > 0) items.push(h("li", { className: "muted" }, `… and ${unlisted.toLocaleString()} more applied changes and added rows.`));
    this.report.hidden = false;
    this.report.setAttribute("aria-label", title);
    this.report.replaceChildren(h("h2", null, title),
      items.length ? h("ul", { className: "links" }, ...items) : h("p", { className: "muted" }, "Nothing was edited."));
  }
}
