/** Pure rules of the command palette: which key opens it, and how commands are matched and ranked against what the operator types. */
import type { KeyLike } from './navKeys'

/** One thing the palette can do: go to a page, or run an action. */
export interface PaletteCommand {
  id: string
  label: string
  /** where it belongs, shown beside the label (a nav section, or "Action") */
  section: string
  /** other words it should be found by */
  keywords?: string
  /** a shortcut to show, e.g. "Alt+3" */
  shortcut?: string
  run: () => void
}

/** Ctrl+K or Cmd+K (and Ctrl+Shift+P, as in code editors) opens the palette from anywhere. */
export function isPaletteShortcut(e: KeyLike): boolean {
  const key = e.key.toLowerCase()
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (key === 'k' || e.code === 'KeyK')) return true
  return e.ctrlKey && e.shiftKey && !e.altKey && !e.metaKey && (key === 'p' || e.code === 'KeyP')
}

/**
 * The score of `query` against `text`, or null when its characters do not all appear in order.
 * Contiguous runs and matches at word starts score higher, so "cost" ranks "Costs" above "Cluster settings".
 */
export function matchScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase()
  if (!q) return 0
  const t = text.toLowerCase()
  let score = 0
  let ti = 0
  let run = 0
  for (const ch of q) {
    if (ch === ' ') {
      run = 0
      continue
    }
    const found = t.indexOf(ch, ti)
    if (found < 0) return null
    const atWordStart = found === 0 || /[\s\-_/(]/.test(t[found - 1])
    run = found === ti && ti > 0 ? run + 1 : 0
    score += 1 + (atWordStart ? 3 : 0) + run * 2 - Math.min(3, found - ti) * 0.1
    ti = found + 1
  }
  if (t.startsWith(q)) score += 5
  return score
}

/** True when every word of `query` starts some word of `text` (how section names and keywords are matched). */
export function wordPrefixMatch(query: string, text: string): boolean {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  const parts = query.toLowerCase().split(/\s+/).filter(Boolean)
  return parts.length > 0 && parts.every((q) => words.some((w) => w.startsWith(q)))
}

/**
 * The commands matching `query`, best first; ties keep their given order. An empty query lists all.
 * The label is matched loosely (characters in order); the section and keywords by word prefixes only, ranked after.
 */
export function rankCommands(query: string, commands: readonly PaletteCommand[]): PaletteCommand[] {
  if (!query.trim()) return [...commands]
  const scored: { c: PaletteCommand; s: number; i: number }[] = []
  commands.forEach((c, i) => {
    const onLabel = matchScore(query, c.label)
    if (onLabel !== null) scored.push({ c, s: 1000 + onLabel, i })
    else if (wordPrefixMatch(query, `${c.section} ${c.keywords ?? ''}`)) scored.push({ c, s: 0, i })
  })
  return scored.sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.c)
}
