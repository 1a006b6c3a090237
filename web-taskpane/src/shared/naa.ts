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
    // Office SSO asks for consent itself; a claims challenge needs the user to sign in again through Office.
    reauthorize: async () => {
      await Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: true });
    },
  };
}

// The API's token through MSAL; after a challenge, the popup's token (with the consented scopes or the claims) is the
// one used until MSAL has a fresher one of its own.
export function nestedAppTokens(msal: Pick<IPublicClientApplication, "acquireTokenSilent" | "acquireTokenPopup">, scopes: string[]): EntraTokens {
  let claims: string | undefined;
  return {
    token: async () => {
      try {
        return (await msal.acquireTokenSilent({ scopes, claims })).accessToken;
      } catch {
        return (await msal.acquireTokenPopup({ scopes, claims })).accessToken;
      }
    },
    reauthorize: async (challenge) => {
      // Consent to the downstream scopes the API needs (Microsoft Graph), in the same popup as the API's own.
      const extra = challenge.scopes?.filter((s) => !scopes.includes(s)) ?? [];
      await msal.acquireTokenPopup({ scopes, extraScopesToConsent: extra, claims: challenge.claims, prompt: extra.length ? "consent" : undefined });
      claims = challenge.claims ?? claims;
    },
  };
}
