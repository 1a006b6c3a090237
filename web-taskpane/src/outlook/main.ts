import "../shared/styles.css";
import { ApiError, CoordinatorApi } from "../shared/api";
import { signInLocally, signInWithEntra, type Session } from "../shared/auth";
import type { PaneConfig } from "../shared/contracts";
import { field, h, options, say } from "../shared/dom";
import { applyTheme } from "../shared/theme";
import { followSelection, readMessage } from "./mailbox";
import { OutlookPane } from "./pane";
import { browserStore, ProjectMemory, roamingStore } from "./projectMemory";
import { sampleMessages } from "./samples";

const app = document.getElementById("app")!;
const userLabel = document.getElementById("user")!;
const lastUserKey = "oc.devUser";

void start().catch((error: unknown) => {
  console.error("The pane could not start.", error instanceof Error ? error.message : error);
  app.replaceChildren(h("div", { className: "status status-error", attrs: { role: "alert" } },
    error instanceof ApiError ? error.problem.detail : "The pane could not start. Reload it to try again."));
});

// Inside Outlook the pane works on the selected message; outside Office it is a browser preview with sample messages.
async function start(): Promise<void> {
  const inOutlook = (await officeHost()) === "Outlook"; // Office.HostType.Outlook, without needing Office loaded
  applyTheme(inOutlook ? Office.context.officeTheme : null);

  const api = new CoordinatorApi(null);
  const config = await api.config();
  const session = config.signIn === "entra" ? await signInWithEntra(api, config) : await signInLocal(api, config);
  userLabel.textContent = `${session.user.name} · ${session.user.email}`;

  const signedIn = api.withToken(session.token);
  const memory = new ProjectMemory(inOutlook ? roamingStore(Office.context.roamingSettings) : browserStore(localStorage));
  const paneRoot = h("div", { className: "pane-body" });
  const pane = new OutlookPane(paneRoot, signedIn, memory, await signedIn.projects());
  pane.render();

  if (inOutlook) {
    const mailbox = Office.context.mailbox;
    app.replaceChildren(paneRoot);
    const showSelected = async () => pane.show(await readMessage(mailbox));
    await followSelection(mailbox, () => void showSelected());
    await showSelected();
    return;
  }

  const samples = sampleMessages();
  const picker = options(h("select", { name: "sample" }), samples.map((m, i) => ({ value: String(i), label: m.subject ?? "" })), "0");
  picker.addEventListener("change", () => void pane.show(samples[Number(picker.value)] ?? null));
  app.replaceChildren(
    h("div", { className: "banner" }, "Browser preview: outside Outlook the pane works on sample messages. ", field("Sample message", picker)),
    paneRoot);
  await pane.show(samples[0] ?? null);
}

function officeHost(): Promise<string | null> {
  if (typeof Office === "undefined") return Promise.resolve(null); // office.js could not load: a plain browser
  return Office.onReady().then((info) => (info.host ? String(info.host) : null));
}

// Local sign-in is the development endpoint: pick a demo person, or anyone by name and email.
function signInLocal(api: CoordinatorApi, config: PaneConfig): Promise<Session> {
  if (!config.devSignIn) {
    throw new ApiError({ status: 0, detail: "This service signs in with Entra ID or with tokens it is configured for; the development sign-in is off." });
  }

  const remembered = localStorage.getItem(lastUserKey);
  const people = config.demoUsers.map((u) => ({ value: u.email, label: `${u.name} (${u.role})` }));
  const who = options(h("select", { name: "user" }), [...people, { value: "", label: "Someone else…" }], remembered ?? people[0]?.value);
  const name = h("input", { name: "name", autocomplete: "name" });
  const email = h("input", { name: "email", type: "email", autocomplete: "email" });
  const other = h("div", { hidden: who.value !== "" }, field("Name", name), field("Email", email));
  const status = h("div", { className: "status" });
  const button = h("button", { type: "submit", className: "primary" }, "Sign in");
  const form = h("form", { className: "card" }, h("h2", null, "Sign in (development)"), field("Sign in as", who), other, button, status);
  who.addEventListener("change", () => (other.hidden = who.value !== ""));
  app.replaceChildren(form);

  return new Promise((resolve) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const person = config.demoUsers.find((u) => u.email === who.value);
      button.disabled = true;
      signInLocally(api, person?.name ?? name.value.trim(), person?.email ?? email.value.trim())
        .then((session) => {
          localStorage.setItem(lastUserKey, session.user.email);
          resolve(session);
        })
        .catch((error: unknown) => say(status, error instanceof ApiError ? error.problem.detail : "Sign-in failed.", "error"))
        .finally(() => (button.disabled = false));
    });
  });
}
