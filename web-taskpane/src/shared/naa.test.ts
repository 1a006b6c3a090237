import { describe, expect, it } from "vitest";
import { nestedAppTokens } from "./naa";

// MSAL as the pane uses it (silent first, popup when needed), recording what it was asked.
function fakeMsal(silentFails = false) {
  const calls: { kind: string; request: Record<string, unknown> }[] = [];
  const msal = {
    acquireTokenSilent: (request: Record<string, unknown>) => {
      calls.push({ kind: "silent", request });
      return silentFails ? Promise.reject(new Error("interaction_required")) : Promise.resolve({ accessToken: `silent-${calls.length}` });
    },
    acquireTokenPopup: (request: Record<string, unknown>) => {
      calls.push({ kind: "popup", request });
      return Promise.resolve({ accessToken: `popup-${calls.length}` });
    },
  };
  return { msal: msal as unknown as Parameters<typeof nestedAppTokens>[0], calls };
}

describe("nestedAppTokens", () => {
  const scopes = ["api://oc/access_as_user"];

  it("asks silently and falls back to a popup", async () => {
    const { msal, calls } = fakeMsal(true);

    expect(await nestedAppTokens(msal, scopes).token()).toBe("popup-2");
    expect(calls.map((c) => c.kind)).toEqual(["silent", "popup"]);
  });

  it("answers a consent problem with a consent popup for the Graph scopes the API named", async () => {
    const { msal, calls } = fakeMsal();

    await nestedAppTokens(msal, scopes).reauthorize({ scopes: ["https://graph.microsoft.com/Mail.Read"] });

    expect(calls).toEqual([{ kind: "popup", request: {
      scopes, extraScopesToConsent: ["https://graph.microsoft.com/Mail.Read"], claims: undefined, prompt: "consent" } }]);
  });

  it("answers a claims challenge with a popup carrying the claims, then takes the token from MSAL's cache", async () => {
    const { msal, calls } = fakeMsal();
    const tokens = nestedAppTokens(msal, scopes);
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

    await tokens.reauthorize({ claims });
    await tokens.token();

    expect(calls[0]).toEqual({ kind: "popup", request: { scopes, extraScopesToConsent: [], claims, prompt: undefined } });
    expect(calls[1]).toEqual({ kind: "silent", request: { scopes } });
  });
});
