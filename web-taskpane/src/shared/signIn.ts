import { ApiError, type CoordinatorApi } from "./api";
import { signInLocally, signInWithEntra, type Session } from "./auth";
import type { PaneConfig } from "./contracts";
import { field, h, options, say } from "./dom";

const lastUserKey = "oc.devUser";

// Both panes sign in the same way: Entra (nested app auth) when the service says so, else the development sign-in.
export function signIn(app: HTMLElement, api: CoordinatorApi, config: PaneConfig): Promise<Session> {
  return config.signIn === "entra" ? signInWithEntra(api, config) : signInLocal(app, api, config);
}

// Local sign-in is the development endpoint: pick a demo person, or anyone by name and email.
function signInLocal(app: HTMLElement, api: CoordinatorApi, config: PaneConfig): Promise<Session> {
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
