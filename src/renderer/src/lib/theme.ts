/** The light/dark theme choice: reading and remembering it in localStorage, and applying it to the document. */

export type ThemeName = 'light' | 'dark'

export const THEME_STORAGE_KEY = 'workbench.theme'

/** The remembered theme, else the system preference, else light. */
export function initialTheme(storage: Pick<Storage, 'getItem'> | null, prefersDark: boolean): ThemeName {
  let stored: string | null = null
  try {
    stored = storage?.getItem(THEME_STORAGE_KEY) ?? null
  } catch {
    // storage can be unavailable (privacy settings); fall back to the system preference
  }
  if (stored === 'light' || stored === 'dark') return stored
  return prefersDark ? 'dark' : 'light'
}

export function rememberTheme(storage: Pick<Storage, 'setItem'> | null, theme: ThemeName): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, theme)
  } catch {
    // not remembering is acceptable; the toggle still works for this session
  }
}

/** Sets `data-theme` on the root element; the CSS variables in styles.css follow it. */
export function applyTheme(theme: ThemeName, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme
  root.style.colorScheme = theme
}

export function otherTheme(theme: ThemeName): ThemeName {
  return theme === 'dark' ? 'light' : 'dark'
}
