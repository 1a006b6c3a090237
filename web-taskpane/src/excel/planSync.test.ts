import { describe, expect, it } from "vitest";
import type { CoordinatorApi } from "../shared/api";
import type { PlanReport, PlanRow } from "../shared/contracts";
import { planColumns } from "./cells";
import type { MarkStore, SavedMarks } from "./marks";
import { PlanSync } from "./planSync";
import { TestWorkbook } from "./testWorkbook";
import { conflictFill, planVersionProperty, projectIdProperty, readConnection, saveConnection } from "./workbook";

const row = (n: number, more: PlanRow = {}): PlanRow => ({
  ID: `T-${n}`, Task: `Task ${n}`, Phase: "Executing", Owner: "bob@contoso.com", Status: "NotStarted", Priority: "Medium",
  Start: "2026-12-07", Finish: "2026-12-09", "Baseline Start": null, "Baseline Finish": null, "Duration (days)": 3, "% Complete": 0.25,
  Predecessors: null, "Planned Cost": 1200.5, "Actual Cost": null, Milestone: false, Source: null, Version: 1, ...more,
});

// The server side: the plan in pages of 500, and a queue of reports for /plan/changes (what was sent is kept).
function server(rows: PlanRow[], reports: PlanReport[] = []) {
  const sent: PlanRow[][] = [];
  const asked: (readonly number[] | undefined)[] = []; // the tasks each /plan/rows request named
  const api = {
    planRows: async (_: string, limit: number, cursor: string | null, tasks?: readonly number[]) => {
      asked.push(tasks);
      const picked = tasks ? rows.filter((r) => tasks.includes(Number(String(r.ID).slice(2)))) : rows;
      const start = Number(cursor ?? 0);
      const next = start + limit < picked.length ? String(start + limit) : null;
      return { planVersion: 42, rows: picked.slice(start, start + limit), nextCursor: next };
    },
    planChanges: async (_: string, batch: PlanRow[]) => {
      sent.push(batch);
      return reports.shift() ?? { applied: [], created: [], conflicts: [], rowErrors: [], missing: [], warnings: [] };
    },
  };
  return { api: api as unknown as CoordinatorApi, sent, asked };
}

const empty: PlanReport = { applied: [], created: [], conflicts: [], rowErrors: [], missing: [], warnings: [] };

describe("connecting the workbook", () => {
  it("reads the project from the custom properties plan.xlsx carries", async () => {
    const book = new TestWorkbook();
    book.properties.set(projectIdProperty, "p-123");
    book.properties.set(planVersionProperty, "17");

    expect(await readConnection(book.context())).toEqual({ projectId: "p-123", planVersion: 17 });
  });

  it("reads nothing from a workbook that names no project", async () => {
    expect(await readConnection(new TestWorkbook().context())).toEqual({ projectId: null, planVersion: null });
  });

  it("stores only the project id and the plan version", async () => {
    const book = new TestWorkbook();

    await saveConnection(book.context(), "p-9", 5);

    expect(Object.fromEntries(book.properties)).toEqual({ [projectIdProperty]: "p-9", [planVersionProperty]: "5" });
  });
});

