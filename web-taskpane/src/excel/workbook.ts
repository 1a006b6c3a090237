import type { PlanRow } from "../shared/contracts";
import { batches, numberFormatOf, planColumns, type SheetRow, type SheetValue, toSheet, yieldToHost } from "./cells";

// The Office.js side of the Excel pane (ExcelApi 1.7 at most): small functions over a request context, no DOM.

export const projectIdProperty = "OfficeCoordinator.ProjectId";
export const planVersionProperty = "OfficeCoordinator.PlanVersion";
export const planTableName = "Plan";
export const conflictFill = "#FFC7CE"; // Excel's "Bad" red: a cell the server and the workbook both changed
export const criticalFill = "#FCE4D6"; // a light orange: rows on the critical path
export const slackHeader = "Slack";

export interface Connection {
  projectId: string | null;
  planVersion: number | null;
}

// What plan.xlsx carries, or what the pane stored when the user chose a project.
export async function readConnection(context: Excel.RequestContext): Promise<Connection> {
  const custom = context.workbook.properties.custom;
  const project = custom.getItemOrNullObject(projectIdProperty);
  const version = custom.getItemOrNullObject(planVersionProperty);
  project.load("value");
  version.load("value");
  await context.sync();
  const projectId = project.isNullObject ? "" : String(project.value ?? "").trim();
  const planVersion = version.isNullObject ? NaN : Number(version.value);
  return { projectId: projectId || null, planVersion: Number.isFinite(planVersion) ? planVersion : null };
}

// Only the project id and the plan version: never a token or anything personal.
export async function saveConnection(context: Excel.RequestContext, projectId: string, planVersion: number): Promise<void> {
  const custom = context.workbook.properties.custom;
  custom.add(projectIdProperty, projectId);
  custom.add(planVersionProperty, String(planVersion));
  await context.sync();
}

// Where the Plan table sits: its worksheet, its header names and its first data cell (0-based).
export interface PlanTable {
  sheet: Excel.Worksheet;
  table: Excel.Table;
  headers: string[];
  headerRow: number;
  firstColumn: number;
  rowCount: number;
}

export async function findPlanTable(context: Excel.RequestContext): Promise<PlanTable | null> {
  const table = context.workbook.tables.getItemOrNullObject(planTableName);
  await context.sync();
  if (table.isNullObject) return null;
  const header = table.getHeaderRowRange().load("values, rowIndex, columnIndex");
  const body = table.getDataBodyRange().load("rowCount"); // not a totals row
  await context.sync();
  return {
    sheet: table.worksheet,
    table,
    headers: (header.values[0] ?? []).map((h) => String(h).trim()),
    headerRow: header.rowIndex,
    firstColumn: header.columnIndex,
    rowCount: body.rowCount,
  };
}

// A new Plan sheet (or the existing sheet named Plan) with the table's headers in the DESIGN order, frozen.
export async function createPlanTable(context: Excel.RequestContext): Promise<PlanTable> {
  const existing = context.workbook.worksheets.getItemOrNullObject(planTableName);
  await context.sync();
  const sheet = existing.isNullObject ? context.workbook.worksheets.add(planTableName) : existing;
  const headerRange = sheet.getRangeByIndexes(0, 0, 1, planColumns.length);
  headerRange.numberFormat = [planColumns.map(() => "@")];
  headerRange.values = [[...planColumns]];
  const table = sheet.tables.add(headerRange, true);
  table.name = planTableName;
  sheet.freezePanes.freezeRows(1);
  await context.sync();
  return (await findPlanTable(context))!;
}

// Adds the Plan columns a user's table lacks, at its right end; the user's own columns stay where they are.
export async function addMissingColumns(context: Excel.RequestContext, plan: PlanTable): Promise<PlanTable> {
  const missing = planColumns.filter((c) => !plan.headers.includes(c));
  if (missing.length === 0) return plan;
  for (const column of missing) plan.table.columns.add(undefined, undefined, column);
  await context.sync();
  return { ...plan, headers: [...plan.headers, ...missing] };
}

