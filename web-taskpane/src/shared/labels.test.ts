import { describe, expect, it } from "vitest";
import { label, nameOf, workStatuses, obstacleStatuses } from "./labels";

describe("labels", () => {
  it("splits an enum name into words with only the first capitalised", () => {
    expect(label("NotStarted")).toBe("Not started");
    expect(label("SolutionProposed")).toBe("Solution proposed");
    expect(label("ManageClosely")).toBe("Manage closely");
    expect(label("Done")).toBe("Done");
    expect(label(null)).toBe("");
  });

  it("reads a label or a name back in any case", () => {
    expect(nameOf("Not started", workStatuses)).toBe("NotStarted");
    expect(nameOf("not STARTED", workStatuses)).toBe("NotStarted");
    expect(nameOf("InProgress", workStatuses)).toBe("InProgress");
    expect(nameOf("solution proposed", obstacleStatuses)).toBe("SolutionProposed");
    expect(nameOf("Finished", workStatuses)).toBeNull();
  });
});