describe("loading the plan", () => {
  it("creates the Plan table in the DESIGN order, formats text columns as text before writing, and keeps a formula-like title as text", async () => {
    const book = new TestWorkbook();
    const { api } = server([row(1, { Task: "=SUM(A1)" }), row(2)]);

    await new PlanSync(api, "p", book.runner()).refresh();

    const headers = Array.from({ length: planColumns.length }, (_, c) => book.cell(0, c).value);
    expect(headers).toEqual([...planColumns]);
    expect(book.planCell("T-1", "Task")).toEqual({ value: "=SUM(A1)", format: "@", fill: null });
    expect(book.planCell("T-1", "Finish")).toMatchObject({ value: 46365, format: "yyyy-mm-dd" });
    expect(book.planCell("T-1", "% Complete")).toMatchObject({ value: 0.25, format: "0%" });
    expect(book.table!.rows).toBe(3); // the blank row a new table starts with took the first task
    const taskColumn = planColumns.indexOf("Task") + 1;
    expect(book.log.filter((l) => l.endsWith(`C${taskColumn}:2x1`))).toEqual([`numberFormat R2C${taskColumn}:2x1`, `values R2C${taskColumn}:2x1`]);
    expect(Object.fromEntries(book.properties)).toEqual({ [projectIdProperty]: "p", [planVersionProperty]: "42" });
  });

  it("loads 5,000 rows in batches of at most 500 rows per sync", async () => {
    const book = new TestWorkbook();
    const progress: string[] = [];
    const { api } = server(Array.from({ length: 5000 }, (_, i) => row(i + 1)));

    const result = await new PlanSync(api, "p", book.runner(), (phase, done, total) => progress.push(`${phase} ${done}/${total}`)).refresh();

    expect(result).toEqual({ rows: 5000, added: 5000 });
    expect(book.table!.rows).toBe(5001);
    const sizes = book.log.filter((l) => l.startsWith("values ") || l.startsWith("rows.add")).map((l) => Number(/(\d+)x\d+$|rows\.add (\d+)/.exec(l)!.slice(1).find(Boolean)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
    expect(book.syncs).toBeGreaterThanOrEqual(20);
    expect(progress).toContain("Writing the plan 5000/5000");
    expect(book.planCell("T-5000", "Task")!.value).toBe("Task 5000");
  }, 20_000);

  it("refreshes an existing table by ID, leaving the user's column, order and formatting alone and appending new tasks", async () => {
    const book = new TestWorkbook();
    const { api } = server([row(1), row(2)]);
    const sync = new PlanSync(api, "p", book.runner());
    await sync.refresh();
    book.table!.cols += 1; // the user adds a Notes column and a fill of their own
    book.cell(0, planColumns.length).value = "Notes";
    book.cell(2, planColumns.length).value = "call the printer";
    book.cell(2, 1).fill = "#FFFF00";

    const { api: later } = server([row(1, { Task: "Renamed", Version: 2 }), row(2), row(3)]);
    await new PlanSync(later, "p", book.runner()).refresh();

    expect(book.planCell("T-1", "Task")!.value).toBe("Renamed");
    expect(book.planCell("T-2", "Notes")!.value).toBe("call the printer");
    expect(book.planCell("T-2", "Task")!.fill).toBe("#FFFF00");
    expect(book.planCell("T-3", "Task")!.value).toBe("Task 3");
    expect(book.table!.rows).toBe(4);
  });
});

describe("pushing edits", () => {
  it("sends only the edited rows with their sheet row, keeps a conflict out of later pushes, and pushes it once the user keeps theirs", async () => {
    const book = new TestWorkbook();
    const conflict: PlanReport = { ...empty, conflicts: [{ row: 3, id: "T-2", column: "Task", base: "Task 2", server: "Server's", workbook: "Mine", serverVersion: 2 }] };
    const applied: PlanReport = { ...empty, applied: [{ row: 3, id: "T-2", column: "Task", from: "Server's", to: "Mine", version: 3 }] };
    const plan = server([row(1), row(2)], [conflict, empty, applied]);
    const sync = new PlanSync(plan.api, "p", book.runner());
    await sync.refresh();
    book.planCell("T-2", "Task")!.fill = "#FFFF00";
    book.planCell("T-2", "Task")!.value = "Mine";
    plan.api.planRows = server([row(1), row(2, { Task: "Server's", Version: 2 })]).api.planRows;

    const first = await sync.push();

    expect(plan.sent).toEqual([[{ Row: 3, ID: "T-2", Version: 1, Task: "Mine" }]]);
    expect(first.conflicts).toHaveLength(1);
    expect(book.planCell("T-2", "Task")).toMatchObject({ value: "Mine", fill: conflictFill });

    // An unrelated edit is pushed; the undecided cell is not, and stays as the user has it.
    book.planCell("T-2", "Owner")!.value = "dan@contoso.com";
    await sync.push();
    expect(plan.sent[1]).toEqual([{ Row: 3, ID: "T-2", Version: 2, Owner: "dan@contoso.com" }]);
    expect(book.planCell("T-2", "Task")).toMatchObject({ value: "Mine", fill: conflictFill });
    expect(sync.openConflicts.map((c) => c.key)).toEqual(["T-2|Task"]);

    plan.api.planRows = server([row(1), row(2, { Task: "Mine", Owner: "dan@contoso.com", Version: 3 })]).api.planRows;
    await sync.keepMine("T-2|Task");

    expect(plan.sent[2]).toEqual([{ Row: 3, ID: "T-2", Version: 2, Task: "Mine" }]);
    expect(book.planCell("T-2", "Task")).toMatchObject({ value: "Mine", fill: "#FFFF00" }); // the user's own fill is back
    expect(book.planCell("T-2", "Version")!.value).toBe(3);
    expect(sync.openConflicts).toEqual([]);
  });

  it("remembers undecided conflicts with the workbook, so a reopened pane keeps them until the user takes the server's", async () => {
    const book = new TestWorkbook();
    const saved = new Map<string, SavedMarks>();
    const store: MarkStore = { load: (id) => saved.get(id) ?? null, save: async (id, marks) => void saved.set(id, marks) };
    const conflict: PlanReport = { ...empty, conflicts: [{ row: 2, id: "T-1", column: "Task", base: "Task 1", server: "Theirs", workbook: "Mine", serverVersion: 2 }] };
    const first = server([row(1)], [conflict]);
    const before = new PlanSync(first.api, "p", book.runner(), undefined, store);
    await before.refresh();
    book.planCell("T-1", "Task")!.fill = "#DDEBF7";
    book.planCell("T-1", "Task")!.value = "Mine";
    first.api.planRows = server([row(1, { Task: "Theirs", Version: 2 })]).api.planRows;
    await before.push();
    expect(saved.get("p")!.conflicts).toEqual([["T-1|Task", "#DDEBF7"]]);

    const reopened = new PlanSync(server([row(1, { Task: "Theirs", Version: 2 })]).api, "p", book.runner(), undefined, store);
    await reopened.refresh();
    expect(book.planCell("T-1", "Task")).toMatchObject({ value: "Mine", fill: conflictFill });

    await reopened.takeServers("T-1|Task");

    expect(book.planCell("T-1", "Task")).toMatchObject({ value: "Theirs", fill: "#DDEBF7" });
    expect(saved.get("p")!.conflicts).toEqual([]);
    expect(saved.get("p")!.open).toEqual([]);
  });

  it("puts the earlier value into a cell an undo finds changed on the server, and keeps the user's other edits of the row", async () => {
    const book = new TestWorkbook();
    const applied: PlanReport = { ...empty, applied: [{ row: 2, id: "T-1", column: "Task", from: "Task 1", to: "Mine", version: 2 }] };
    const undone: PlanReport = { ...empty, conflicts: [{ row: 2, id: "T-1", column: "Task", base: "Mine", server: "Theirs", workbook: "Task 1", serverVersion: 3 }] };
    const plan = server([row(1)], [applied, undone]);
    const sync = new PlanSync(plan.api, "p", book.runner());
    await sync.refresh();
    book.planCell("T-1", "Task")!.value = "Mine";
    plan.api.planRows = server([row(1, { Task: "Mine", Version: 2 })]).api.planRows;
    await sync.push();
    book.planCell("T-1", "Owner")!.value = "dan@contoso.com"; // an edit not pushed yet

    plan.api.planRows = server([row(1, { Task: "Theirs", Version: 3 })]).api.planRows;
    await sync.undo();

    expect(book.planCell("T-1", "Task")).toMatchObject({ value: "Task 1", fill: conflictFill });
    expect(book.planCell("T-1", "Owner")!.value).toBe("dan@contoso.com");
    expect(sync.openConflicts).toEqual([expect.objectContaining({ key: "T-1|Task", server: "Theirs", workbook: "Task 1" })]);
    await sync.keepMine("T-1|Task");
    expect(plan.sent[2]).toEqual([{ Row: 2, ID: "T-1", Version: 3, Task: "Task 1" }]);
  });

  it("undoes the last push as a new push of the earlier values with the versions the server returned", async () => {
    const book = new TestWorkbook();
    const applied: PlanReport = { ...empty, applied: [
      { row: 2, id: "T-1", column: "% Complete", from: "25", to: "50", version: 2 },
      { row: 2, id: "T-1", column: "Status", from: "NotStarted", to: "InProgress", version: 2 }] };
    const plan = server([row(1)], [applied]);
    const sync = new PlanSync(plan.api, "p", book.runner());
    await sync.refresh();
    book.planCell("T-1", "% Complete")!.value = 0.5;
    book.planCell("T-1", "Status")!.value = "In progress";
    plan.api.planRows = server([row(1, { "% Complete": 0.5, Status: "InProgress", Version: 2 })]).api.planRows;
    await sync.push();
    expect(plan.sent[0]).toEqual([{ Row: 2, ID: "T-1", Version: 1, "% Complete": 0.5, Status: "InProgress" }]);

    plan.api.planRows = server([row(1, { Version: 3 })]).api.planRows;
    await sync.undo();

    expect(plan.sent[1]).toEqual([{ Row: 2, ID: "T-1", Version: 2, "% Complete": 0.25, Status: "NotStarted" }]);
    expect(book.planCell("T-1", "Status")!.value).toBe("Not started");
    expect(sync.lastUndo).toBeNull();
  });


  it("sends a row without ID as a new task and writes the server's ID into it, so the refresh fills that row", async () => {
    const book = new TestWorkbook();
    const created: PlanReport = { ...empty, created: [{ row: 3, number: 2, key: "T-2", version: 1 }] };
    const plan = server([row(1)], [created]);
    const sync = new PlanSync(plan.api, "p", book.runner());
    await sync.refresh();
    book.table!.rows += 1; // the user types a new task under the table, which grows
    book.cell(2, planColumns.indexOf("Task")).value = "Order the banners";
    plan.api.planRows = server([row(1), row(2, { Task: "Order the banners" })]).api.planRows;

    await sync.push();

    expect(plan.sent).toEqual([[{ Row: 3, Task: "Order the banners", Phase: "Executing" }]]); // the phase of the row above
    expect(book.table!.rows).toBe(3);
    expect(book.planCell("T-2", "Task")!.value).toBe("Order the banners");
    expect(book.planCell("T-2", "Finish")!.value).toBe(46365);
  });

  it("sends 5,000 edited rows in requests of at most 1,000 rows", async () => {
    const book = new TestWorkbook();
    const plan = server(Array.from({ length: 5000 }, (_, i) => row(i + 1)));
    const sync = new PlanSync(plan.api, "p", book.runner());
    await sync.refresh();
    for (let r = 1; r <= 5000; r++) book.cell(r, planColumns.indexOf("% Complete")).value = 0.5;

    const report = await sync.push();

    expect(report.sent).toBe(5000);
    expect(plan.sent.map((b) => b.length)).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(plan.sent[4]![999]).toEqual({ Row: 5001, ID: "T-5000", Version: 1, "% Complete": 0.5 });
  }, 20_000); // two 5,000-row passes: room for a machine busy with the browser tests
});

describe("shifting a task", () => {
  it("shifts the task of the selected row and reloads only the rows the server moved", async () => {
    const book = new TestWorkbook();
    const plan = server([row(1), row(2), row(3)]);
    const shifts: unknown[] = [];
    Object.assign(plan.api, {
      shiftTask: async (_: string, number: number, shift: unknown) => {
        shifts.push({ number, shift });
        return { planVersion: 43, moved: [2, 3].map((n) => ({ number: n, key: `T-${n}`, fromStart: null, fromFinish: null, toStart: null, toFinish: null })) };
      },
      schedule: async () => ({ planVersion: 43, projectFinish: null, criticalPath: [3], tasks: [] }),
    });
    const sync = new PlanSync(plan.api, "p", book.runner());
    await sync.refresh();
    book.selection = { row: 2, col: 1 }; // a cell in T-2's row
    const reload = server([row(1), row(2, { Start: "2026-12-08", Version: 2 }), row(3, { Version: 2 })]);
    plan.api.planRows = reload.api.planRows;

    const result = await sync.shiftSelected({ byDays: 3, cascade: true });

    expect(shifts).toEqual([{ number: 2, shift: { byDays: 3, cascade: true } }]);
    expect(result.id).toBe("T-2");
    expect(reload.asked).toEqual([[2, 3]]);
    expect(book.planCell("T-2", "Version")!.value).toBe(2);
    expect(book.planCell("T-3", "Version")!.value).toBe(2);
    expect(book.planCell("T-1", "Version")!.value).toBe(1);
  });
});
