/** Holds the current light/dark theme for the whole renderer, applies it to the document and remembers the choice. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactElement, type ReactNode } from 'react'
import { applyTheme, initialTheme, otherTheme, rememberTheme, type ThemeName } from '../lib/theme'

interface ThemeContextValue {
  theme: ThemeName
  setTheme: (t: ThemeName) => void
  toggleTheme: () => void
}

const ThemeContext = createContext<ThemeContextValue>({ theme: 'light', setTheme: () => undefined, toggleTheme: () => undefined })

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

export function ThemeProvider({ children }: { children: ReactNode }): ReactElement {
  const [theme, setThemeState] = useState<ThemeName>(() =>
    initialTheme(safeLocalStorage(), typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches)
  )
  useEffect(() => applyTheme(theme), [theme])
  const setTheme = useCallback((t: ThemeName) => {
    rememberTheme(safeLocalStorage(), t)
    setThemeState(t)
  }, [])
  const toggleTheme = useCallback(() => {
    setThemeState((t) => {
      const next = otherTheme(t)
      rememberTheme(safeLocalStorage(), next)
      return next
    })
  }, [])
  const value = useMemo(() => ({ theme, setTheme, toggleTheme }), [theme, setTheme, toggleTheme])
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>
}

export function useTheme(): ThemeContextValue {
  return useContext(ThemeContext)
}
