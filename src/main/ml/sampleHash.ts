/**
 * The deterministic sampling decision. The hash of a row is FNV-1a 64-bit of the lowercase hex
 * SHA-256 of (salt + interaction_id), exactly what the OpenTelemetry Collector's OTTL computes with
 * `FNV(SHA256(Concat([salt, id], "")))` (an int64). FNV-1a alone spreads sequential ids badly over its
 * high bits; over a SHA-256 digest it is uniform. A row is kept at rate p when the hash, shifted to
 * [0, 2^64), is below ceil(p * 2^64): the same id and salt always give the same decision, and a row
 * kept at rate p is kept at every higher rate.
 */
import crypto from 'node:crypto'

/** A 64-bit unsigned value as two 32-bit halves (exact, unlike a double). */
export interface U64 {
  hi: number
  lo: number
}

/** FNV-1a 64-bit of a string's UTF-8 bytes, as two 32-bit halves of the unsigned hash. */
export function fnv1a64(text: string): U64 {
  // four 16-bit limbs, lowest first, of the offset basis 0xcbf29ce484222325
  let h0 = 0x2325
  let h1 = 0x8422
  let h2 = 0x9ce4
  let h3 = 0xcbf2
  const byte = (b: number): void => {
    h0 ^= b
    // h * 0x100000001b3 = h * 0x1b3 + (h << 40), mod 2^64
    const c0 = h0 * 0x1b3
    const c1 = h1 * 0x1b3 + (c0 >>> 16)
    const c2 = h2 * 0x1b3 + (c1 >>> 16) + ((h0 & 0xff) << 8)
    const c3 = h3 * 0x1b3 + (c2 >>> 16) + (h0 >>> 8) + ((h1 & 0xff) << 8)
    h0 = c0 & 0xffff
    h1 = c1 & 0xffff
    h2 = c2 & 0xffff
    h3 = c3 & 0xffff
  }
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c < 0x80) {
      byte(c)
      continue
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      }
    }
    // a lone surrogate is encoded as U+FFFD, as TextEncoder (and Go's []byte(string) of valid input) would
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    if (c < 0x800) {
      byte(0xc0 | (c >> 6))
      byte(0x80 | (c & 0x3f))
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12))
      byte(0x80 | ((c >> 6) & 0x3f))
      byte(0x80 | (c & 0x3f))
    } else {
      byte(0xf0 | (c >> 18))
      byte(0x80 | ((c >> 12) & 0x3f))
      byte(0x80 | ((c >> 6) & 0x3f))
      byte(0x80 | (c & 0x3f))
    }
  }
  return { hi: ((h3 << 16) | h2) >>> 0, lo: ((h1 << 16) | h0) >>> 0 }
}

/** Lowercase hex SHA-256 of a string's UTF-8 bytes (the one-shot crypto.hash where Node has it). */
function sha256Hex(text: string): string {
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex')
}

/** The unsigned 64-bit sampling hash of a row: FNV-1a 64 of the hex SHA-256 of salt + interaction_id. */
export function sampleHash(interactionId: string, salt = ''): U64 {
  return fnv1a64(sha256Hex(salt + interactionId))
}

/**
 * The hash shifted to [0, 2^64): the OTTL int64 s plus 2^63, which is the unsigned hash with its top
 * bit flipped. A row is kept at rate p when this is below keepThreshold(p).
 */
export function hashUnit(interactionId: string, salt = ''): U64 {
  const h = sampleHash(interactionId, salt)
  return { hi: (h.hi ^ 0x80000000) >>> 0, lo: h.lo }
}

/** ceil(p * 2^64) as halves; `all` when it is 2^64 (p = 1: every row). p * 2^64 is exact in a double. */
export function keepThreshold(p: number): U64 & { all: boolean } {
  if (!(p > 0)) return { hi: 0, lo: 0, all: false }
  const t = BigInt(Math.ceil(p * 2 ** 64))
  if (t >= 1n << 64n) return { hi: 0, lo: 0, all: true }
  return { hi: Number(t >> 32n), lo: Number(t & 0xffffffffn), all: false }
}

/** Whether a row whose hashUnit is `u` is kept by the threshold of its rate. */
export function isKept(uHi: number, uLo: number, t: U64 & { all: boolean }): boolean {
  if (t.all) return true
  return uHi < t.hi || (uHi === t.hi && uLo < t.lo)
}

/**
 * The largest OTTL int64 hash kept at rate p (the `max_value` of a numeric_attribute policy on the
 * hash), as a decimal string; null when nothing is kept (p = 0). Kept <=> s <= maxSignedKept(p).
 */
export function maxSignedKept(p: number): string | null {
  if (!(p > 0)) return null
  const t = p >= 1 ? 1n << 64n : BigInt(Math.ceil(p * 2 ** 64))
  return (t - 1n - (1n << 63n)).toString()
}

/** The smallest int64 (the `min_value` of that policy). */
export const MIN_INT64 = '-9223372036854775808'

/** The int64 the collector's `FNV(SHA256(...))` gives for a row, in decimal (the unsigned hash in two's complement). */
export function ottlSampleHash(interactionId: string, salt = ''): string {
  const h = sampleHash(interactionId, salt)
  const u = (BigInt(h.hi) << 32n) | BigInt(h.lo)
  return (u >= 1n << 63n ? u - (1n << 64n) : u).toString()
}
