import { ApiError, CoordinatorApi } from "./api";
import type { Session } from "./auth";
import type { PaneConfig } from "./contracts";
import { h } from "./dom";
import { signIn } from "./signIn";
import { applyTheme } from "./theme";

export interface Started {
  app: HTMLElement;
  api: CoordinatorApi; // signed in
  session: Session;
  config: PaneConfig;
  inHost: boolean; // inside the Office host the pane is for; false in a plain browser (the preview)
}

// What every pane does first: find its host, follow the Office theme, sign in, show who is signed in.
// A failure shows the problem's sentence in place of the pane.
export function startPane(host: "Outlook" | "Excel", run: (started: Started) => Promise<void>): void {
  const app = document.getElementById("app")!;
  const start = async () => {
    const inHost = (await officeHost()) === host;
    applyTheme(inHost ? Office.context.officeTheme : null);
    const api = new CoordinatorApi(null);
    const config = await api.config();
    const session = await signIn(app, api, config);
    const user = document.getElementById("user")!;
    user.textContent = `${session.user.name} · ${session.user.email}`;
    user.title = user.textContent; // the header truncates it; the whole text is a hover away
    await run({ app, api: api.withToken(session.token), session, config, inHost });
  };
  void start().catch((error: unknown) => {
    console.error("The pane could not start.", error instanceof Error ? error.message : error);
    app.replaceChildren(h("div", { className: "status status-error", attrs: { role: "alert" } },
      error instanceof ApiError ? error.problem.detail : "The pane could not start. Reload it to try again."));
  });
}

function officeHost(): Promise<string | null> {
  if (typeof Office === "undefined") return Promise.resolve(null); // office.js could not load: a plain browser
  return Office.onReady().then((info) => (info.host ? String(info.host) : null));
}
