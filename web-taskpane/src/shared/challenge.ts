import { ApiError } from "./api";
import type { Session } from "./auth";
import { h, say } from "./dom";

// Microsoft 365 needs the user before the API can go on (consent to a scope, or a sign-in that satisfies a policy's
// claims): the status says so with the one button that helps, which asks the user and then runs the action again.
// Returns false for any other error, which the caller shows as usual.
export function offerChallenge(region: HTMLElement, error: unknown, session: Session, retry: () => Promise<void>): boolean {
  if (!(error instanceof ApiError) || (error.problem.graph !== "consent" && error.problem.graph !== "claims")) return false;
  const problem = error.problem;
  const button = h("button", { type: "button", className: "primary" }, problem.graph === "consent" ? "Allow access" : "Sign in again");
  region.className = "status status-error";
  region.setAttribute("role", "alert");
  region.replaceChildren(h("span", null, `${problem.detail} `), button);
  button.addEventListener("click", () => {
    button.disabled = true;
    void session.reauthorize({ scopes: problem.scopes, claims: problem.claims })
      .then(async () => {
        say(region, "Working…", "info");
        await retry();
        if (region.textContent === "Working…") say(region, "", "info"); // the retried action had nothing to say
      })
      .catch((failure: unknown) => say(region, failure instanceof ApiError ? failure.problem.detail : "Signing in did not work; try again.", "error"));
  });
  return true;
}
