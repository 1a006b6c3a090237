import type { Audience } from "../shared/contracts";
import { officeCall as call } from "./officeAsync";

// A rendering inserted into a draft whose record waits for Outlook's on-send event (Mailbox 1.12): kept in the
// draft's session data (Mailbox 1.11), which stays with the add-in and never goes out with the message.
export interface PendingRecord {
  projectId: string;
  number: number;
  audience: Audience;
  external: boolean;
  // Who inserted it: in Local mode the on-send runtime signs in as them again (no token is ever stored).
  user: { name: string; email: string };
}

export const pendingKey = "oc.pendingReports";

type SessionData = Office.SessionData;

export async function readPending(data: SessionData): Promise<PendingRecord[]> {
  try {
    const stored = await call<string>((done) => data.getAsync(pendingKey, done));
    const parsed = JSON.parse(stored || "[]") as unknown;
    return Array.isArray(parsed) ? (parsed as PendingRecord[]) : [];
  } catch {
    return []; // nothing stored yet
  }
}

export async function addPending(data: SessionData, record: PendingRecord): Promise<void> {
  const pending = (await readPending(data)).filter((p) =>
    !(p.projectId === record.projectId && p.number === record.number && p.audience === record.audience && p.external === record.external));
  await call<void>((done) => data.setAsync(pendingKey, JSON.stringify([...pending, record]), done));
}

export function clearPending(data: SessionData): Promise<void> {
  return call<void>((done) => data.removeAsync(pendingKey, done));
}

// Whether this Outlook runs the add-in's on-send event: Mailbox 1.12 on the web, the new Outlook on Windows and on Mac.
// Classic Outlook on Windows would need a plain-JavaScript runtime file, which the add-in does not ship, so the
// report is recorded at insertion there (and everywhere older).
export function recordsOnSend(): boolean {
  return Office.context.requirements.isSetSupported("Mailbox", "1.12") && Office.context.diagnostics?.platform !== Office.PlatformType.PC;
}
