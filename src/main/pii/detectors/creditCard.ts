/** CREDIT_CARD: 13-19 digits, contiguous or in groups separated by one kind of space or dash, Luhn-valid, in a card network's issuer range. */
import { before, type Candidate, charAfter, charBefore, hasWord, idContextBefore } from '../candidate'
import { cardScheme, luhnValid } from '../validators'

/** Card numbers are digit runs with separators: covered by the phone prefilter's digit-run fragment. */
export const CREDIT_CARD_PREFILTER = ['[0-9][0-9 -]{11,}[0-9]']

const CARD_WORDS = ['card', 'cards', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'american express', 'discover', 'jcb', 'diners', 'unionpay', 'maestro', 'cc', 'pan', 'payment', 'pay', 'charged', 'billing']

const CANDIDATE = /(?<![\p{L}\p{N}_.,$€£+\-])\d(?:[ \-]?\d){12,18}/gu

/** Group lengths printed on cards: 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners), 4-4-4-1..4 (13-19 digit Visa/Maestro). */
function plausibleGrouping(groups: number[]): boolean {
  if (groups.length === 1) return true
  const g = groups.join('-')
  if (g === '4-6-5' || g === '4-6-4') return true
  return groups.slice(0, -1).every((n) => n === 4) && groups[groups.length - 1] >= 1 && groups[groups.length - 1] <= 4
}

interface Span {
  start: number
  end: number
  digits: string
  groups: number
}

/** The longest run of whole groups inside a candidate that is a card number (a greedy match can take in a neighbour's digits). */
function bestSpan(text: string, start: number, s: string): Span | null {
  const parts: { at: number; len: number }[] = []
  for (const p of s.matchAll(/\d+/g)) parts.push({ at: start + p.index, len: p[0].length })
  let best: Span | null = null
  for (let i = 0; i < parts.length; i++) {
    for (let j = parts.length - 1; j >= i; j--) {
      const group = parts.slice(i, j + 1)
      const digits = group.map((g) => text.substr(g.at, g.len)).join('')
      if (digits.length < 13) break
      if (digits.length > 19 || !plausibleGrouping(group.map((g) => g.len)) || !luhnValid(digits)) continue
      if (!best || digits.length > best.digits.length) best = { start: group[0].at, end: group[group.length - 1].at + group[group.length - 1].len, digits, groups: group.length }
      break
    }
  }
  return best
}

export function detectCreditCards(text: string): Candidate[] {
  const out: Candidate[] = []
  for (const m of text.matchAll(CANDIDATE)) {
    if (new Set(m[0].replace(/\d/g, '')).size > 1) continue
    const span = bestSpan(text, m.index, m[0])
    if (!span) continue
    const { start, end, digits } = span
    const a = charAfter(text, end)
    if (/[\p{L}\p{N}_]/u.test(a) || ((a === '.' || a === ',') && /\d/.test(charAfter(text, end + 1)))) continue
    if (charBefore(text, start) === '#') continue
    const scheme = cardScheme(digits)
    const cardWord = hasWord(before(text, start, 40), CARD_WORDS)
    let score = scheme ? (span.groups > 1 ? 0.9 : 0.8) : cardWord ? 0.6 : 0.3
    if (cardWord && scheme) score = 0.95
    // the word naming the number wins: "order 4111111111111111" is an order number
    if (idContextBefore(text, start)) score = 0.2
    out.push({ entity_type: 'CREDIT_CARD', start, end, rule: scheme ? `credit_card_${scheme}` : 'credit_card_luhn', score })
  }
  return out
}
