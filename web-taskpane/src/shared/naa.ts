import { createNestablePublicClientApplication } from "@azure/msal-browser";
import type { TokenProvider } from "./api";
import type { PaneConfig } from "./contracts";

// Silent first, interactive when the host needs the user; Office SSO on hosts without nested app authentication.
export async function entraTokenProvider(config: PaneConfig): Promise<TokenProvider> {
  if (!config.clientId || !config.authority) throw new Error("The service has no Entra client configured for the panes.");
  const scopes = config.scopes;
  if (Office.context.requirements.isSetSupported("NestedAppAuth", "1.1")) {
    const msal = await createNestablePublicClientApplication({
      auth: { clientId: config.clientId, authority: config.authority },
      cache: { cacheLocation: "memoryStorage" },
    });
    return async () => {
      try {
        return (await msal.acquireTokenSilent({ scopes })).accessToken;
      } catch {
        return (await msal.acquireTokenPopup({ scopes })).accessToken;
      }
    };
  }

  return () => Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true });
}
