import { describe, expect, it } from 'vitest'
import crypto from 'node:crypto'
import { fnv1a64, hashUnit, isKept, keepThreshold, maxSignedKept, MIN_INT64, ottlSampleHash, sampleHash } from './sampleHash'

const hex = (h: { hi: number; lo: number }): string => h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0')

/** The definition, byte by byte with BigInt. */
function reference(text: string): bigint {
  let h = 0xcbf29ce484222325n
  for (const b of new TextEncoder().encode(text)) {
    h ^= BigInt(b)
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h
}

describe('fnv1a64', () => {
  it('gives the published FNV-1a 64-bit test vectors', () => {
    expect(hex(fnv1a64(''))).toBe('cbf29ce484222325')
    expect(hex(fnv1a64('a'))).toBe('af63dc4c8601ec8c')
    expect(hex(fnv1a64('foobar'))).toBe('85944171f73967e8')
  })

  it('equals the byte-wise definition on ids, salts and non-ASCII text', () => {
    for (const s of ['INT000001', 'i0000042', 'salt-7:INT123456', 'ümlaut-ID', '日本語', 'emoji 😀 id', 'x'.repeat(300)]) {
      expect(BigInt('0x' + hex(fnv1a64(s))), s).toBe(reference(s))
    }
  })

  it("is FNV-1a over the hex SHA-256 of salt + id, printed as OTTL's FNV(SHA256(...)) int64 (two's complement)", () => {
    const digest = crypto.createHash('sha256').update('s1INT000001').digest('hex')
    expect(hex(sampleHash('INT000001', 's1'))).toBe(reference(digest).toString(16).padStart(16, '0'))
    expect(ottlSampleHash('INT000001', 's1')).toBe(BigInt.asIntN(64, reference(digest)).toString())
    expect(ottlSampleHash('INT000001')).not.toBe(ottlSampleHash('INT000001', 's1'))
  })
})

describe('the keep decision', () => {
  it('keeps nothing at rate 0 and everything at rate 1', () => {
    const u = hashUnit('INT000001')
    expect(isKept(u.hi, u.lo, keepThreshold(0))).toBe(false)
    expect(isKept(u.hi, u.lo, keepThreshold(1))).toBe(true)
    expect(isKept(0xffffffff, 0xffffffff, keepThreshold(1))).toBe(true)
    expect(maxSignedKept(0)).toBeNull()
    expect(maxSignedKept(1)).toBe('9223372036854775807')
  })

  it('is the threshold ceil(p * 2^64) on the shifted hash, exactly', () => {
    expect(keepThreshold(0.5)).toEqual({ hi: 0x80000000, lo: 0, all: false })
    expect(isKept(0x7fffffff, 0xffffffff, keepThreshold(0.5))).toBe(true)
    expect(isKept(0x80000000, 0, keepThreshold(0.5))).toBe(false)
    // the collector's bound: the int64 hash s is kept when s <= -2^63 + ceil(p 2^64) - 1
    expect(maxSignedKept(0.5)).toBe('-1')
    expect(MIN_INT64).toBe((-(1n << 63n)).toString())
  })

  it('agrees with the collector bound on every id, and keeps about p of them, nested across rates', () => {
    let kept20 = 0
    for (let i = 0; i < 20000; i++) {
      const id = `INT${String(i).padStart(6, '0')}`
      const u = hashUnit(id)
      const s = BigInt(ottlSampleHash(id))
      for (const p of [0.013, 0.2, 0.5, 0.9]) {
        const app = isKept(u.hi, u.lo, keepThreshold(p))
        expect(app, `${id} at ${p}`).toBe(s <= BigInt(maxSignedKept(p)!))
        // nested: kept at p implies kept at every higher rate
        if (app) expect(isKept(u.hi, u.lo, keepThreshold(Math.min(1, p * 1.5)))).toBe(true)
      }
      if (isKept(u.hi, u.lo, keepThreshold(0.2))) kept20++
    }
    // Binomial(20000, 0.2): sd 57; 5 sd either side
    expect(Math.abs(kept20 - 4000)).toBeLessThan(285)
  })
})
