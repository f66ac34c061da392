/** Runs every detector over one text, resolves overlapping hits (higher score, then longer, wins) and keeps those at or above the report score. */
import { PII_REPORT_SCORE } from '../../shared/pii'
import type { Candidate, Detector } from './candidate'
import { CREDIT_CARD_PREFILTER, detectCreditCards } from './detectors/creditCard'
import { detectEmails, EMAIL_PREFILTER } from './detectors/email'
import { detectIbans, IBAN_PREFILTER } from './detectors/iban'
import { detectIpAddresses, IP_PREFILTER } from './detectors/ipAddress'
import { detectPhones, PHONE_PREFILTER } from './detectors/phone'
import { detectSecrets, SECRET_PREFILTER } from './detectors/secret'
import { detectUsSsns, US_SSN_PREFILTER } from './detectors/usSsn'

export type { Candidate } from './candidate'

/** Fragments every match of which is also a match of the phone detector's digit run `[0-9][0-9 .()/-]{5,}[0-9]`. */
const SUBSUMED_BY_DIGIT_RUN = new Set([...CREDIT_CARD_PREFILTER, ...US_SSN_PREFILTER, IP_PREFILTER[0]])

interface DetectorEntry {
  detect: Detector
  /** RE2 fragments one of which every match of the detector contains (also valid JavaScript) */
  fragments: readonly string[]
  /** the fragments as one case-insensitive JavaScript regex: a text without a match skips the detector */
  gate: RegExp
  /** digits every match holds: a text with fewer skips the detector (cheaper than its regexes) */
  minDigits: number
}

const entry = (detect: Detector, fragments: readonly string[], minDigits = 0): DetectorEntry => ({ detect, fragments, gate: new RegExp(fragments.join('|'), 'i'), minDigits })

function countDigits(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) n++
  }
  return n
}

/** Every detector, in the order ties between equal scores and lengths are broken (earlier wins). */
export const DETECTORS: readonly DetectorEntry[] = [
  entry(detectSecrets, SECRET_PREFILTER),
  entry(detectIbans, IBAN_PREFILTER, 2),
  entry(detectCreditCards, CREDIT_CARD_PREFILTER, 13),
  entry(detectEmails, EMAIL_PREFILTER),
  entry(detectIpAddresses, IP_PREFILTER, 1),
  entry(detectUsSsns, US_SSN_PREFILTER, 9),
  entry(detectPhones, PHONE_PREFILTER, 7)
]

/**
 * The SQL prefilter: one case-insensitive RE2 pattern that matches every text holding a finding
 * (each detector lists the fragments its matches always contain). Texts it misses are not read.
 */
export const PREFILTER_PATTERN = [...new Set(DETECTORS.flatMap((d) => d.fragments))].join('|')

/**
 * The same prefilter as DuckDB runs it: fragments implied by a broader one are left out (the card,
 * SSN and IPv4 digit runs are digit runs; `@` is a `contains`, far cheaper than a regex), which
 * makes no difference to what matches (detect.test.ts checks every planted value against both).
 */
export const SQL_PREFILTER = {
  contains: ['@'],
  pattern: [...new Set(DETECTORS.flatMap((d) => d.fragments))].filter((f) => f !== '@' && !SUBSUMED_BY_DIGIT_RUN.has(f)).join('|')
}

/** Raw hits of every detector, any score, unresolved (for tests and tuning). */
export function allCandidates(text: string): Candidate[] {
  const out: Candidate[] = []
  DETECTORS.forEach((d) => out.push(...d.detect(text)))
  return out
}

/**
 * The findings of one text: hits at or above `minScore`, overlaps resolved so no two findings share
 * a character (a higher score wins, then the longer span, then the earlier detector), in text order.
 * Offsets are UTF-16 code units (JavaScript string indices); see codePointOffsets for the report's.
 */
export function detectText(text: string | null | undefined, minScore = PII_REPORT_SCORE): Candidate[] {
  if (!text) return []
  const hits: (Candidate & { order: number })[] = []
  const digits = countDigits(text)
  DETECTORS.forEach((d, order) => {
    if (digits < d.minDigits || !d.gate.test(text)) return
    for (const c of d.detect(text)) if (c.score >= minScore && c.end > c.start) hits.push({ ...c, order })
  })
  if (hits.length === 0) return []
  hits.sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.order - b.order || a.start - b.start)
  const kept: Candidate[] = []
  for (const h of hits) {
    if (kept.some((k) => h.start < k.end && k.start < h.end)) continue
    kept.push({ entity_type: h.entity_type, start: h.start, end: h.end, rule: h.rule, score: h.score })
  }
  return kept.sort((a, b) => a.start - b.start)
}

/** Converts ascending UTF-16 offsets of `text` to Unicode code point offsets (a surrogate pair counts once). */
export function codePointOffsets(text: string, offsets: readonly number[]): number[] {
  const out: number[] = []
  let cp = 0
  let i = 0
  for (const target of offsets) {
    while (i < target && i < text.length) {
      const c = text.charCodeAt(i)
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1
      cp++
    }
    out.push(cp)
  }
  return out
}
