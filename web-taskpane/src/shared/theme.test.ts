import { describe, expect, it } from "vitest";
import { isDark } from "./theme";

describe("isDark", () => {
  it("reads Office's dark and light body colours", () => {
    expect(isDark("#262626")).toBe(true);
    expect(isDark("#1f1f1f")).toBe(true);
    expect(isDark("#ffffff")).toBe(false);
    expect(isDark("#f3f2f1")).toBe(false);
  });

  it("treats anything that is not a hex colour as light", () => {
    expect(isDark("black")).toBe(false);
  });
});
