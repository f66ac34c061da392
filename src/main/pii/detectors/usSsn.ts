/** US_SSN (a type of this app's own): AAA-GG-SSSS or nine digits with valid area, group and serial, reported only after an SSN word. */
import { before, type Candidate, charAfter, hasWord } from '../candidate'

/** Covered by the digit-run fragment; listed for the prefilter test. */
export const US_SSN_PREFILTER = ['[0-9]{3}[ -]?[0-9]{2}[ -]?[0-9]{4}']

const SSN = /(?<![\p{L}\p{N}_\-.])(\d{3})([ -]?)(\d{2})\2(\d{4})/gu
const SSN_WORDS = ['ssn', 'ssns', 'social security', 'social security number', 'social', 'tin', 'taxpayer']

export function detectUsSsns(text: string): Candidate[] {
  const out: Candidate[] = []
  for (const m of text.matchAll(SSN)) {
    const end = m.index + m[0].length
    if (/[\p{L}\p{N}_]/u.test(charAfter(text, end)) || (/[-.]/.test(charAfter(text, end)) && /\d/.test(charAfter(text, end + 1)))) continue
    const [area, group, serial] = [m[1], m[3], m[4]]
    if (area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000') continue
    // without an SSN word a nine-digit number is far more often something else: below the report score
    const context = hasWord(before(text, m.index, 40), SSN_WORDS)
    out.push({ entity_type: 'US_SSN', start: m.index, end, rule: 'us_ssn', score: context ? 0.9 : 0.3 })
  }
  return out
}
