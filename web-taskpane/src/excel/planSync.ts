import type { CoordinatorApi } from "../shared/api";
import type { PlanCell, PlanReport, PlanRow, ShiftRequest, ShiftResult } from "../shared/contracts";
import { batches, editedRows, type SheetRow, toApi, versionOf, yieldToHost } from "./cells";
import { type MarkStore, type OpenConflict, paneMemory } from "./marks";
import {
  addMissingColumns, conflictFill, createPlanTable, criticalFill, findPlanTable, markCells, type PlanTable, readPlanRows, saveConnection,
  selectedTaskId, unmarkCells, writeCreatedIds, writePlanRows, writeSlack,
} from "./workbook";

export type Runner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
export type Progress = (phase: string, done: number, total: number) => void;

export const pageSize = 500; // the API's largest page
export const sheetBatch = 500; // rows per context.sync()
export const pushBatch = 1000; // rows per /plan/changes request
export const maxNamedTasks = 1000; // task numbers per /plan/rows?tasks= request

// What the last push or shift changed, as the rows that put the earlier values back (with the versions it left).
export interface Undo {
  what: "push" | "shift";
  rows: PlanRow[];
  cells: number;
}

// Keeps the workbook's Plan table in step with one project: what was loaded (to find the user's edits), the conflict
// marks the pane set and the critical-row highlights, each with the fill it replaced.
export class PlanSync {
  private loaded = new Map<string, PlanRow>();
  private conflictMarks = new Map<string, string | null>(); // "T-3|Task" -> the cell's own fill
  private criticalMarks = new Map<string, string | null>(); // "T-3" -> the row's own fill
  private conflicts = new Map<string, OpenConflict>(); // undecided: never pushed until the user chooses
  planVersion: number | null = null;
  lastUndo: Undo | null = null;

  constructor(
    private readonly api: CoordinatorApi,
    readonly projectId: string,
    private readonly run: Runner,
    private readonly progress: Progress = () => {},
    private readonly store: MarkStore = paneMemory,
  ) {
    const saved = store.load(projectId);
    saved?.conflicts.forEach(([key, previous]) => this.conflictMarks.set(key, previous));
    saved?.critical.forEach(([key, previous]) => this.criticalMarks.set(key, previous));
    saved?.open?.forEach((conflict) => this.conflicts.set(conflict.key, conflict));
  }

  private saveMarks(): Promise<void> {
    return this.store.save(this.projectId, { conflicts: [...this.conflictMarks], critical: [...this.criticalMarks], open: [...this.conflicts.values()] });
  }

  get openConflicts(): OpenConflict[] {
    return [...this.conflicts.values()];
  }

  // A conflict the server reported, kept undecided; returns its key.
  private open(c: PlanReport["conflicts"][number]): string {
    const key = `${c.id}|${c.column}`;
    this.conflicts.set(key, { key, id: c.id, column: c.column, base: c.base, server: c.server, workbook: c.workbook });
    return key;
  }

  private conflictKeys(): Set<string> {
    return new Set(this.conflicts.keys());
  }

  get marked(): ReadonlySet<string> {
    return new Set(this.conflictMarks.keys());
  }

  // Every Plan row of the project (or of the given tasks), a page per request.
  async fetchRows(tasks?: readonly number[]): Promise<PlanRow[]> {
    const rows: PlanRow[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.api.planRows(this.projectId, pageSize, cursor, tasks);
      rows.push(...page.rows);
      this.planVersion = page.planVersion;
      cursor = page.nextCursor;
      this.progress("Reading the plan from the server", rows.length, rows.length + (cursor ? pageSize : 0));
    } while (cursor);
    return rows;
  }

  // Loads (or refreshes) the whole plan. Cells named in `keep` (undecided conflicts, refused edits) keep the
  // workbook's value; every other conflict mark is cleared.
  async refresh(keep: ReadonlySet<string> = this.conflictKeys()): Promise<{ rows: number; added: number }> {
    const server = await this.fetchRows();
    const result = await this.run(async (context) => {
      const plan = await addMissingColumns(context, (await findPlanTable(context)) ?? (await createPlanTable(context)));
      const current = await readPlanRows(context, plan, sheetBatch, (d, t) => this.progress("Reading the sheet", d, t));
      const written = await writePlanRows(context, plan, current, server,
        { batchSize: sheetBatch, keep, progress: (d, t) => this.progress("Writing the plan", d, t) });
      await this.remark(context, plan, written.rows, keep);
      await saveConnection(context, this.projectId, this.planVersion ?? 0);
      return written;
    });
    this.loaded = new Map(server.map((r) => [String(r.ID), r]));
    await this.saveMarks();
    return { rows: server.length, added: result.added };
  }

