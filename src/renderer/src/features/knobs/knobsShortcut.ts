/** The keyboard shortcut that opens the knobs panel from anywhere: Alt+K (by physical key, so keyboard layouts and macOS Option work). */
import type { KeyLike } from '../../app/navKeys'

export const KNOBS_SHORTCUT_LABEL = 'Alt+K'

export function isKnobsShortcut(e: KeyLike): boolean {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return false
  return e.code === 'KeyK' || (e.code === undefined && e.key.toLowerCase() === 'k')
}
