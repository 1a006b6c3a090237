import { createNestablePublicClientApplication, type IPublicClientApplication } from "@azure/msal-browser";
import type { TokenProvider } from "./api";
import type { Challenge } from "./auth";
import type { PaneConfig } from "./contracts";

export interface EntraTokens {
  token: TokenProvider;
  reauthorize(challenge: Challenge): Promise<void>;
}

// Silent first, interactive when the host needs the user; Office SSO on hosts without nested app authentication.
export async function entraTokens(config: PaneConfig): Promise<EntraTokens> {
  if (!config.clientId || !config.authority) throw new Error("The service has no Entra client configured for the panes.");
  if (Office.context.requirements.isSetSupported("NestedAppAuth", "1.1")) {
    const msal = await createNestablePublicClientApplication({
      auth: { clientId: config.clientId, authority: config.authority, clientCapabilities: ["CP1"] },
      cache: { cacheLocation: "memoryStorage" },
    });
    return nestedAppTokens(msal, config.scopes);
  }

  return {
    token: () => Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true }),
    // Office SSO asks for consent itself; a claims challenge goes to Office as the authentication challenge.
    reauthorize: async (challenge) => {
      await Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: true, authChallenge: challenge.claims });
    },
  };
}

// The API's token through MSAL. After a challenge the popup's token (with the consented scopes or the claims) is in
// MSAL's cache, so the next silent call returns it; the claims are not sent again (that would skip the cache for good).
export function nestedAppTokens(msal: Pick<IPublicClientApplication, "acquireTokenSilent" | "acquireTokenPopup">, scopes: string[]): EntraTokens {
  return {
    token: async () => {
      try {
        return (await msal.acquireTokenSilent({ scopes })).accessToken;
      } catch {
        return (await msal.acquireTokenPopup({ scopes })).accessToken;
      }
    },
    reauthorize: async (challenge) => {
      // Consent to the downstream scopes the API needs (Microsoft Graph), in the same popup as the API's own.
      const extra = challenge.scopes?.filter((s) => !scopes.includes(s)) ?? [];
      await msal.acquireTokenPopup({ scopes, extraScopesToConsent: extra, claims: challenge.claims, prompt: extra.length ? "consent" : undefined });
    },
  };
}
