import { type CoordinatorApi, problemText } from "./api";
import type { SearchHit } from "./contracts";
import type { RecordDetail } from "./details";
import { field, h, say, whileBusy } from "./dom";
import { label } from "./labels";

// Search over the project's records (ranked by the server), each result opening its detail.
export class ProjectSearch {
  private readonly query = h("input", { name: "q", type: "search", maxLength: 200, placeholder: "Words from a task, decision, obstacle…" });
  private readonly button = h("button", { type: "submit" }, "Search");
  private readonly results = h("ul", { className: "links results", ariaLabel: "Search results" });
  private readonly status = h("div", { className: "status" });
  readonly element: HTMLFormElement;

  constructor(
    private readonly api: CoordinatorApi,
    private readonly projectId: () => string | null,
    private readonly detail: RecordDetail,
  ) {
    this.element = h("form", { className: "search", noValidate: true, ariaLabel: "Search the project" },
      h("div", { className: "row" }, field("Search this project", this.query), this.button), this.status, this.results);
    this.element.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.run();
    });
  }

  clear(): void {
    this.results.replaceChildren();
    say(this.status, "", "info");
  }

  private async run(): Promise<void> {
    const projectId = this.projectId();
    const q = this.query.value.trim();
    this.results.replaceChildren();
    if (!projectId) return say(this.status, "Choose a project first.", "error", true);
    if (!/[\p{L}\p{N}]/u.test(q)) return say(this.status, "Type a word to search for.", "error", true);
    await whileBusy(this.button, "Searching…", async () => {
      try {
        const hits = await this.api.search(projectId, q);
        this.show(projectId, hits);
        say(this.status, hits.length ? `${hits.length} result${hits.length === 1 ? "" : "s"} for “${q}”, best first.` : `Nothing matches “${q}”.`,
          hits.length ? "info" : "warning", true);
      } catch (error) {
        say(this.status, problemText(error), "error", true);
      }
    });
  }

  private show(projectId: string, hits: readonly SearchHit[]): void {
    this.results.replaceChildren(...hits.map((hit) => {
      const open = h("button", { type: "button", className: "link-button" }, hit.type === "task" ? `T-${hit.number} ${hit.title}` : hit.title);
      open.addEventListener("click", () => {
        this.results.after(this.detail.element);
        void this.detail.open({ projectId, type: hit.type, id: hit.id, number: hit.number, title: hit.title });
      });
      return h("li", { dataset: { type: hit.type } }, h("span", { className: "kind" }, label(hit.type)),
        h("span", null, open, hit.snippet && hit.snippet !== hit.title ? h("span", { className: "muted snippet" }, ` ${plain(hit.snippet)}`) : null));
    }));
  }
}

// The server marks matches in [brackets]; the pane shows the words only.
const plain = (snippet: string) => snippet.replace(/[[\]]/g, "");
