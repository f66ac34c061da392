/** Pure validators behind the detectors: Luhn, IBAN mod-97 with per-country lengths, card issuer ranges, IPv4 / IPv6 parsing, Shannon entropy, phone country calling codes. */

/** Luhn check over a string of digits (no separators). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

/** Card schemes by issuer prefix and length (ISO/IEC 7812 ranges as the networks publish them). */
const CARD_SCHEMES: { scheme: string; prefix: (d: string) => boolean; lengths: number[] }[] = [
  { scheme: 'visa', prefix: (d) => d[0] === '4', lengths: [13, 16, 19] },
  { scheme: 'mastercard', prefix: (d) => between(d, 2, 51, 55) || between(d, 4, 2221, 2720), lengths: [16] },
  { scheme: 'amex', prefix: (d) => d.startsWith('34') || d.startsWith('37'), lengths: [15] },
  { scheme: 'discover', prefix: (d) => d.startsWith('6011') || d.startsWith('65') || between(d, 3, 644, 649) || between(d, 6, 622126, 622925), lengths: [16, 17, 18, 19] },
  { scheme: 'diners', prefix: (d) => between(d, 3, 300, 305) || d.startsWith('36') || d.startsWith('38') || d.startsWith('39'), lengths: [14, 15, 16, 17, 18, 19] },
  { scheme: 'jcb', prefix: (d) => between(d, 4, 3528, 3589), lengths: [16, 17, 18, 19] },
  { scheme: 'unionpay', prefix: (d) => d.startsWith('62'), lengths: [16, 17, 18, 19] },
  { scheme: 'mir', prefix: (d) => between(d, 4, 2200, 2204), lengths: [16, 17, 18, 19] },
  { scheme: 'maestro', prefix: (d) => d.startsWith('50') || between(d, 2, 56, 69), lengths: [13, 14, 15, 16, 17, 18, 19] }
]

function between(d: string, n: number, lo: number, hi: number): boolean {
  if (d.length < n) return false
  const v = Number(d.slice(0, n))
  return v >= lo && v <= hi
}

/** The card scheme whose issuer range and length fit these digits, or null. */
export function cardScheme(digits: string): string | null {
  for (const s of CARD_SCHEMES) if (s.lengths.includes(digits.length) && s.prefix(digits)) return s.scheme
  return null
}

/** IBAN length per country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28,
  PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30
}

/** ISO 13616 check: known country, its length, and the mod-97 remainder 1. Takes the IBAN without spaces. */
export function ibanValid(iban: string): boolean {
  const s = iban.toUpperCase()
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false
  const len = IBAN_LENGTHS[s.slice(0, 2)]
  if (len === undefined || s.length !== len) return false
  return ibanMod97(s) === 1
}

/** The remainder mod 97 of an IBAN rearranged (first four characters moved to the end, letters as 10..35). */
export function ibanMod97(iban: string): number {
  const s = iban.slice(4) + iban.slice(0, 4)
  let rem = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const v = c >= 65 ? c - 55 : c - 48
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97
  }
  return rem
}

/** Parses dotted-quad IPv4 (each part 0..255, no leading zeros); null when not one. */
export function parseIPv4(s: string): number[] | null {
  const parts = s.split('.')
  if (parts.length !== 4) return null
  const out: number[] = []
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null
    const v = Number(p)
    if (v > 255) return null
    out.push(v)
  }
  return out
}

/** True for an IPv6 address in RFC 4291 text form (full, compressed with one `::`, or with a trailing dotted quad). */
export function isIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false
  let head = s
  let tailGroups = 0
  const lastColon = s.lastIndexOf(':')
  if (s.indexOf('.', lastColon) >= 0) {
    if (!parseIPv4(s.slice(lastColon + 1))) return false
    head = s.slice(0, lastColon + 1)
    // a trailing quad stands for two groups; keep the colon so `::1.2.3.4` and `a:...:b:1.2.3.4` parse alike
    head = head.endsWith('::') ? head : head.slice(0, -1)
    tailGroups = 2
  }
  const double = head.indexOf('::')
  if (double !== head.lastIndexOf('::') || head.includes(':::')) return false
  const group = /^[0-9A-Fa-f]{1,4}$/
  if (double >= 0) {
    const left = head.slice(0, double)
    const right = head.slice(double + 2)
    const l = left === '' ? [] : left.split(':')
    const r = right === '' ? [] : right.split(':')
    if (![...l, ...r].every((g) => group.test(g))) return false
    return l.length + r.length + tailGroups <= 7
  }
  const groups = head.split(':')
  return groups.every((g) => group.test(g)) && groups.length + tailGroups === 8
}

/** Shannon entropy of a string, bits per character. */
export function shannonEntropy(s: string): number {
  if (!s) return 0
  const counts = new Map<string, number>()
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let h = 0
  const n = [...s].length
  for (const c of counts.values()) {
    const p = c / n
    h -= p * Math.log2(p)
  }
  return h
}

/** ITU-T E.164 country calling codes in use (one, two or three digits). */
const CALLING_CODES = new Set(
  (
    '1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 ' +
    '211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 ' +
    '251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299 350 351 352 353 354 355 356 357 358 359 370 371 372 ' +
    '373 374 375 376 377 378 379 380 381 382 383 385 386 387 389 420 421 423 500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 ' +
    '598 599 670 672 673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 692 850 852 853 855 856 880 886 960 961 962 963 964 965 ' +
    '966 967 968 970 971 972 973 974 975 976 977 992 993 994 995 996 998'
  ).split(' ')
)

/** The calling code a string of international digits starts with (the shortest one that is assigned), or null. */
export function callingCode(digits: string): string | null {
  for (let n = 1; n <= 3 && n <= digits.length; n++) if (CALLING_CODES.has(digits.slice(0, n))) return digits.slice(0, n)
  return null
}
