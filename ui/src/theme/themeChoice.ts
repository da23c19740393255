//! The user's theme choice (System / Light / Dark) and what it means on screen.
//! Why: one small pure rule shared by the header's theme menu, the code that paints the page
//! (applyTheme.ts) and the stores that keep the choice (themeStorage.ts); a stored value from an
//! older or damaged file is read as "system", never as an error.

export type ThemeChoice = "system" | "light" | "dark";
export type ResolvedTheme = "light" | "dark";

export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];

export const THEME_LABELS: Record<ThemeChoice, string> = {
  system: "System",
  light: "Light",
  dark: "Dark",
};

/** A stored or received value as a choice: anything but "light" / "dark" is "system". */
export function parseThemeChoice(value: unknown): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

/** The theme to paint: the choice, or the system's when the choice is "system". */
export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): ResolvedTheme {
  if (choice === "system") return systemPrefersDark ? "dark" : "light";
  return choice;
}