  // Sends the rows the user edited, in batches, then refreshes keeping the conflicting and refused cells as typed.
  async push(): Promise<PlanReport & { sent: number }> {
    const changes = await this.run(async (context) => {
      const plan = await findPlanTable(context);
      if (!plan) throw new Error("There is no Plan table in this workbook yet: load the plan first.");
      return editedRows(await readPlanRows(context, plan, sheetBatch, (d, t) => this.progress("Reading the sheet", d, t)), this.loaded);
    }).then((rows) => this.withoutConflicts(rows));

    const report: PlanReport = { applied: [], created: [], conflicts: [], rowErrors: [], missing: [], warnings: [] };
    let sent = 0;
    for (const batch of batches(changes, pushBatch)) {
      const part = await this.api.planChanges(this.projectId, batch);
      report.applied.push(...part.applied);
      report.created.push(...part.created);
      report.conflicts.push(...part.conflicts);
      report.rowErrors.push(...part.rowErrors);
      sent += batch.length;
      this.progress("Sending your changes", sent, changes.length);
      await yieldToHost();
    }

    if (report.created.length > 0) {
      await this.run(async (context) => writeCreatedIds(context, (await findPlanTable(context))!, report.created));
    }

    report.conflicts.forEach((c) => this.open(c));
    const keep = this.conflictKeys();
    for (const error of report.rowErrors) {
      const sentRow = changes.find((c) => c.Row === error.row);
      if (!error.id || !sentRow) continue;
      const columns = error.column ? [error.column] : Object.keys(sentRow).filter((c) => !["Row", "ID", "Version"].includes(c));
      columns.forEach((column) => keep.add(`${error.id}|${column}`));
    }
    await this.refresh(keep);
    // What this push changed is what "Undo last push" puts back; a push that changed nothing leaves nothing to undo.
    if (changes.length) this.lastUndo = report.applied.length ? { what: "push", rows: this.undoRows(report.applied), cells: report.applied.length } : null;
    return { ...report, sent: changes.length };
  }

  // A cell in conflict is left out of every push until the user decides it; a row left with nothing is not sent.
  private withoutConflicts(rows: PlanRow[]): PlanRow[] {
    if (this.conflicts.size === 0) return rows;
    return rows.filter((row) => {
      if (row.ID === undefined) return true;
      let edited = false;
      for (const column of Object.keys(row)) {
        if (["Row", "ID", "Version"].includes(column)) continue;
        if (this.conflicts.has(`${row.ID}|${column}`)) delete row[column];
        else edited = true;
      }
      return edited;
    });
  }

  // The rows that put back what `applied` changed, each with the task's version after the change (as the server
  // returned it, else as the refresh read it): pushed again, they are ordinary edits, or conflicts if changed since.
  private undoRows(applied: PlanReport["applied"]): PlanRow[] {
    const rows = new Map<string, PlanRow>();
    for (const cell of applied) {
      const row = rows.get(cell.id) ?? { ID: cell.id, Version: cell.version ?? this.loaded.get(cell.id)?.Version ?? null };
      row[cell.column] = fromApiUnits(cell.column, cell.from);
      if (cell.version !== undefined && cell.version !== null) row.Version = Math.max(Number(row.Version ?? 0), cell.version);
      rows.set(cell.id, row);
    }
    return [...rows.values()];
  }

  // "Keep mine": the workbook's value, pushed as an edit of the server's current row (its version as last read).
  async keepMine(key: string): Promise<PlanReport> {
    const conflict = this.conflicts.get(key);
    if (!conflict) throw new Error("That conflict is already decided.");
    const { row, value, version } = await this.run(async (context) => {
      const plan = await findPlanTable(context);
      if (!plan) throw new Error("There is no Plan table in this workbook yet: load the plan first.");
      const sheetRow = (await readPlanRows(context, plan, sheetBatch)).find((r) => String(r.cells.ID ?? "").trim() === conflict.id);
      if (!sheetRow) throw new Error(`${conflict.id} is no longer in the Plan table; refresh to bring it back.`);
      // Before any load this session the sheet's Version cell is the version the workbook was last refreshed at.
      return { row: sheetRow.row, value: toApi(conflict.column, sheetRow.cells[conflict.column]), version: versionOf(sheetRow.cells.Version) };
    }).then(({ row, value, version }) => ({ row, value, version: this.loaded.get(conflict.id)?.Version ?? version }));
    const report = await this.api.planChanges(this.projectId,
      [{ Row: row, ID: conflict.id, Version: version, [conflict.column]: value }]);
    if (report.rowErrors.length) throw new Error(report.rowErrors.map((e) => e.detail).join(" "));
    if (report.conflicts.length) {
      const again = report.conflicts[0]!; // changed once more on the server meanwhile: still undecided, with its new value
      this.conflicts.set(key, { ...conflict, server: again.server, workbook: again.workbook });
      await this.refreshTasks([taskNumber(conflict.id)]);
      return report;
    }
    this.conflicts.delete(key);
    await this.refreshTasks([taskNumber(conflict.id)]);
    if (report.applied.length) this.lastUndo = { what: "push", rows: this.undoRows(report.applied), cells: report.applied.length };
    return report;
  }

