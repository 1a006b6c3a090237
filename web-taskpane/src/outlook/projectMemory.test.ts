import { describe, expect, it } from "vitest";
import { ProjectMemory, type SettingsStore } from "./projectMemory";

function memoryStore(): SettingsStore & { saved: number; values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  const store = {
    values,
    saved: 0,
    get: (name: string) => values.get(name),
    set: (name: string, value: unknown) => void values.set(name, value),
    save: async () => void store.saved++,
  };
  return store;
}

describe("ProjectMemory", () => {
  it("remembers the project per conversation first and per sender domain for new threads", async () => {
    const store = memoryStore();
    const memory = new ProjectMemory(store);

    await memory.remember("conv-1", "erin@venue.example", "launch");
    await memory.remember("conv-2", "bob@venue.example", "office-move");

    expect(memory.recall("conv-1", "erin@venue.example")).toBe("launch");
    expect(memory.recall("conv-3", "someone@VENUE.example")).toBe("office-move");
    expect(memory.recall("conv-4", "x@elsewhere.example")).toBeNull();
    expect(store.saved).toBe(2);
  });

  it("keeps only the most recent conversations so roaming settings stay small", async () => {
    const store = memoryStore();
    const memory = new ProjectMemory(store);

    for (let i = 0; i < 310; i++) await memory.remember(`conv-${i}`, `p${i}@d${i}.example`, `project-${i}`);

    const remembered = store.values.get("oc.projects") as { conversations: Record<string, string>; domains: Record<string, string> };
    expect(Object.keys(remembered.conversations)).toHaveLength(300);
    expect(Object.keys(remembered.domains)).toHaveLength(100);
    expect(memory.recall("conv-309", "p309@d309.example")).toBe("project-309");
    expect(memory.recall("conv-0", "p0@d0.example")).toBeNull();
  });

  it("stores project ids only, nothing of the message", async () => {
    const store = memoryStore();

    await new ProjectMemory(store).remember("conv-1", "erin@venue.example", "launch");

    expect(JSON.stringify([...store.values])).toBe('[["oc.projects",{"conversations":{"conv-1":"launch"},"domains":{"venue.example":"launch"}}]]');
  });
});
