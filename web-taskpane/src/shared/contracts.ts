// The API's wire contract (camelCase JSON), as the panes use it.

export type ProjectRole = "Manager" | "Coordinator" | "Contributor" | "Viewer";
export type WorkStatus = "NotStarted" | "InProgress" | "Blocked" | "Done" | "Cancelled";
export type TaskPriority = "Low" | "Medium" | "High" | "Critical";
export type CommunicationKind = "Update" | "Request" | "Decision" | "Escalation" | "Note";
export type Channel = "Email" | "Meeting" | "Call" | "Chat" | "Other";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SignedInUser {
  tenantId: string;
  objectId: string;
  name: string;
  email: string;
}

export interface Project {
  id: string;
  name: string;
  myRole: ProjectRole;
  planVersion: number;
  version: number;
}

export interface EmailAddress {
  name: string | null;
  email: string;
}

export interface EmailMessage {
  internetMessageId: string;
  conversationId: string | null;
  itemId: string | null;
  subject: string | null;
  from: EmailAddress;
  to: EmailAddress[];
  cc: EmailAddress[];
  receivedAt: string;
  bodyText?: string | null;
  bodyHtml?: string | null;
  webLink?: string | null;
}

export interface Participant {
  name: string;
  email: string;
  stakeholderId: string | null;
}

export interface EmailPreview {
  title: string;
  description: string;
  suggestedFinish: string | null;
  participants: Participant[];
}

export interface EmailLink {
  projectId: string;
  projectName: string;
  type: "task" | "communication" | "decision" | "obstacle";
  id: string;
  number: number | null;
  title: string;
  status: string;
  matchedBy: "message" | "conversation";
}

export interface TaskItem {
  number: number;
  key: string;
  title: string;
  status: WorkStatus;
  finish: string | null;
  version: number;
}

export interface Communication {
  id: string;
  kind: CommunicationKind;
  summary: string;
  decision: { text: string; status: string } | null;
  version: number;
}

export interface Obstacle {
  id: string;
  statement: string;
  status: string;
  version: number;
}

export interface DevToken {
  accessToken: string;
  expiresAt: string;
  user: SignedInUser;
}

export interface PaneConfig {
  signIn: "local" | "entra";
  devSignIn: boolean;
  clientId: string | null;
  authority: string | null;
  scopes: string[];
  demoUsers: { name: string; email: string; role: ProjectRole }[];
}
