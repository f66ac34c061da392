/** Pure keyboard rules of the navigation: Alt+1..9 jumps to a page from anywhere, arrow keys move within the nav list. */

export interface KeyLike {
  key: string
  code?: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
}

/** The 0-based page index of an Alt+digit shortcut (by physical key, so layouts and macOS Option work), or null. */
export function shortcutPageIndex(e: KeyLike, pageCount: number): number | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null
  const m = /^Digit([1-9])$/.exec(e.code ?? '') ?? /^([1-9])$/.exec(e.key)
  if (!m) return null
  const i = Number(m[1]) - 1
  return i < pageCount ? i : null
}

/** Where focus goes in the nav list for a key, or null when the key is not a nav key. Wraps around at the ends. */
export function navFocusTarget(key: string, current: number, count: number): number | null {
  if (count <= 0) return null
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return (current + 1) % count
    case 'ArrowUp':
    case 'ArrowLeft':
      return (current - 1 + count) % count
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return null
  }
}

/** The label of a page's shortcut ("Alt+2"), or null beyond the ninth page. */
export function shortcutLabel(index: number): string | null {
  return index < 9 ? `Alt+${index + 1}` : null
}
