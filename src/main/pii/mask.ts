/**
 * Masking: replaces every finding of a text with a type tag (`<EMAIL_ADDRESS>`), a keyed pseudonym
 * (`<EMAIL_ADDRESS_3f9a2c1b>`, HMAC-SHA256 of the normalised value under a per-workspace key, so equal
 * values get equal pseudonyms and counts and joins survive), or, for cards, the last four digits.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { MaskMode, PiiEntityType } from '../../shared/pii'
import { detectText, type Candidate } from './detect'

export interface MaskOptions {
  mode: MaskMode
  /** the pseudonym key (32 bytes); required for 'pseudonyms' */
  key?: Buffer
}

/** A new random pseudonym key. */
export function newPseudonymKey(): Buffer {
  return randomBytes(32)
}

/** The form under which two spellings of one value are the same value (case, separators). */
export function normaliseValue(type: PiiEntityType, value: string): string {
  switch (type) {
    case 'EMAIL_ADDRESS':
    case 'IP_ADDRESS':
      return value.toLowerCase()
    case 'PHONE_NUMBER': {
      const digits = value.replace(/\D/g, '')
      return value.trim().startsWith('+') ? '+' + digits : digits.startsWith('00') ? '+' + digits.slice(2) : digits
    }
    case 'CREDIT_CARD':
    case 'US_SSN':
      return value.replace(/\D/g, '')
    case 'IBAN_CODE':
      return value.replace(/\s/g, '').toUpperCase()
    default:
      return value
  }
}

/** The pseudonym of a value: equal normalised values under one key give equal pseudonyms. */
export function pseudonym(type: PiiEntityType, value: string, key: Buffer): string {
  const h = createHmac('sha256', key).update(`${type}\u0000${normaliseValue(type, value)}`).digest('hex')
  return `<${type}_${h.slice(0, 10)}>`
}

/** What replaces one finding's value. */
export function replacement(type: PiiEntityType, value: string, opts: MaskOptions): string {
  if (opts.mode === 'pseudonyms') {
    if (!opts.key) throw new Error('pseudonym masking needs a key')
    return pseudonym(type, value, opts.key)
  }
  if (opts.mode === 'last4' && type === 'CREDIT_CARD') return `<CREDIT_CARD_…${value.replace(/\D/g, '').slice(-4)}>`
  return `<${type}>`
}

/** The text with the given findings (UTF-16 offsets, non-overlapping) replaced. */
export function applyMask(text: string, findings: readonly Candidate[], opts: MaskOptions): string {
  if (findings.length === 0) return text
  const sorted = [...findings].sort((a, b) => a.start - b.start)
  let out = ''
  let at = 0
  for (const f of sorted) {
    if (f.start < at) continue
    out += text.slice(at, f.start) + replacement(f.entity_type, text.slice(f.start, f.end), opts)
    at = f.end
  }
  return out + text.slice(at)
}

/** Detects and masks in one go: the function every export, view and bundle calls on a text value. */
export function maskText(text: string, opts: MaskOptions): string
export function maskText(text: string | null, opts: MaskOptions): string | null
export function maskText(text: string | null, opts: MaskOptions): string | null {
  if (text === null || text === '') return text
  return applyMask(text, detectText(text), opts)
}

/** A per-text masker bound to its options (what issue-10 bundles and the Explorer call). */
export type TextMasker = (text: string | null) => string | null

export function createTextMasker(opts: MaskOptions): TextMasker {
  return (text) => maskText(text, opts)
}

/**
 * A short masked context around one finding (up to `radius` characters each side), with every
 * finding of the text masked by type tags: what pii_findings.csv and the Privacy page show.
 */
export function maskedPreview(text: string, all: readonly Candidate[], target: Candidate, radius = 30): string {
  const lo = Math.max(0, target.start - radius)
  const hi = Math.min(text.length, target.end + radius)
  // a finding cut by the window is masked whole, so no part of a value shows
  const inside = all.filter((f) => f.end > lo && f.start < hi)
  const from = Math.min(lo, ...inside.map((f) => f.start))
  const to = Math.max(hi, ...inside.map((f) => f.end))
  const body = applyMask(text.slice(from, to), inside.map((f) => ({ ...f, start: f.start - from, end: f.end - from })), { mode: 'tags' })
  return (from > 0 ? '…' : '') + body.replace(/\s+/g, ' ') + (to < text.length ? '…' : '')
}
