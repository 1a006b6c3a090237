import type { PlanCell, PlanRow } from "../shared/contracts";
import { label, nameOf, phases, priorities, workStatuses } from "../shared/labels";

// The Plan table's columns in the order of DESIGN.md "The shared workbook"; the server's rows use these names.
export const planColumns = [
  "ID", "Task", "Phase", "Owner", "Status", "Priority", "Start", "Finish", "Baseline Start", "Baseline Finish", "Duration (days)",
  "% Complete", "Predecessors", "Planned Cost", "Actual Cost", "Milestone", "Source", "Version",
] as const;

// The columns a push sends; ID, Duration, Source and Version are shown, never imported.
export const editableColumns: readonly string[] = [
  "Task", "Phase", "Owner", "Status", "Priority", "Start", "Finish", "Baseline Start", "Baseline Finish", "% Complete", "Predecessors",
  "Planned Cost", "Actual Cost", "Milestone",
];

const dateColumns = new Set(["Start", "Finish", "Baseline Start", "Baseline Finish"]);

// The sheet shows these enum values as labels ("Not started"); the server keeps the names ("NotStarted").
const enumColumns: Record<string, readonly string[]> = { Status: workStatuses, Phase: phases, Priority: priorities };
const textColumns = new Set(["ID", "Task", "Phase", "Owner", "Status", "Priority", "Predecessors", "Source"]);

// A cell as Office.js reads and writes it (range.values); "" is an empty cell.
export type SheetValue = string | number | boolean;

// Text columns are "@" so that a title such as "=SUM(A1)" stays text: set before any value is written.
export function numberFormatOf(column: string): string {
  if (textColumns.has(column)) return "@";
  if (dateColumns.has(column)) return "yyyy-mm-dd";
  if (column === "% Complete") return "0%";
  if (column === "Planned Cost" || column === "Actual Cost") return "#,##0.00";
  if (column === "Duration (days)" || column === "Version") return "0";
  return "General";
}

// Excel's 1900 date system: serial 25569 is 1970-01-01 (serials after 1900-02-28 only, as every plan date is).
const unixEpochSerial = 25569;
const dayMs = 86_400_000;

export function dateToSerial(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / dayMs + unixEpochSerial;
}

export function serialToDate(serial: number): string {
  return new Date(Math.round((Math.floor(serial) - unixEpochSerial) * dayMs)).toISOString().slice(0, 10);
}

// Server -> sheet: dates become Excel dates, enum names labels, null an empty cell; the rest as it comes.
export function toSheet(column: string, value: PlanCell | undefined): SheetValue {
  if (value === null || value === undefined) return "";
  if (dateColumns.has(column) && typeof value === "string") return dateToSerial(value) ?? value;
  if (column in enumColumns && typeof value === "string") return label(value);
  return value;
}

// Sheet -> server: Excel dates become yyyy-MM-dd, labels enum names, an empty cell clears (null), other text is sent
// as typed (an unknown status is the server's to refuse, with its reason).
export function toApi(column: string, value: SheetValue | null | undefined): PlanCell {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "string" && value.trim() === "") return null;
  if (dateColumns.has(column) && typeof value === "number") return serialToDate(value);
  if (column in enumColumns && typeof value === "string") return nameOf(value, enumColumns[column]!) ?? value.trim();
  if (column === "Version" && typeof value === "string" && /^\d+$/.test(value.trim())) return Number(value.trim());
  return value;
}

// A row's Version as the API reads it: a number, or its digits as text; a boolean is no version.
export function versionOf(value: SheetValue | null | undefined): number | string | null {
  const cell = toApi("Version", value);
  return typeof cell === "boolean" ? null : cell;
}

// The same cell in one comparable form, so that a date loaded as text and read back as a serial is no edit.
function comparable(column: string, value: PlanCell | undefined): string {
  const cell = value === undefined ? null : value;
  if (cell === null) return "";
  if (column in enumColumns && typeof cell === "string") return nameOf(cell, enumColumns[column]!) ?? cell.trim();
  if (dateColumns.has(column) && typeof cell === "number") return serialToDate(cell);
  if (typeof cell === "number") return String(Math.round(cell * 1e9) / 1e9);
  return typeof cell === "string" ? cell.trim() : String(cell);
}

// A row of the sheet as the pane reads it: its sheet row number and its cells by header.
export interface SheetRow {
  row: number;
  cells: Record<string, SheetValue>;
}

// What a push sends: rows the user edited since the load (their changed editable cells with ID and Version), rows the
// pane has no load for (all editable cells: the server's three-way merge ignores unchanged ones) and new rows (no ID).
// A new row without a Phase takes the one of the nearest row above that has one, as an import of the sheet would.
export function editedRows(sheet: readonly SheetRow[], loaded: ReadonlyMap<string, PlanRow>): PlanRow[] {
  const changes: PlanRow[] = [];
  let phaseAbove: PlanCell = null;
  for (const { row, cells } of [...sheet].sort((a, b) => a.row - b.row)) {
    const id = toApi("ID", cells.ID);
    const phase = toApi("Phase", cells.Phase);
    if (id === null) {
      const created: PlanRow = { Row: row };
      for (const column of editableColumns) {
        const value = toApi(column, cells[column]);
        if (value !== null) created[column] = value;
      }
      if (Object.keys(created).length > 1) {
        if (phase === null && phaseAbove !== null) created.Phase = phaseAbove;
        changes.push(created);
      }
      phaseAbove = phase ?? phaseAbove;
      continue;
    }

    phaseAbove = phase ?? phaseAbove;

    const key = String(id).trim();
    const before = loaded.get(key);
    const change: PlanRow = { Row: row, ID: key, Version: before?.Version ?? versionOf(cells.Version) };
    let edited = false;
    for (const column of editableColumns) {
      if (!(column in cells)) continue; // a column the user removed is unchanged, not cleared
      const now = toApi(column, cells[column]);
      if (before && comparable(column, before[column]) === comparable(column, now)) continue;
      change[column] = now;
      edited = true;
    }
    if (edited) changes.push(change);
  }
  return changes;
}

// Splits work into batches so that each Excel sync and each request stays small.
export function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

// Lets Excel and the pane breathe between batches.
export const yieldToHost = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
