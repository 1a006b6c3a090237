import type { CoordinatorApi, TokenProvider } from "./api";
import type { PaneConfig, SignedInUser } from "./contracts";

// What Microsoft 365 asks of the user before the API can act for them: consent to scopes, or a sign-in that
// satisfies the claims of a policy (DESIGN.md "Microsoft Graph", failures).
export interface Challenge {
  scopes?: string[];
  claims?: string;
}

// One place that gets tokens. Tokens live in memory only: never in storage, settings or logs.
export interface Session {
  user: SignedInUser;
  token: TokenProvider;
  // Asks the user interactively (consent, or a sign-in with the claims); the next token carries what was granted.
  reauthorize(challenge: Challenge): Promise<void>;
}

// Local mode (Development): the API's development sign-in, renewed a minute before it expires.
export async function signInLocally(api: CoordinatorApi, name: string, email: string): Promise<Session> {
  let current = await api.devToken(name, email);
  const token: TokenProvider = async () => {
    if (Date.parse(current.expiresAt) - Date.now() < 60_000) current = await api.devToken(name, email);
    return current.accessToken;
  };
  // Without Microsoft 365 there is nothing to consent to: signing in again is all a challenge can ask.
  const reauthorize = async () => {
    current = await api.devToken(name, email);
  };
  return { user: current.user, token, reauthorize };
}

// Entra: nested app authentication through the Office host, Office SSO where NAA is missing.
// The MSAL bundle is loaded only here, so a pane that never needs it never downloads it.
export async function signInWithEntra(api: CoordinatorApi, config: PaneConfig): Promise<Session> {
  const { entraTokens } = await import("./naa");
  const tokens = await entraTokens(config);
  const user = await api.withToken(tokens.token).me();
  return { user, token: tokens.token, reauthorize: tokens.reauthorize };
}
