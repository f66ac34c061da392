/** What every detector returns, and the context-word helpers they share (words before a match raise or lower its score). */
import type { PiiEntityType } from '../../shared/pii'

/** A detector's hit: UTF-16 offsets into the text (end exclusive), the rule that fired and a score in 0..1. */
export interface Candidate {
  entity_type: PiiEntityType
  start: number
  end: number
  rule: string
  score: number
}

/** A detector: pure, text in, candidates out (any score; the caller keeps those at or above the report score). */
export type Detector = (text: string) => Candidate[]

/** The `width` characters before `start`, lower-cased. */
export function before(text: string, start: number, width: number): string {
  return text.slice(Math.max(0, start - width), start).toLowerCase()
}

/** True when one of `words` occurs as a whole word in `window`. */
export function hasWord(window: string, words: readonly string[]): boolean {
  for (const w of words) {
    let i = window.indexOf(w)
    while (i >= 0) {
      const a = i === 0 ? '' : window[i - 1]
      const b = window[i + w.length] ?? ''
      if (!/[a-z0-9]/.test(a) && !/[a-z0-9]/.test(b)) return true
      i = window.indexOf(w, i + 1)
    }
  }
  return false
}

/** Words that say the number after them is an identifier of ours, not personal data. */
export const ID_CONTEXT = ['order', 'orders', 'ticket', 'tickets', 'invoice', 'case', 'ref', 'reference', 'tracking', 'sku', 'id', 'serial', 'po', 'inc', 'incident', 'timestamp', 'ts', 'epoch', 'unix', 'time', 'date', 'seed', 'port', 'pid', 'size', 'bytes', 'count', 'total', 'amount', 'account', 'acct', 'customer', 'user', 'member', 'employee', 'patient', 'student', 'product', 'shipment', 'parcel', 'package', 'claim', 'contract', 'bug', 'commit', 'hash', 'uuid', 'guid', 'token', 'code', 'pin', 'build', 'version', 'ver', 'release', 'issue', 'pr', 'job', 'batch', 'confirmation', 'booking', 'receipt', 'transaction', 'txn', 'request', 'req', 'item', 'part', 'model', 'no', 'nr', 'doc', 'policy', 'rfc', 'memo', 'section', 'page']

/** Words skipped when looking for the word that names a number ("order number is 123" -> order). */
const FILLER = new Set(['number', 'num', 'no', 'nr', 'is', 'was', 'are', 'of', 'the', 'a', 'an', 'for', 'with', 'at', 'to', 'on', 'in', 'my', 'your', 'our'])

/** True when the word naming the text at `start` (skipping punctuation and filler words) is an identifier word. */
export function idContextBefore(text: string, start: number): boolean {
  const words = before(text, start, 40).split(/[^a-z0-9]+/).filter(Boolean)
  for (let i = words.length - 1; i >= 0 && i >= words.length - 4; i--) {
    if (FILLER.has(words[i])) continue
    return ID_CONTEXT.includes(words[i])
  }
  return false
}

/** The character just before / after a span ('' at the ends). */
export function charBefore(text: string, start: number): string {
  return start > 0 ? text[start - 1] : ''
}
export function charAfter(text: string, end: number): string {
  return end < text.length ? text[end] : ''
}
