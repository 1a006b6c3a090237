import type { CoordinatorApi, TokenProvider } from "./api";
import type { PaneConfig, SignedInUser } from "./contracts";

// One place that gets tokens. Tokens live in memory only: never in storage, settings or logs.
export interface Session {
  user: SignedInUser;
  token: TokenProvider;
}

// Local mode (Development): the API's development sign-in, renewed a minute before it expires.
export async function signInLocally(api: CoordinatorApi, name: string, email: string): Promise<Session> {
  let current = await api.devToken(name, email);
  const token: TokenProvider = async () => {
    if (Date.parse(current.expiresAt) - Date.now() < 60_000) current = await api.devToken(name, email);
    return current.accessToken;
  };
  return { user: current.user, token };
}

// Entra: nested app authentication through the Office host, Office SSO where NAA is missing.
// The MSAL bundle is loaded only here, so a pane that never needs it never downloads it.
export async function signInWithEntra(api: CoordinatorApi, config: PaneConfig): Promise<Session> {
  const { entraTokenProvider } = await import("./naa");
  const token = await entraTokenProvider(config);
  const user = await api.withToken(token).me();
  return { user, token };
}