// The table's rows, read a batch per sync: their sheet row numbers (1-based) and cells by header.
export async function readPlanRows(context: Excel.RequestContext, plan: PlanTable, batchSize: number,
  progress?: (done: number, total: number) => void): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for (let start = 0; start < plan.rowCount; start += batchSize) {
    const count = Math.min(batchSize, plan.rowCount - start);
    const range = plan.sheet.getRangeByIndexes(plan.headerRow + 1 + start, plan.firstColumn, count, plan.headers.length).load("values");
    await context.sync();
    range.values.forEach((values, i) => {
      const cells: Record<string, SheetValue> = {};
      plan.headers.forEach((header, j) => (cells[header] = values[j] as SheetValue));
      rows.push({ row: plan.headerRow + 2 + start + i, cells });
    });
    progress?.(rows.length, plan.rowCount);
    await yieldToHost();
  }
  return rows;
}

export interface WriteResult {
  rows: SheetRow[];
  added: number;
}

// Writes the server's rows into the table: matched by ID, new tasks appended, every other row and every user column
// left as it is. Per Plan column and batch: the number format first (text columns "@"), then the values.
// `keep` names cells ("T-3|Task") whose workbook value stays (an unresolved conflict).
export async function writePlanRows(context: Excel.RequestContext, plan: PlanTable, current: SheetRow[], server: readonly PlanRow[],
  options: { batchSize: number; keep?: ReadonlySet<string>; progress?: (done: number, total: number) => void }): Promise<WriteResult> {
  const indexById = new Map<string, number>();
  current.forEach((r, i) => {
    const id = String(r.cells.ID ?? "").trim();
    if (id && !indexById.has(id)) indexById.set(id, i);
  });

  const rows = current.map((r) => ({ row: r.row, cells: { ...r.cells } }));
  const touched = new Set<number>();
  const fresh = server.filter((r) => !indexById.has(String(r.ID)));
  // Blank rows (a new table starts with one) take new tasks before the table grows.
  const blanks = rows.map((r, i) => (Object.values(r.cells).every((v) => v === "" || v === null) ? i : -1)).filter((i) => i >= 0);
  const appended = fresh.slice(blanks.length);
  for (const batch of batches(appended, options.batchSize)) {
    plan.table.rows.add(undefined, batch.map(() => plan.headers.map(() => "")));
    await context.sync();
    await yieldToHost();
  }
  fresh.forEach((r, i) => {
    const blank = blanks[i];
    if (blank !== undefined) {
      indexById.set(String(r.ID), blank);
      return;
    }
    indexById.set(String(r.ID), rows.length);
    rows.push({ row: plan.headerRow + 2 + rows.length, cells: Object.fromEntries(plan.headers.map((h) => [h, ""])) });
  });

  for (const serverRow of server) {
    const id = String(serverRow.ID);
    const index = indexById.get(id)!;
    const cells = rows[index]!.cells;
    for (const column of planColumns) {
      if (!options.keep?.has(`${id}|${column}`)) cells[column] = toSheet(column, serverRow[column]);
    }
    touched.add(index);
  }

  const columns = planColumns.map((c) => ({ name: c, index: plan.headers.indexOf(c), format: numberFormatOf(c) })).filter((c) => c.index >= 0);
  let done = 0;
  for (let start = 0; start < rows.length; start += options.batchSize) {
    const slice = rows.slice(start, start + options.batchSize);
    if (slice.some((_, i) => touched.has(start + i))) {
      for (const column of columns) {
        const range = plan.sheet.getRangeByIndexes(plan.headerRow + 1 + start, plan.firstColumn + column.index, slice.length, 1);
        range.numberFormat = slice.map(() => [column.format]);
        range.values = slice.map((r) => [r.cells[column.name] ?? ""]);
      }
      await context.sync();
      await yieldToHost();
    }
    done += slice.length;
    options.progress?.(done, rows.length);
  }

  return { rows, added: fresh.length };
}