  // "Take the server's": the server's value goes into the cell and the conflict is gone.
  async takeServers(key: string): Promise<void> {
    const conflict = this.conflicts.get(key);
    if (!conflict) throw new Error("That conflict is already decided.");
    this.conflicts.delete(key);
    await this.refreshTasks([taskNumber(conflict.id)], { except: new Set([key]) });
  }

  // Undo of the last push or shift: a new push of the earlier values (history shows both).
  async undo(): Promise<PlanReport & { what: Undo["what"] }> {
    const undo = this.lastUndo;
    if (!undo) throw new Error("There is nothing to undo.");
    const rows = await this.run(async (context) => {
      const plan = await findPlanTable(context);
      const at = rowsById(plan ? await readPlanRows(context, plan, sheetBatch) : []);
      return undo.rows.map((r) => ({ ...r, Row: at.get(String(r.ID)) ?? 1 }));
    });
    const report = await this.api.planChanges(this.projectId, rows);
    const earlier = new Map<string, PlanCell>();
    for (const c of report.conflicts) {
      // Changed on the server since: the earlier value goes into the cell, as the user's side of the conflict.
      earlier.set(this.open(c), fromApiUnits(c.column, c.workbook));
    }
    this.lastUndo = null;
    await this.refreshTasks(undo.rows.map((r) => taskNumber(String(r.ID))), { write: earlier });
    return { ...report, what: undo.what };
  }

  // Reads the given tasks' rows again and writes them. Undecided conflicts and the user's other unpushed edits of those
  // rows stay as the user has them, except the cells named in `except` (the server's value is wanted there); `write`
  // puts given values into cells (the user's side of a conflict an undo met).
  async refreshTasks(numbers: readonly number[], options: { except?: ReadonlySet<string>; write?: ReadonlyMap<string, PlanCell> } = {}): Promise<void> {
    const fresh: PlanRow[] = [];
    for (const some of batches([...new Set(numbers)], maxNamedTasks)) fresh.push(...(await this.fetchRows(some)));
    const ids = new Set(fresh.map((r) => String(r.ID)));
    await this.run(async (context) => {
      const plan = (await findPlanTable(context))!;
      const current = await readPlanRows(context, plan, sheetBatch);
      const keep = this.conflictKeys();
      const mine = current.filter((r) => ids.has(String(r.cells.ID ?? "").trim()));
      for (const edit of editedRows(mine, this.loaded)) {
        for (const column of Object.keys(edit)) {
          if (!["Row", "ID", "Version"].includes(column)) keep.add(`${edit.ID}|${column}`);
        }
      }
      options.except?.forEach((key) => keep.delete(key));
      const rows = fresh.map((row) => {
        const written = { ...row };
        for (const [key, value] of options.write ?? []) {
          const [id, column] = key.split("|") as [string, string];
          if (id === String(row.ID)) {
            written[column] = value;
            keep.delete(key);
          }
        }
        return written;
      });
      const result = await writePlanRows(context, plan, current, rows, { batchSize: sheetBatch, keep });
      await this.remark(context, plan, result.rows, this.conflictKeys());
      await saveConnection(context, this.projectId, this.planVersion ?? 0);
    });
    fresh.forEach((r) => this.loaded.set(String(r.ID), r));
    await this.saveMarks();
  }

