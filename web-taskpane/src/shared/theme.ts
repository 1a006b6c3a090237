// Follows the Office theme (light or dark) when the host gives one, else the browser's preference.
export function applyTheme(officeTheme?: Pick<Office.OfficeTheme, "bodyBackgroundColor"> | null): "light" | "dark" {
  const dark = officeTheme?.bodyBackgroundColor
    ? isDark(officeTheme.bodyBackgroundColor)
    : globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches === true;
  const theme = dark ? "dark" : "light";
  document.documentElement.dataset.theme = theme;
  return theme;
}

// Relative luminance (WCAG) below the midpoint counts as dark.
export function isDark(hexColor: string): boolean {
  const hex = hexColor.replace("#", "");
  if (!/^[0-9a-f]{6}$/i.test(hex)) return false;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const channel = parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.18;
}