// Writes the ID and Version of rows the server created from the sheet, so that the refresh that follows matches them.
export async function writeCreatedIds(context: Excel.RequestContext, plan: PlanTable,
  created: readonly { row: number; key: string; version: number }[]): Promise<void> {
  const cells = [["ID", "@"], ["Version", "0"]] as const;
  for (const c of created) {
    for (const [column, format] of cells) {
      const index = plan.headers.indexOf(column);
      if (index < 0) continue;
      const range = plan.sheet.getRangeByIndexes(c.row - 1, plan.firstColumn + index, 1, 1);
      range.numberFormat = [[format]];
      range.values = [[column === "ID" ? c.key : c.version]];
    }
  }
  await context.sync();
}

// A fill the pane set on a cell or row, and the fill it replaced (restored when the mark goes).
export interface Mark {
  key: string;
  previous: string | null;
}

// Marks cells (by sheet row number and column) with a fill, remembering each cell's own fill.
export async function markCells(context: Excel.RequestContext, plan: PlanTable,
  cells: readonly { key: string; row: number; column: string }[], color: string): Promise<Mark[]> {
  const targets = cells.map((c) => ({ key: c.key, range: cellRange(plan, c.row, c.column) }))
    .filter((t): t is { key: string; range: Excel.Range } => t.range !== null);
  targets.forEach((t) => t.range.format.fill.load("color"));
  await context.sync();
  const marks = targets.map((t) => ({ key: t.key, previous: t.range.format.fill.color === color ? null : t.range.format.fill.color ?? null }));
  targets.forEach((t) => (t.range.format.fill.color = color));
  await context.sync();
  return marks;
}

// Puts back what a mark replaced: the cell's own fill, or none.
export async function unmarkCells(context: Excel.RequestContext, plan: PlanTable, cells: readonly { row: number; column: string; previous: string | null }[]): Promise<void> {
  for (const c of cells) {
    const range = cellRange(plan, c.row, c.column);
    if (!range) continue;
    if (c.previous && c.previous !== "#FFFFFF") range.format.fill.color = c.previous;
    else range.format.fill.clear();
  }
  await context.sync();
}

// column "*" is the whole table row.
function cellRange(plan: PlanTable, row: number, column: string): Excel.Range | null {
  if (column === "*") return plan.sheet.getRangeByIndexes(row - 1, plan.firstColumn, 1, plan.headers.length);
  const index = plan.headers.indexOf(column);
  return index < 0 ? null : plan.sheet.getRangeByIndexes(row - 1, plan.firstColumn + index, 1, 1);
}

// The Slack column beside the table (not a table column, so it never goes back to the server).
export async function writeSlack(context: Excel.RequestContext, plan: PlanTable, rows: readonly SheetRow[], slackById: ReadonlyMap<string, number | null>): Promise<void> {
  const column = plan.firstColumn + plan.headers.length;
  const header = plan.sheet.getRangeByIndexes(plan.headerRow, column, 1, 1);
  header.values = [[slackHeader]];
  header.format.font.bold = true;
  for (const [start, slice] of batches(rows, 1000).map((b, i) => [i * 1000, b] as const)) {
    const range = plan.sheet.getRangeByIndexes(plan.headerRow + 1 + start, column, slice.length, 1);
    range.numberFormat = slice.map(() => ["0"]);
    range.values = slice.map((r) => [slackById.get(String(r.cells.ID ?? "").trim()) ?? ""]);
    await context.sync();
    await yieldToHost();
  }
}

// The task of the row the active cell is in, when that row is in the Plan table.
export async function selectedTaskId(context: Excel.RequestContext, plan: PlanTable): Promise<string | null> {
  const selection = context.workbook.getSelectedRange().load("rowIndex");
  await context.sync();
  const index = selection.rowIndex - plan.headerRow - 1;
  if (index < 0 || index >= plan.rowCount) return null;
  const idColumn = plan.headers.indexOf("ID");
  if (idColumn < 0) return null;
  const cell = plan.sheet.getRangeByIndexes(selection.rowIndex, plan.firstColumn + idColumn, 1, 1).load("values");
  await context.sync();
  const id = String(cell.values[0]?.[0] ?? "").trim();
  return id || null;
}
