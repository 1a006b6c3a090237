import { type CoordinatorApi, problemText } from "../shared/api";
import type { Session } from "../shared/auth";
import { offerChallenge } from "../shared/challenge";
import type { PlanReport, Project } from "../shared/contracts";
import { download, field, h, options, say } from "../shared/dom";

// The plan.xlsx in the project's document folder (SharePoint, OneDrive, or the server's own folder without Microsoft
// 365): where it is, when and by whom it was last published, publishing it (merging what was saved there), opening it.
export class SharedPlanCard {
  readonly publishButton = h("button", { type: "button" }, "Publish to the shared folder");
  readonly openButton = h("button", { type: "button", hidden: true }, "Open the shared plan");
  private readonly info = h("p", { className: "muted" });
  private readonly reason = h("p", { className: "hint reason", hidden: true });
  readonly element = h("section", { className: "card", ariaLabel: "Shared plan" }, h("h2", null, "Shared plan"), this.info,
    h("div", { className: "row wrap" }, this.publishButton, this.openButton), this.reason);

  private project: Project | null = null;

  constructor(private readonly api: CoordinatorApi) {}

  show(project: Project): void {
    this.project = project;
    const folder = project.documents;
    const shared = project.sharedPlan ?? null;
    const where = folder?.kind === "Local" ? "folder on the server" : `${folder?.kind} folder`;
    const allowed = project.myRole === "Manager" || project.myRole === "Coordinator";
    this.publishButton.disabled = !folder || !allowed;
    this.reason.hidden = allowed || !folder;
    this.reason.textContent = allowed ? "" : "Publishing is for a coordinator or manager of the project; you can open what they published.";
    this.publishButton.title = this.publishButton.disabled ? (folder ? this.reason.textContent : "The project has no document folder yet.") : "";
    this.openButton.hidden = !shared;
    this.info.textContent = !folder
      ? "This project has no document folder yet: a project manager sets one (SharePoint or OneDrive)."
      : shared
        ? `plan.xlsx in the project's ${where}, published ${new Date(shared.publishedAt).toLocaleString()} by ${shared.publishedBy}.`
        : `Not published yet: publishing writes plan.xlsx into the project's ${where}, where everyone opens the same file.`;
  }

  // Shows the project as last seen again (the buttons' state after an action).
  redraw(): void {
    if (this.project) this.show(this.project);
  }

  // Writes plan.xlsx into the folder; what someone saved there since the last publish is merged first.
  async publish(): Promise<{ message: string; kind: "success" | "error"; merged: PlanReport }> {
    const result = await this.api.publishPlan(this.project!.id);
    this.show(await this.api.project(this.project!.id));
    const merged = result.merged;
    const changes = merged.applied.length + merged.created.length;
    const message = `Published plan.xlsx to the shared folder${changes ? `, with ${changes} change(s) merged from the copy saved there` : ""}`
      + `${merged.conflicts.length ? `; ${merged.conflicts.length} conflict(s) kept the server's value and are listed on its Conflicts sheet` : ""}.`;
    return { message, kind: merged.conflicts.length || merged.rowErrors.length ? "error" : "success", merged };
  }

  // SharePoint and OneDrive open in the browser (Excel for the web); the server's local folder serves members only.
  async open(): Promise<string> {
    const shared = this.project?.sharedPlan;
    if (!shared) return "Nothing is published yet.";
    if (shared.webUrl.startsWith("/")) {
      download(await this.api.document(shared.webUrl), "plan.xlsx");
      return "The shared plan.xlsx is downloading; open it in Excel.";
    }

    if (typeof Office !== "undefined" && Office.context?.ui?.openBrowserWindow) Office.context.ui.openBrowserWindow(shared.webUrl);
    else window.open(shared.webUrl, "_blank", "noopener");
    return "The shared plan opens in a new window.";
  }
}

// The browser preview (outside Excel): no workbook to keep in step, but the shared plan can be published and opened.
export function previewSharedPlan(root: HTMLElement, api: CoordinatorApi, session: Session, projects: Project[]): void {
  const card = new SharedPlanCard(api);
  const status = h("div", { className: "status", id: "pane-status" });
  const project = options(h("select", { name: "project" }), projects.map((p) => ({ value: p.id, label: `${p.name} (${p.myRole})` })));
  const choose = () => {
    const chosen = projects.find((p) => p.id === project.value);
    if (chosen) card.show(chosen);
  };
  const run = async (action: () => Promise<void>): Promise<void> => {
    card.publishButton.disabled = true;
    try {
      await action();
    } catch (error) {
      if (!offerChallenge(status, error, session, () => run(action))) {
        say(status, problemText(error), "error");
      }
    } finally {
      card.redraw();
    }
  };
  project.addEventListener("change", choose);
  card.publishButton.addEventListener("click", () => void run(async () => {
    const published = await card.publish();
    say(status, published.message, published.kind);
  }));
  card.openButton.addEventListener("click", () => void run(async () => say(status, await card.open(), "success")));
  root.append(h("section", { className: "card", ariaLabel: "Project" }, field("Project", project)), card.element, status);
  if (projects.length) choose();
  else say(status, "You are not a member of any project yet.", "info");
}
