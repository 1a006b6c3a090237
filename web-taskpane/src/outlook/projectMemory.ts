import { domainOf } from "./mailbox";

// Where a choice survives the session: Outlook's roaming settings in Office, localStorage in the browser preview.
// Only project ids and keys go here, never tokens or message content.
export interface SettingsStore {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save(): Promise<void>;
}

export function roamingStore(settings: Office.RoamingSettings): SettingsStore {
  return {
    get: (name) => settings.get(name),
    set: (name, value) => settings.set(name, value),
    save: () => new Promise((resolve) => settings.saveAsync(() => resolve())),
  };
}

export function browserStore(storage: Storage): SettingsStore {
  return {
    get: (name) => {
      const text = storage.getItem(name);
      return text === null ? undefined : JSON.parse(text);
    },
    set: (name, value) => storage.setItem(name, JSON.stringify(value)),
    save: () => Promise.resolve(),
  };
}

interface Remembered {
  conversations: Record<string, string>;
  domains: Record<string, string>;
}

const key = "oc.projects";
const maxConversations = 300;
const maxDomains = 100;

// The project is chosen once and remembered per conversation, and per sender domain for new threads.
export class ProjectMemory {
  constructor(private readonly store: SettingsStore) {}

  recall(conversationId: string | null | undefined, senderEmail: string): string | null {
    const remembered = this.read();
    return (conversationId && remembered.conversations[conversationId]) || remembered.domains[domainOf(senderEmail)] || null;
  }

  async remember(conversationId: string | null | undefined, senderEmail: string, projectId: string): Promise<void> {
    const remembered = this.read();
    if (conversationId) remembered.conversations = newest({ ...remembered.conversations, [conversationId]: projectId }, conversationId, maxConversations);
    const domain = domainOf(senderEmail);
    remembered.domains = newest({ ...remembered.domains, [domain]: projectId }, domain, maxDomains);
    this.store.set(key, remembered);
    await this.store.save();
  }

  private read(): Remembered {
    const value = this.store.get(key) as Partial<Remembered> | undefined;
    return { conversations: { ...value?.conversations }, domains: { ...value?.domains } };
  }
}

// Keeps the most recently used entries (the one just set last), so roaming settings stay far below their size limit.
function newest(entries: Record<string, string>, latest: string, max: number): Record<string, string> {
  const { [latest]: value, ...rest } = entries;
  const kept = Object.entries(rest).slice(-(max - 1));
  return Object.fromEntries([...kept, [latest, value as string]]);
}
