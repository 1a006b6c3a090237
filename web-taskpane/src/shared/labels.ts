import type { CommunicationKind, DecisionStatus, ObstacleStatus, ProjectPhase, ProjectRole, TaskPriority, WorkStatus } from "./contracts";

// The panes' one label table (DESIGN.md "The shared workbook"): an enum value is shown as its words, only the first
// capitalised ("NotStarted" → "Not started", "SolutionProposed" → "Solution proposed"); the wire keeps the names.

export function label(value: string | null | undefined): string {
  if (!value) return "";
  const words = value.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(" ");
  return words.map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word.toLowerCase())).join(" ");
}

// A label (or a name, in any case) back to the enum name it stands for; null when it is none of `names`.
export function nameOf(text: string, names: readonly string[]): string | null {
  const key = text.replace(/[\s_-]+/g, "").toLowerCase();
  return names.find((name) => name.toLowerCase() === key) ?? null;
}

export const workStatuses = ["NotStarted", "InProgress", "Blocked", "Done", "Cancelled"] as const satisfies readonly WorkStatus[];
export const priorities = ["Low", "Medium", "High", "Critical"] as const satisfies readonly TaskPriority[];
export const phases = ["Initiating", "Planning", "Executing", "Controlling", "Closing"] as const satisfies readonly ProjectPhase[];
export const obstacleStatuses = ["Open", "SolutionProposed", "Implementing", "Resolved", "Accepted"] as const satisfies readonly ObstacleStatus[];
export const decisionStatuses = ["Proposed", "Approved", "Rejected", "Superseded"] as const satisfies readonly DecisionStatus[];
export const communicationKinds = ["Update", "Request", "Decision", "Escalation", "Note"] as const satisfies readonly CommunicationKind[];

// The values of one enum as select options, labelled.
export const choices = (names: readonly string[]) => names.map((value) => ({ value, label: label(value) }));

// A select's value as the enum name it holds: the select was filled from `names`, so anything else is a bug to show.
export function pick<T extends string>(names: readonly T[], value: string): T {
  const name = names.find((n) => n === value);
  if (name === undefined) throw new Error(`"${value}" is none of ${names.join(", ")}.`);
  return name;
}

// What a role may do, as the server enforces it (DESIGN.md "Rules that follow from the roles").
export type Role = ProjectRole;
export const canCoordinate = (role: Role | null | undefined) => role === "Manager" || role === "Coordinator";
export const whoCoordinates = "a coordinator or manager of the project";
