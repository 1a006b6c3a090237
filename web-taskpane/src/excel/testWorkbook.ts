import { OfficeMockObject } from "office-addin-mock";

// For unit tests: a workbook over an in-memory grid behind office-addin-mock, with the Excel calls the pane makes.
// Ranges read live (the browser test's host checks load/sync strictly); every write is logged in order.
export interface Cell {
  value: string | number | boolean;
  format: string;
  fill: string | null;
}

export class TestWorkbook {
  readonly cells = new Map<string, Cell>();
  readonly properties = new Map<string, unknown>();
  readonly log: string[] = [];
  table: { row: number; col: number; rows: number; cols: number } | null = null;
  selection = { row: 0, col: 0 };
  syncs = 0;

  cell(row: number, col: number): Cell {
    const key = `${row},${col}`;
    if (!this.cells.has(key)) this.cells.set(key, { value: "", format: "General", fill: null });
    return this.cells.get(key)!;
  }

  // The value a Plan cell holds, by task ID and header (or "Slack", the column beside the table).
  planCell(id: string, header: string): Cell | undefined {
    const t = this.table!;
    const headers = Array.from({ length: t.cols }, (_, c) => this.cell(t.row, t.col + c).value);
    const column = header === "Slack" ? t.cols : headers.indexOf(header);
    for (let r = t.row + 1; r < t.row + t.rows; r++) {
      if (this.cell(r, t.col + headers.indexOf("ID")).value === id) return this.cell(r, t.col + column);
    }
    return undefined;
  }

  range(row: number, col: number, rows: number, cols: number) {
    const book = this;
    const cells = () => Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => book.cell(row + r, col + c)));
    const where = `R${row + 1}C${col + 1}:${rows}x${cols}`;
    return {
      rowIndex: row, columnIndex: col, rowCount: rows, columnCount: cols,
      load() { return this; },
      get values() { return cells().map((line) => line.map((c) => c.value)); },
      set values(matrix: (string | number | boolean)[][]) {
        book.log.push(`values ${where}`);
        cells().forEach((line, r) => line.forEach((c, k) => {
          const value = matrix[r]![k]!;
          // As Excel does: text starting with "=" becomes a formula unless the cell is text ("@").
          c.value = typeof value === "string" && value.startsWith("=") && c.format !== "@" ? "#NAME?" : value;
        }));
      },
      set numberFormat(matrix: string[][]) {
        book.log.push(`numberFormat ${where}`);
        cells().forEach((line, r) => line.forEach((c, k) => (c.format = matrix[r]![k]!)));
      },
      format: {
        font: { bold: false },
        fill: {
          load() { return this; },
          get color(): string | null { const fills = new Set(cells().flat().map((c) => c.fill ?? "#FFFFFF")); return fills.size === 1 ? [...fills][0]! : null; },
          set color(value: string | null) { book.log.push(`fill ${where} ${value}`); cells().flat().forEach((c) => (c.fill = value)); },
          clear() { book.log.push(`clear ${where}`); cells().flat().forEach((c) => (c.fill = null)); },
        },
      },
    };
  }

  context(): Excel.RequestContext {
    const book = this;
    const sheet = {
      getRangeByIndexes: (r: number, c: number, rows: number, cols: number) => book.range(r, c, rows, cols),
      tables: {
        add: (range: { rowIndex: number; columnIndex: number; columnCount: number }) => {
          book.table = { row: range.rowIndex, col: range.columnIndex, rows: 2, cols: range.columnCount }; // header and one blank row, as Excel makes it
          return tableProxy();
        },
      },
      freezePanes: { freezeRows: () => book.log.push("freeze") },
    };
    const tableProxy = () => {
      const t = book.table;
      return {
        isNullObject: t === null,
        worksheet: sheet,
        name: "Plan",
        load() { return this; },
        getHeaderRowRange: () => book.range(t!.row, t!.col, 1, t!.cols),
        getDataBodyRange: () => book.range(t!.row + 1, t!.col, t!.rows - 1, t!.cols),
        rows: { add: (_: unknown, values: unknown[][]) => { book.log.push(`rows.add ${values.length}`); t!.rows += values.length; } },
        columns: { add: (_: unknown, __: unknown, name: string) => { t!.cols += 1; book.cell(t!.row, t!.col + t!.cols - 1).value = name; } },
      };
    };
    const property = (key: string) => ({ isNullObject: !book.properties.has(key), value: book.properties.get(key), load() { return this; } });
    const mock = new OfficeMockObject({
      host: "excel",
      workbook: {
        properties: { custom: { getItemOrNullObject: property, add: (key: string, value: unknown) => book.properties.set(key, value) } },
        tables: { getItemOrNullObject: () => tableProxy() },
        worksheets: { getItemOrNullObject: () => ({ isNullObject: true }), add: () => sheet },
        getSelectedRange: () => book.range(book.selection.row, book.selection.col, 1, 1),
      },
    });
    const sync = mock.sync.bind(mock);
    (mock as unknown as { sync: () => Promise<void> }).sync = async () => {
      book.syncs += 1;
      await sync();
    };
    return mock as unknown as Excel.RequestContext;
  }

  runner() {
    return <T>(batch: (context: Excel.RequestContext) => Promise<T>) => batch(this.context());
  }
}
