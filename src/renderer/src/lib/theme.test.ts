// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { THEME_STORAGE_KEY, applyTheme, initialTheme, otherTheme, rememberTheme } from './theme'

function memoryStorage(): Storage {
  const m = new Map<string, string>()
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size
    }
  }
}

describe('theme', () => {
  it('prefers the remembered choice, then the system preference', () => {
    const s = memoryStorage()
    expect(initialTheme(s, false)).toBe('light')
    expect(initialTheme(s, true)).toBe('dark')
    rememberTheme(s, 'light')
    expect(s.getItem(THEME_STORAGE_KEY)).toBe('light')
    expect(initialTheme(s, true)).toBe('light')
    s.setItem(THEME_STORAGE_KEY, 'purple')
    expect(initialTheme(s, true)).toBe('dark')
  })

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      }
    }
    expect(initialTheme(broken, true)).toBe('dark')
    expect(() => rememberTheme(broken, 'dark')).not.toThrow()
  })

  it('applies the theme to the root element and toggles', () => {
    const el = document.createElement('html')
    applyTheme('dark', el)
    expect(el.dataset.theme).toBe('dark')
    expect(otherTheme('dark')).toBe('light')
    expect(otherTheme('light')).toBe('dark')
  })
})