  // Moves the task of the selected row (and its successors), rewrites the moved rows, then shows the schedule.
  async shiftSelected(shift: ShiftRequest): Promise<ShiftResult & { id: string }> {
    const id = await this.run(async (context) => {
      const plan = await findPlanTable(context);
      return plan ? selectedTaskId(context, plan) : null;
    });
    const number = id ? Number(/^T-(\d+)$/i.exec(id)?.[1]) : NaN;
    if (!id || !Number.isInteger(number)) throw new Error("Select a cell in the row of a task in the Plan table first.");

    const result = await this.api.shiftTask(this.projectId, number, shift);
    const moved: PlanRow[] = [];
    for (const some of batches(result.moved.map((m) => m.number), maxNamedTasks)) {
      moved.push(...(await this.fetchRows(some)));
    }
    await this.run(async (context) => {
      const plan = (await findPlanTable(context))!;
      const current = await readPlanRows(context, plan, sheetBatch);
      await writePlanRows(context, plan, current, moved, { batchSize: sheetBatch, keep: this.marked });
      await saveConnection(context, this.projectId, result.planVersion);
    });
    moved.forEach((r) => this.loaded.set(String(r.ID), r));
    if (result.moved.length) {
      this.lastUndo = {
        what: "shift",
        rows: result.moved.map((m) => ({ ID: m.key, Version: m.version ?? this.loaded.get(m.key)?.Version ?? null, Start: m.fromStart, Finish: m.fromFinish })),
        cells: result.moved.length,
      };
    }
    await this.showSchedule();
    return { ...result, id };
  }

  // Critical rows highlighted and the Slack column beside the table, from the engine's schedule.
  async showSchedule(): Promise<{ critical: number }> {
    const schedule = await this.api.schedule(this.projectId);
    const slack = new Map(schedule.tasks.map((t) => [t.key, t.totalSlack]));
    const critical = new Set(schedule.tasks.filter((t) => t.critical).map((t) => t.key));
    await this.run(async (context) => {
      const plan = await findPlanTable(context);
      if (!plan) throw new Error("There is no Plan table in this workbook yet: load the plan first.");
      const rows = await readPlanRows(context, plan, sheetBatch);
      await writeSlack(context, plan, rows, slack);
      const rowOf = rowsById(rows);
      const gone = [...this.criticalMarks].filter(([key]) => !critical.has(key) && rowOf.has(key));
      await unmarkCells(context, plan, gone.map(([key, previous]) => ({ row: rowOf.get(key)!, column: "*", previous })));
      gone.forEach(([key]) => this.criticalMarks.delete(key));
      const added = [...critical].filter((key) => !this.criticalMarks.has(key) && rowOf.has(key));
      const marks = await markCells(context, plan, added.map((key) => ({ key, row: rowOf.get(key)!, column: "*" })), criticalFill);
      marks.forEach((m) => this.criticalMarks.set(m.key, m.previous));
      await this.remark(context, plan, rows, this.marked); // conflict marks stay on top of the row highlight
    });
    await this.saveMarks();
    return { critical: critical.size };
  }

  // Clears the conflict marks no longer wanted and marks the wanted ones (found by task ID, wherever the row is now).
  private async remark(context: Excel.RequestContext, plan: PlanTable, rows: readonly SheetRow[], wanted: ReadonlySet<string>): Promise<void> {
    const rowOf = rowsById(rows);
    const at = (key: string) => {
      const [id, column] = key.split("|") as [string, string];
      return { key, row: rowOf.get(id) ?? -1, column };
    };
    const resolved = [...this.conflictMarks].filter(([key]) => !wanted.has(key));
    await unmarkCells(context, plan, resolved.map(([key, previous]) => ({ ...at(key), previous })).filter((c) => c.row > 0));
    resolved.forEach(([key]) => this.conflictMarks.delete(key));
    const marks = await markCells(context, plan, [...wanted].map(at).filter((c) => c.row > 0), conflictFill);
    marks.forEach((m) => this.conflictMarks.set(m.key, this.conflictMarks.has(m.key) ? this.conflictMarks.get(m.key)! : m.previous));
  }
}

const taskNumber = (id: string) => Number(/^T-(\d+)$/i.exec(id.trim())?.[1]);

// A value of a push report ("API units": % as 0–100, money and dates as text) back in the cell form /plan/changes takes.
export function fromApiUnits(column: string, value: string | null): PlanCell {
  if (value === null) return null;
  if (column === "% Complete") return Number(value) / 100;
  if (column === "Planned Cost" || column === "Actual Cost") return Number(value);
  if (column === "Milestone") return value.toLowerCase() === "true";
  return value;
}

function rowsById(rows: readonly SheetRow[]): Map<string, number> {
  return new Map(rows.map((r) => [String(r.cells.ID ?? "").trim(), r.row]));
}
