// A few DOM helpers instead of a UI framework: the panes stay small and load fast.

type Child = Node | string | null | undefined | false;
type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], "style" | "dataset">> & {
  dataset?: Record<string, string>;
  attrs?: Record<string, string>;
};

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props<K> | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const { dataset, attrs, ...rest } = props ?? {};
  Object.assign(element, rest);
  for (const [key, value] of Object.entries(dataset ?? {})) element.dataset[key] = value;
  for (const [key, value] of Object.entries(attrs ?? {})) element.setAttribute(key, value);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

let nextId = 0;

// A labelled control: the label names it for screen readers and moves focus to it when clicked.
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  control.id ||= `oc-field-${++nextId}`;
  const hintElement = hint ? h("span", { className: "hint", id: `${control.id}-hint` }, hint) : null;
  if (hintElement) control.setAttribute("aria-describedby", hintElement.id);
  return h("div", { className: "field" }, h("label", { htmlFor: control.id }, label), control, hintElement);
}

export function options(select: HTMLSelectElement, items: readonly { value: string; label: string }[], selected?: string | null): HTMLSelectElement {
  select.replaceChildren(...items.map((item) => h("option", { value: item.value, selected: item.value === selected }, item.label)));
  return select;
}

export type Tone = "info" | "success" | "warning" | "error";

// Status messages: polite for success, assertive for errors and warnings, always in text. With `focus` the message
// takes the focus, so a screen reader reads it and the pane scrolls it into view (the result of what was just done).
export function say(region: HTMLElement, message: string | Node, kind: Tone, focus = false): void {
  region.className = `status status-${kind}`;
  region.setAttribute("role", kind === "error" || kind === "warning" ? "alert" : "status");
  region.replaceChildren(message);
  if (focus && message !== "") {
    region.tabIndex = -1;
    region.focus({ preventScroll: true });
    region.scrollIntoView({ block: "nearest" });
  }
}

// A button while its request runs: disabled, marked busy for assistive technology, and saying what it is doing.
export async function whileBusy<T>(button: HTMLButtonElement, doing: string, work: () => Promise<T>): Promise<T> {
  const text = button.textContent ?? "";
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.classList.add("busy");
  button.textContent = doing;
  try {
    return await work();
  } finally {
    if (button.textContent === doing) button.textContent = text; // unless the work gave it a new name

    button.classList.remove("busy");
    button.removeAttribute("aria-busy");
    button.disabled = false;
  }
}

// Today as the user's calendar has it (yyyy-mm-dd), for warnings about dates in the past.
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

// A file fetched with the token (a document of the server's own folder), handed to the browser as a download.
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
