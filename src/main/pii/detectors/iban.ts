/** IBAN_CODE: country code, check digits and the country's BBAN length, printed plain or in groups of four, mod-97 checked. */
import { before, type Candidate, charBefore, hasWord } from '../candidate'
import { IBAN_LENGTHS, ibanValid } from '../validators'

/** RE2 fragment (case-insensitive) every IBAN starts with: the SQL prefilter. */
export const IBAN_PREFILTER = ['[a-z]{2}[0-9]{2}']

const START = /(?<![\p{L}\p{N}_])([A-Za-z]{2})(\d{2})/gu
const IBAN_WORDS = ['iban', 'bank', 'account', 'transfer', 'wire', 'sepa', 'swift', 'bic']

export function detectIbans(text: string): Candidate[] {
  const out: Candidate[] = []
  for (const m of text.matchAll(START)) {
    const cc = m[1].toUpperCase()
    const len = IBAN_LENGTHS[cc]
    if (len === undefined) continue
    // lower-case IBANs only after an IBAN word: a lower-case "ab12..." is more often an identifier
    if (m[1] !== cc && !hasWord(before(text, m.index, 40), IBAN_WORDS)) continue
    // collect `len` alphanumerics from the start, allowing one space between them
    let i = m.index
    let n = 0
    let chars = ''
    while (i < text.length && n < len) {
      const c = text[i]
      if (/[A-Za-z0-9]/.test(c)) {
        chars += c
        n++
        i++
      } else if (c === ' ' && n > 0 && /[A-Za-z0-9]/.test(text[i + 1] ?? '')) i++
      else break
    }
    if (n !== len || /[\p{L}\p{N}_]/u.test(text[i] ?? '')) continue
    if (!ibanValid(chars)) continue
    // a lower-case tail after an upper-case start is a word running into the number
    if (m[1] === cc && chars !== chars.toUpperCase()) continue
    if (charBefore(text, m.index) === '-') continue
    out.push({ entity_type: 'IBAN_CODE', start: m.index, end: i, rule: 'iban_mod97', score: hasWord(before(text, m.index, 40), IBAN_WORDS) ? 0.99 : 0.95 })
  }
  return out
}
