// The pane's marks as saved with the workbook, so that a reopened pane can clear the ones it set before: cell keys
// ("T-3|Task", or "T-3" for a row) with the fill each replaced. Nothing personal, no token.
export interface SavedMarks {
  conflicts: [string, string | null][];
  critical: [string, string | null][];
  // The conflicts the user has not decided yet (keep mine or take the server's), so a reopened pane still holds them.
  open?: OpenConflict[];
}

// A cell both the user and someone else changed: left out of every push until the user chooses.
export interface OpenConflict {
  key: string; // "T-3|Finish"
  id: string;
  column: string;
  base: string | null;
  server: string | null;
  workbook: string | null;
}

export interface MarkStore {
  load(projectId: string): SavedMarks | null;
  save(projectId: string, marks: SavedMarks): Promise<void>;
}

// Marks that live only as long as the pane (outside Excel, and in tests that do not reopen the pane).
export const paneMemory: MarkStore = { load: () => null, save: async () => {} };

// The pane's marks kept in the document's add-in settings (per project), so a reopened pane still knows them.
export function documentMarks(): MarkStore {
  const settings = typeof Office === "undefined" ? undefined : Office.context?.document?.settings;
  if (!settings) return paneMemory;
  const key = (projectId: string) => `OfficeCoordinator.Marks.${projectId}`;
  return {
    load: (projectId) => (settings.get(key(projectId)) as SavedMarks | null) ?? null,
    save: (projectId, marks) =>
      new Promise((resolve) => {
        settings.set(key(projectId), marks);
        settings.saveAsync(() => resolve()); // a failed save only means the marks are not remembered
      }),
  };
}
