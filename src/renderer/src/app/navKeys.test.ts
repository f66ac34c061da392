import { describe, expect, it } from 'vitest'
import { navFocusTarget, shortcutLabel, shortcutPageIndex } from './navKeys'

const key = (over: Partial<Parameters<typeof shortcutPageIndex>[0]>) => ({ key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...over })

describe('navKeys', () => {
  it('maps Alt+digit to a page by physical key', () => {
    expect(shortcutPageIndex(key({ altKey: true, code: 'Digit1', key: '1' }), 2)).toBe(0)
    // macOS Option+2 types "™" but the physical key is still Digit2
    expect(shortcutPageIndex(key({ altKey: true, code: 'Digit2', key: '™' }), 2)).toBe(1)
    expect(shortcutPageIndex(key({ altKey: true, code: 'Digit3', key: '3' }), 2)).toBeNull()
    expect(shortcutPageIndex(key({ code: 'Digit1', key: '1' }), 2)).toBeNull()
    expect(shortcutPageIndex(key({ altKey: true, ctrlKey: true, code: 'Digit1', key: '1' }), 2)).toBeNull()
    expect(shortcutPageIndex(key({ altKey: true, code: 'Digit0', key: '0' }), 12)).toBeNull()
  })

  it('moves focus in the nav list with wrap-around', () => {
    expect(navFocusTarget('ArrowDown', 0, 3)).toBe(1)
    expect(navFocusTarget('ArrowDown', 2, 3)).toBe(0)
    expect(navFocusTarget('ArrowUp', 0, 3)).toBe(2)
    expect(navFocusTarget('Home', 2, 3)).toBe(0)
    expect(navFocusTarget('End', 0, 3)).toBe(2)
    expect(navFocusTarget('a', 0, 3)).toBeNull()
    expect(navFocusTarget('ArrowDown', 0, 0)).toBeNull()
  })

  it('labels shortcuts for the first nine pages', () => {
    expect(shortcutLabel(0)).toBe('Alt+1')
    expect(shortcutLabel(9)).toBeNull()
  })
})
