import { describe, expect, it } from "vitest";
import { batches, dateToSerial, editedRows, numberFormatOf, planColumns, serialToDate, toApi, toSheet } from "./cells";
import type { PlanRow } from "../shared/contracts";

describe("cell conversion", () => {
  it("turns the server's dates into Excel dates and back", () => {
    expect(dateToSerial("2026-12-07")).toBe(46363);
    expect(dateToSerial("1970-01-01")).toBe(25569);
    expect(serialToDate(46363)).toBe("2026-12-07");
    expect(serialToDate(46363.75)).toBe("2026-12-07");
    expect(toSheet("Finish", "2026-12-07")).toBe(46363);
    expect(toApi("Finish", 46363)).toBe("2026-12-07");
  });

  it("writes empty cells for null and sends null (clear) for empty cells", () => {
    expect(toSheet("Owner", null)).toBe("");
    expect(toSheet("Planned Cost", undefined)).toBe("");
    expect(toApi("Owner", "")).toBeNull();
    expect(toApi("Task", "   ")).toBeNull();
  });

  it("keeps text, numbers, percentages and booleans as they are", () => {
    expect(toSheet("Task", "=SUM(A1)")).toBe("=SUM(A1)");
    expect(toSheet("% Complete", 0.35)).toBe(0.35);
    expect(toSheet("Milestone", true)).toBe(true);
    expect(toApi("% Complete", 0.5)).toBe(0.5);
    expect(toApi("Milestone", false)).toBe(false);
    expect(toApi("Version", "7")).toBe(7);
    expect(toApi("Finish", "next week")).toBe("next week"); // the server says what is wrong with it
  });

  it("gives text columns the text format, dates a date format and % Complete a percent format", () => {
    expect(planColumns.filter((c) => numberFormatOf(c) === "@")).toEqual(["ID", "Task", "Phase", "Owner", "Status", "Priority", "Predecessors", "Source"]);
    expect(numberFormatOf("Baseline Finish")).toBe("yyyy-mm-dd");
    expect(numberFormatOf("% Complete")).toBe("0%");
    expect(numberFormatOf("Actual Cost")).toBe("#,##0.00");
  });
});

describe("editedRows", () => {
  const loaded = new Map<string, PlanRow>([
    ["T-1", { ID: "T-1", Task: "Book the venue", Phase: "Executing", Finish: "2026-12-09", "% Complete": 0.5, Owner: "bob@contoso.com", Milestone: false, Version: 3 }],
    ["T-2", { ID: "T-2", Task: "Print badges", Finish: "2026-12-10", "% Complete": 0, Owner: null, Milestone: false, Version: 1 }],
  ]);
  const sheetRow = (row: number, cells: Record<string, string | number | boolean>) => ({ row, cells });

  it("sends only the changed cells of an edited row, with its ID, Version and sheet row", () => {
    const sheet = [
      sheetRow(2, { ID: "T-1", Task: "Book the venue", Finish: 46366, "% Complete": 0.5, Owner: "bob@contoso.com", Milestone: false, Version: 3 }),
      sheetRow(3, { ID: "T-2", Task: "Print badges", Finish: 46366, "% Complete": 0, Owner: "", Milestone: false, Version: 1 }),
    ];

    expect(editedRows(sheet, loaded)).toEqual([
      { Row: 2, ID: "T-1", Version: 3, Finish: "2026-12-10" },
    ]);
  });

  it("clears a cell the user emptied and leaves a column the user removed unchanged", () => {
    const sheet = [sheetRow(2, { ID: "T-1", Task: "Book the venue", Finish: 46365, "% Complete": 0.5, Owner: "", Version: 3 })];

    expect(editedRows(sheet, loaded)).toEqual([{ Row: 2, ID: "T-1", Version: 3, Owner: null }]);
  });

  it("sends a row without ID as a new task, and skips blank rows", () => {
    const sheet = [
      sheetRow(4, { ID: "", Task: "Order the banners", Finish: 46370, "% Complete": "", Owner: "", Version: "" }),
      sheetRow(5, { ID: "", Task: "", Finish: "", Version: "" }),
    ];

    expect(editedRows(sheet, loaded)).toEqual([{ Row: 4, Task: "Order the banners", Finish: "2026-12-14" }]);
  });

  it("gives a new row without a Phase the phase of the nearest row above that has one, as an import would", () => {
    const sheet = [
      sheetRow(4, { ID: "", Task: "Draft the agenda", Phase: "" }),
      sheetRow(2, { ID: "T-1", Task: "Book the venue", Phase: "Executing", Finish: 46365, "% Complete": 0.5, Owner: "bob@contoso.com", Milestone: false, Version: 3 }),
      sheetRow(3, { ID: "", Task: "Hire a photographer", Phase: "" }),
      sheetRow(5, { ID: "", Task: "Thank the speakers", Phase: "Closing" }),
    ];
    const first = [sheetRow(2, { ID: "", Task: "Kick-off", Phase: "" })];

    expect(editedRows(sheet, loaded)).toEqual([
      { Row: 3, Task: "Hire a photographer", Phase: "Executing" },
      { Row: 4, Task: "Draft the agenda", Phase: "Executing" },
      { Row: 5, Task: "Thank the speakers", Phase: "Closing" },
    ]);
    expect(editedRows(first, loaded)).toEqual([{ Row: 2, Task: "Kick-off" }]);
  });

  it("sends every editable cell of a row it did not load, for the server's three-way merge", () => {
    const sheet = [sheetRow(7, { ID: "T-9", Task: "Ship demo units", Finish: 46366, Duration: 3, Source: "RE: units", Version: 4 })];

    expect(editedRows(sheet, loaded)).toEqual([{ Row: 7, ID: "T-9", Version: 4, Task: "Ship demo units", Finish: "2026-12-10" }]);
  });
});

describe("batches", () => {
  it("splits 5,000 rows into batches of at most 500, keeping every row once and in order", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => i);

    const result = batches(rows, 500);

    expect(result).toHaveLength(10);
    expect(result.every((b) => b.length === 500)).toBe(true);
    expect(result.flat()).toEqual(rows);
    expect(batches(rows.slice(0, 1201), 500).map((b) => b.length)).toEqual([500, 500, 201]);
  });
});

describe("enum labels", () => {
  it("shows Status, Phase and Priority as labels and sends the names back, whatever the case typed", () => {
    expect(toSheet("Status", "NotStarted")).toBe("Not started");
    expect(toSheet("Phase", "Controlling")).toBe("Controlling");
    expect(toApi("Status", "in progress")).toBe("InProgress");
    expect(toApi("Status", "Not started")).toBe("NotStarted");
    expect(toApi("Status", "Finished")).toBe("Finished"); // not a status: the server refuses it with its reason
  });

  it("does not take a label shown for the name loaded as an edit", () => {
    const loaded = new Map<string, PlanRow>([["T-1", { ID: "T-1", Status: "NotStarted", Version: 1 }]]);
    expect(editedRows([{ row: 2, cells: { ID: "T-1", Status: "Not started", Version: 1 } }], loaded)).toEqual([]);
    expect(editedRows([{ row: 2, cells: { ID: "T-1", Status: "Done", Version: 1 } }], loaded)).toEqual([{ Row: 2, ID: "T-1", Version: 1, Status: "Done" }]);
  });
});
