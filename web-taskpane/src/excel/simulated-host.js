// A simulated Excel host, for the browser preview (/excel/?workbook=simulated) and the browser tests: the subset of
// the Excel JavaScript API the pane uses (Excel.run, context.sync, load, custom properties, worksheets, tables, ranges
// with values / numberFormat / fill, the selection) over an in-memory grid. The tests load it where
// https://appsforoffice.microsoft.com/lib/1/hosted/office.js would; the preview imports it before the pane starts.
// It renders the Plan table beside the pane as an HTML grid with its fills. As in Excel, text that starts with "="
// becomes a formula unless the cell's number format is "@" (this host does not compute formulas: they show #NAME?).
(() => {
  const sheets = [];
  const tables = [];
  const properties = new Map();
  const settings = new Map(); // Office.context.document.settings
  let selection = null; // { sheet, row, col } (0-based)

  const sheetNamed = (name) => sheets.find((s) => s.name === name);
  const newSheet = (name) => {
    const sheet = { name, cells: new Map(), frozenRows: 0 };
    sheets.push(sheet);
    return sheet;
  };
  const cellOf = (sheet, row, col) => {
    const key = `${row},${col}`;
    if (!sheet.cells.has(key)) sheet.cells.set(key, { value: "", formula: null, format: "General", fill: null });
    return sheet.cells.get(key);
  };

  // Office.js values: the formula's text is kept and its value is an error, unless the cell is text ("@").
  const writeValue = (cell, value) => {
    if (typeof value === "string" && value.startsWith("=") && cell.format !== "@") {
      cell.formula = value;
      cell.value = "#NAME?";
      return;
    }
    cell.formula = null;
    cell.value = value === null || value === undefined ? "" : value;
  };

  // What a person types into a cell: Excel reads dates, numbers, percents and TRUE/FALSE unless the cell is text.
  const typeValue = (cell, text) => {
    if (cell.format === "@" || text === "") return writeValue(cell, text);
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (date) return writeValue(cell, Date.UTC(+date[1], +date[2] - 1, +date[3]) / 86400000 + 25569);
    if (/^-?\d+(\.\d+)?%$/.test(text)) return writeValue(cell, Number(text.slice(0, -1)) / 100);
    if (/^-?\d+(\.\d+)?$/.test(text)) return writeValue(cell, Number(text));
    if (/^(true|false)$/i.test(text)) return writeValue(cell, text.toUpperCase() === "TRUE");
    return writeValue(cell, text);
  };

  const display = (cell) => {
    if (cell.formula) return cell.value;
    if (typeof cell.value === "number") {
      if (/y/.test(cell.format)) return new Date(Math.round((Math.floor(cell.value) - 25569) * 86400000)).toISOString().slice(0, 10);
      if (cell.format.endsWith("%")) return `${Math.round(cell.value * 100)}%`;
    }
    if (typeof cell.value === "boolean") return cell.value ? "TRUE" : "FALSE";
    return String(cell.value);
  };

  // Proxies: properties must be loaded and synced before they are read, as in Office.js.
  class Proxy {
    constructor(context) {
      this._context = context;
      this._pending = new Set(["isNullObject"]); // known after the next sync, as in Office.js
      this._loaded = new Map();
      context._toLoad.add(this);
    }
    load(names) {
      const list = typeof names === "string" ? names.split(",").map((n) => n.trim()) : names ?? [];
      list.forEach((n) => this._pending.add(n));
      this._context._toLoad.add(this);
      return this;
    }
    _sync() {
      for (const name of this._pending) this._loaded.set(name, this._read(name));
      this._pending.clear();
    }
    _get(name) {
      if (!this._loaded.has(name)) throw new Error(`PropertyNotLoaded: ${name} was read before load() and sync().`);
      return this._loaded.get(name);
    }
    get isNullObject() {
      return this._get("isNullObject");
    }
  }

  class Fill extends Proxy {
    constructor(range) {
      super(range._context);
      this._range = range;
    }
    _read(name) {
      if (name === "isNullObject") return false;
      const fills = new Set(this._range._cells().map((c) => c.fill ?? "#FFFFFF"));
      return fills.size === 1 ? [...fills][0] : null;
    }
    get color() { return this._get("color"); }
    set color(value) { this._range._cells().forEach((c) => (c.fill = value)); }
    clear() { this._range._cells().forEach((c) => (c.fill = null)); }
  }

  class Range extends Proxy {
    constructor(context, sheet, row, col, rows, cols) {
      super(context);
      Object.assign(this, { _sheet: sheet, _row: row, _col: col, _rows: rows, _cols: cols });
      const fill = new Fill(this);
      this.format = { fill, font: { set bold(value) { this._bold = value; } } };
    }
    _cells() {
      const cells = [];
      for (let r = 0; r < this._rows; r++) for (let c = 0; c < this._cols; c++) cells.push(cellOf(this._sheet, this._row + r, this._col + c));
      return cells;
    }
    _matrix(pick) {
      return Array.from({ length: this._rows }, (_, r) => Array.from({ length: this._cols }, (_, c) => pick(cellOf(this._sheet, this._row + r, this._col + c))));
    }
    _assign(matrix, put) {
      if (matrix.length !== this._rows || matrix.some((row) => row.length !== this._cols)) {
        throw new Error(`InvalidArgument: ${matrix.length} row(s) given for a range of ${this._rows} x ${this._cols}.`);
      }
      matrix.forEach((row, r) => row.forEach((value, c) => put(cellOf(this._sheet, this._row + r, this._col + c), value)));
    }
    _read(name) {
      switch (name) {
        case "isNullObject": return false;
        case "values": return this._matrix((c) => c.value);
        case "formulas": return this._matrix((c) => c.formula ?? c.value);
        case "numberFormat": return this._matrix((c) => c.format);
        case "rowIndex": return this._row;
        case "columnIndex": return this._col;
        case "rowCount": return this._rows;
        case "columnCount": return this._cols;
        default: throw new Error(`This host does not simulate Range.${name}.`);
      }
    }
    get values() { return this._get("values"); }
    set values(matrix) {
      window.__excel.largestWrite = Math.max(window.__excel.largestWrite, matrix.length);
      this._assign(matrix, writeValue);
    }
    get numberFormat() { return this._get("numberFormat"); }
    set numberFormat(matrix) { this._assign(matrix, (cell, format) => (cell.format = format)); }
    get rowIndex() { return this._get("rowIndex"); }
    get columnIndex() { return this._get("columnIndex"); }
    get rowCount() { return this._get("rowCount"); }
    get columnCount() { return this._get("columnCount"); }
  }

  class Worksheet extends Proxy {
    constructor(context, sheet) {
      super(context);
      this._sheet = sheet;
      this.tables = {
        add: (where, hasHeaders) => {
          const at = typeof where === "string" ? parseAddress(where) : where;
          if (!hasHeaders) throw new Error("This host simulates tables with headers only.");
          const table = { name: `Table${tables.length + 1}`, sheet: at._sheet, row: at._row, col: at._col, rows: at._rows + (at._rows === 1 ? 1 : 0), cols: at._cols };
          tables.push(table);
          return new Table(context, table);
        },
      };
      this.freezePanes = { freezeRows: (count) => (sheet.frozenRows = count) };
    }
    _read(name) {
      if (name === "isNullObject") return !this._sheet;
      if (name === "name") return this._sheet.name;
      throw new Error(`This host does not simulate Worksheet.${name}.`);
    }
    get name() { return this._get("name"); }
    getRangeByIndexes(row, col, rows, cols) {
      if (rows < 1 || cols < 1) throw new Error("InvalidArgument: a range has at least one cell.");
      return new Range(this._context, this._sheet, row, col, rows, cols);
    }
  }

  const parseAddress = (address) => {
    const match = /^(?:(.+)!)?([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(address);
    if (!match) throw new Error(`This host reads addresses such as Plan!A1:R1, not ${address}.`);
    const column = (letters) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const sheet = sheetNamed(match[1] ?? sheets[0]?.name);
    return { _sheet: sheet, _row: +match[3] - 1, _col: column(match[2]), _rows: +match[5] - +match[3] + 1, _cols: column(match[4]) - column(match[2]) + 1 };
  };

  class Table extends Proxy {
    constructor(context, table) {
      super(context);
      this._table = table;
      this.rows = {
        add: (index, values) => {
          if (index !== undefined && index !== null) throw new Error("This host adds rows at the end of a table only.");
          const start = table.row + table.rows;
          table.rows += values.length;
          new Range(context, table.sheet, start, table.col, values.length, table.cols).values = values;
        },
      };
      this.columns = {
        add: (index, values, name) => {
          if (index !== undefined && index !== null) throw new Error("This host adds columns at the end of a table only.");
          table.cols += 1;
          writeValue(cellOf(table.sheet, table.row, table.col + table.cols - 1), name ?? `Column${table.cols}`);
        },
      };
    }
    _read(name) {
      if (name === "isNullObject") return !this._table;
      if (name === "name") return this._table.name;
      throw new Error(`This host does not simulate Table.${name}.`);
    }
    get name() { return this._get("name"); }
    set name(value) { this._table.name = value; }
    get worksheet() { return new Worksheet(this._context, this._table.sheet); }
    getHeaderRowRange() { const t = this._table; return new Range(this._context, t.sheet, t.row, t.col, 1, t.cols); }
    getRange() { const t = this._table; return new Range(this._context, t.sheet, t.row, t.col, t.rows, t.cols); }
    getDataBodyRange() { const t = this._table; return new Range(this._context, t.sheet, t.row + 1, t.col, t.rows - 1, t.cols); }
  }

  class CustomProperty extends Proxy {
    constructor(context, key) {
      super(context);
      this._key = key;
    }
    _read(name) {
      if (name === "isNullObject") return !properties.has(this._key);
      if (name === "value") return properties.get(this._key);
      if (name === "key") return this._key;
      throw new Error(`This host does not simulate CustomProperty.${name}.`);
    }
    get value() { return this._get("value"); }
  }

  class RequestContext {
    constructor() {
      this._toLoad = new Set();
      const context = this;
      this.workbook = {
        properties: {
          custom: {
            getItemOrNullObject: (key) => new CustomProperty(context, key),
            add: (key, value) => {
              properties.set(key, value);
              return new CustomProperty(context, key);
            },
          },
        },
        tables: {
          getItemOrNullObject: (name) => new Table(context, tables.find((t) => t.name === name) ?? null),
        },
        worksheets: {
          getItemOrNullObject: (name) => new Worksheet(context, sheetNamed(name) ?? null),
          add: (name) => new Worksheet(context, newSheet(name ?? `Sheet${sheets.length + 1}`)),
        },
        getSelectedRange: () => {
          const at = selection ?? { sheet: sheets[0] ?? newSheet("Sheet1"), row: 0, col: 0 };
          return new Range(context, at.sheet, at.row, at.col, 1, 1);
        },
      };
    }
    async sync() {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const proxies = [...this._toLoad];
      this._toLoad.clear();
      proxies.forEach((p) => p._sync());
      window.__excel.syncs += 1;
      render();
    }
  }

  // The Plan table (and the column beside it) as an HTML grid, with a formula bar to type into the selected cell.
  const grid = document.createElement("section");
  const bar = document.createElement("input");
  const view = document.createElement("table");
  const render = () => {
    const plan = tables.find((t) => t.name === "Plan");
    if (!plan) return;
    view.replaceChildren();
    const shown = Math.min(plan.rows, renderedRows + 1);
    for (let r = plan.row; r < plan.row + shown; r++) {
      const tr = document.createElement("tr");
      tr.dataset.row = String(r + 1);
      for (let c = plan.col; c <= plan.col + plan.cols; c++) {
        const cell = cellOf(plan.sheet, r, c);
        const td = document.createElement(r === plan.row ? "th" : "td");
        td.textContent = display(cell);
        td.dataset.row = String(r + 1);
        td.dataset.column = String(cellOf(plan.sheet, plan.row, c).value);
        if (c === plan.col + plan.cols) td.dataset.beside = "true";
        if (cell.formula) td.dataset.formula = cell.formula;
        if (cell.fill) td.style.background = cell.fill;
        if (selection && selection.sheet === plan.sheet && selection.row === r && selection.col === c) td.dataset.selected = "true";
        td.addEventListener("click", () => select(plan.sheet, r, c));
        tr.append(td);
      }
      view.append(tr);
    }
    if (shown < plan.rows) view.append(Object.assign(document.createElement("caption"), { textContent: `… and ${plan.rows - shown} more rows` }));
  };
  const renderedRows = 300; // a large plan is drawn in part, so that drawing does not dominate what is measured
  const select = (sheet, row, col) => {
    selection = { sheet, row, col };
    const cell = cellOf(sheet, row, col);
    bar.value = cell.formula ?? display(cell);
    render();
  };

  const style = document.createElement("style");
  style.textContent = `
    body { width: 340px; }
    #excel-grid { position: fixed; left: 350px; top: 0; right: 0; bottom: 0; overflow: auto; background: #fff; color: #000;
      font: 12px/18px Calibri, sans-serif; border-left: 1px solid #999; padding: 4px; }
    #excel-grid input { width: 100%; margin-bottom: 4px; font: inherit; border: 1px solid #999; min-height: 0; padding: 2px 4px; color: #000; background: #fff; }
    #excel-grid table { border-collapse: collapse; }
    #excel-grid th, #excel-grid td { border: 1px solid #d4d4d4; padding: 0 4px; white-space: nowrap; max-width: 220px; overflow: hidden; }
    #excel-grid th { background: #f3f3f3; }
    #excel-grid [data-selected] { outline: 2px solid #217346; outline-offset: -2px; }
    #excel-grid [data-formula] { color: #c00; }`;
  grid.id = "excel-grid";
  grid.setAttribute("aria-label", "Simulated Excel workbook");
  bar.setAttribute("aria-label", "Formula bar");
  bar.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !selection) return;
    typeValue(cellOf(selection.sheet, selection.row, selection.col), bar.value);
    render();
  });
  grid.append(bar, view);
  const mount = () => document.head.append(style) || document.body.append(grid);
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

  new PerformanceObserver((list) => list.getEntries().forEach((e) => {
    window.__excel.longestTaskMs = Math.max(window.__excel.longestTaskMs, Math.round(e.duration));
  })).observe({ type: "longtask", buffered: true });

  window.Excel = { run: async (batch) => batch(new RequestContext()) };
  window.Office = {
    HostType: { Outlook: "Outlook", Excel: "Excel" },
    onReady: () => Promise.resolve({ host: "Excel", platform: "OfficeOnline" }),
    context: {
      officeTheme: { bodyBackgroundColor: window.__officeBackground || "#ffffff", bodyForegroundColor: "#000000" },
      requirements: { isSetSupported: (set, version) => set === "ExcelApi" && Number(version) <= 1.7 },
      // The add-in's document settings, as Office keeps them in the workbook (values stored as JSON).
      document: {
        settings: {
          get: (name) => (settings.has(name) ? JSON.parse(settings.get(name)) : null),
          set: (name, value) => settings.set(name, JSON.stringify(value)),
          remove: (name) => settings.delete(name),
          saveAsync: (callback) => setTimeout(() => callback?.({ status: "succeeded" })),
        },
      },
    },
  };

  // For the test: the workbook's state, and the custom properties plan.xlsx would carry.
  window.__excel = {
    syncs: 0,
    largestWrite: 0, // the most rows one range write carried
    longestTaskMs: 0, // the longest main-thread task Chromium saw (the page would freeze that long)
    // A person's fill-down: one value into a Plan column on every row.
    fillColumn(column, value) {
      const plan = tables.find((t) => t.name === "Plan");
      const c = Array.from({ length: plan.cols }, (_, k) => cellOf(plan.sheet, plan.row, plan.col + k).value).indexOf(column);
      for (let r = plan.row + 1; r < plan.row + plan.rows; r++) typeValue(cellOf(plan.sheet, r, plan.col + c), String(value));
      render();
    },
    properties: () => Object.fromEntries(properties),
    settings: () => Object.fromEntries([...settings].map(([name, value]) => [name, JSON.parse(value)])),
    setProperty: (key, value) => properties.set(key, value),
    planCell(id, column) {
      const plan = tables.find((t) => t.name === "Plan");
      const headers = Array.from({ length: plan.cols }, (_, c) => cellOf(plan.sheet, plan.row, plan.col + c).value);
      const c = column === "Slack" ? plan.cols : headers.indexOf(column);
      for (let r = plan.row + 1; r < plan.row + plan.rows; r++) {
        if (cellOf(plan.sheet, r, plan.col + headers.indexOf("ID")).value === id) return { row: r + 1, ...cellOf(plan.sheet, r, plan.col + c) };
      }
      return null;
    },
  };
})();
