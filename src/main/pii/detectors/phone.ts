/**
 * PHONE_NUMBER: international numbers (+CC or 00CC with an assigned calling code), North American
 * (NPA) NXX-XXXX forms, national numbers with a trunk 0 (UK, DE, FR, ...), and bare digit runs or
 * short local numbers only after a phone word. Numbers after an identifier word (order, ticket, ...)
 * and dates, times, versions, amounts are not phones.
 */
import { before, type Candidate, charAfter, charBefore, hasWord, idContextBefore } from '../candidate'
import { callingCode } from '../validators'

/** RE2 fragments every phone number contains (digit runs with separators): the SQL prefilter. */
export const PHONE_PREFILTER = ['[0-9][0-9 .()/-]{5,}[0-9]']

const PHONE_WORDS = ['phone', 'phones', 'tel', 'telephone', 'call', 'called', 'calling', 'mobile', 'cell', 'cellphone', 'whatsapp', 'sms', 'fax', 'reach', 'contact', 'dial', 'ring', 'landline', 'hotline', 'ph', 'mob', 'telefon', 'téléphone', 'tél']

const INTL = /(?<![\p{L}\p{N}_+])(?:\+|00)\d{1,3}(?:[ .\-]?\(\d{1,4}\)|[ .\-]?\d{1,5}){1,7}/gu
const NANP = /(?<![\p{L}\p{N}_+(.\-])(?:1[ .\-]?)?(?:\(\d{3}\)[ .\-]?|\d{3}[ .\-])\d{3}[ .\-]\d{4}/gu
const TRUNK = /(?<![\p{L}\p{N}_+.\-/])(?:\(0\d{1,4}\)|0\d{1,4})(?:[ .\-/]\d{2,8}){1,4}/gu
const BARE = /(?<![\p{L}\p{N}_+.,/$€£\-])\d{10,12}/gu
const LOCAL = /(?<![\p{L}\p{N}_+.,/$€£\-])\d{3}[ .\-]\d{4}/gu

const digitsOf = (s: string): string => s.replace(/\D/g, '')

const EXTENSION = /^ ?(?:x|ext\.?|extension) ?\d{1,6}/i

/** The end of a number with its extension (`x1234`, ` ext. 89`), which belongs to the value. */
function withExtension(text: string, end: number): number {
  const m = EXTENSION.exec(text.slice(end, end + 20))
  return m ? end + m[0].length : end
}

/** Ends cleanly: not glued to a letter or digit, not followed by a decimal part or another group. */
function cleanEnd(text: string, end: number): boolean {
  const a = charAfter(text, end)
  if (/[\p{L}\p{N}_%]/u.test(a)) return false
  if ((a === '.' || a === '-' || a === ',' || a === '/') && /\d/.test(charAfter(text, end + 1))) return false
  return true
}

/** Part of a longer run of digit groups (the middle of a card or account number): a digit group right before or after, one separator away. */
function insideLongerNumber(text: string, start: number, end: number): boolean {
  return /\d[ .\-/]$/.test(text.slice(Math.max(0, start - 2), start)) || /^[ .\-/]\d/.test(text.slice(end, end + 2))
}

function looksLikeDateOrTime(s: string): boolean {
  return /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/.test(s) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(s) || /^\d{1,2}[:.]\d{2}([:.]\d{2})?$/.test(s)
}

/** A thousands-grouped number (1.234.567 or 12 345 678): every group after the first has three digits. */
function looksLikeGroupedAmount(s: string): boolean {
  const groups = s.split(/[ .]/)
  return groups.length >= 3 && /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g)) && !/[-()/]/.test(s)
}

function score(text: string, start: number, base: number): number {
  // the word naming the number wins: "order number 212-555-0199" is an order even next to "call us"
  if (idContextBefore(text, start)) return Math.min(base, 0.2)
  const phoneWord = hasWord(before(text, start, 32), PHONE_WORDS)
  return phoneWord ? Math.min(0.95, base + 0.25) : base
}

export function detectPhones(text: string): Candidate[] {
  const out: Candidate[] = []
  const push = (start: number, end: number, rule: string, s: number): void => {
    out.push({ entity_type: 'PHONE_NUMBER', start, end, rule, score: s })
  }
  for (const m of text.matchAll(INTL)) {
    let s = m[0]
    // a trailing separator is punctuation, not part of the number
    s = s.replace(/[ .\-]+$/, '')
    const end = withExtension(text, m.index + s.length)
    if (!cleanEnd(text, end) || /\d[ .\-/]$/.test(text.slice(Math.max(0, m.index - 2), m.index))) continue
    const d = digitsOf(s.startsWith('00') ? s.slice(2) : s)
    if (d.length < 8 || d.length > 15) continue
    const cc = callingCode(d)
    if (!cc || d.length - cc.length < 6) continue
    push(m.index, end, 'phone_international', score(text, m.index, 0.8))
  }
  for (const m of text.matchAll(NANP)) {
    const end = withExtension(text, m.index + m[0].length)
    if (!cleanEnd(text, end) || insideLongerNumber(text, m.index, end)) continue
    push(m.index, end, 'phone_nanp', score(text, m.index, 0.7))
  }
  for (const m of text.matchAll(TRUNK)) {
    const s = m[0]
    const end = withExtension(text, m.index + s.length)
    if (!cleanEnd(text, end) || insideLongerNumber(text, m.index, end) || looksLikeDateOrTime(s) || looksLikeGroupedAmount(s)) continue
    const d = digitsOf(s)
    if (d.length < 9 || d.length > 12 || d.startsWith('00')) continue
    push(m.index, end, 'phone_national_trunk', score(text, m.index, 0.6))
  }
  for (const m of text.matchAll(BARE)) {
    const end = m.index + m[0].length
    if (!cleanEnd(text, end) || insideLongerNumber(text, m.index, end)) continue
    const ctx = hasWord(before(text, m.index, 32), PHONE_WORDS) && !idContextBefore(text, m.index)
    const base = 0.6
    push(m.index, end, 'phone_digits_with_context', ctx ? base : 0.2)
  }
  for (const m of text.matchAll(LOCAL)) {
    const end = m.index + m[0].length
    if (!cleanEnd(text, end) || charBefore(text, m.index) === '(' || insideLongerNumber(text, m.index, end)) continue
    const ctx = hasWord(before(text, m.index, 32), PHONE_WORDS) && !idContextBefore(text, m.index)
    push(m.index, end, 'phone_local_with_context', ctx ? 0.55 : 0.2)
  }
  return out
}
