import { describe, expect, it } from 'vitest'
import { adjustedZ, normalIsf, normalIsfLog, normalLogSf, normalSf, acrossFamilies, familyThreshold } from './significance'

// Reference values from mpmath at 40 digits (erfc and findroot).
describe('normal tails', () => {
  it('matches the normal upper tail, also far out in log space', () => {
    expect(normalSf(0)).toBe(0.5)
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 14)
    expect(normalSf(-1.959963984540054)).toBeCloseTo(0.975, 14)
    expect(normalLogSf(40)).toBeCloseTo(-804.6084420137538, 9)
    expect(normalLogSf(50)).toBeCloseTo(-1254.8313611394199, 9)
    expect(normalLogSf(5)).toBeCloseTo(Math.log(2.866515718791939e-7), 10)
  })

  it('inverts the tail, from moderate to underflowing probabilities', () => {
    expect(normalIsf(0.025)).toBeCloseTo(1.959963984540054, 10)
    expect(normalIsf(0.5)).toBeCloseTo(0, 12)
    expect(normalIsf(0.975)).toBeCloseTo(-1.959963984540054, 10)
    expect(normalIsfLog(Math.log(1e-300))).toBeCloseTo(37.04709629936120, 8)
    // beyond double precision: log P = -804.608... is x = 40
    expect(normalIsfLog(-804.6084420137538)).toBeCloseTo(40, 8)
    expect(normalIsfLog(0)).toBe(-Infinity)
    expect(normalIsfLog(-Infinity)).toBe(Infinity)
    expect(Number.isNaN(normalIsfLog(0.1))).toBe(true)
  })

  it('adjusts a z for the number of tests (Bonferroni), to 0 when the adjusted p reaches 1', () => {
    expect(adjustedZ(3, 1).z).toBeCloseTo(3, 10)
    // p = 10 * 2 * P(Z > 3) = 0.026998; two-sided z of that p
    expect(adjustedZ(3, 10).z).toBeCloseTo(2.2115472938171483, 9)
    expect(adjustedZ(-3, 10).z).toBeCloseTo(2.2115472938171483, 9)
    expect(adjustedZ(0.5, 10)).toEqual({ z: 0, logP: 0 })
    // far tail: still finite and monotone in m
    const a = adjustedZ(60, 10).z
    const b = adjustedZ(60, 1000).z
    expect(a).toBeLessThan(60)
    expect(b).toBeLessThan(a)
    expect(b).toBeGreaterThan(59.5)
  })
})

describe('acrossFamilies and familyThreshold', () => {
  it('counts a test among two families: p doubles (Bonferroni)', () => {
    // one test at z = 4: p = 2 P(Z > 4) = 6.334248366623996e-5; doubled 1.2668e-4, two-sided z 3.83281550002168
    const single = { z: 4, logP: Math.log(6.334248366623996e-5) }
    const two = acrossFamilies(single, 2)
    expect(Math.exp(two.logP)).toBeCloseTo(2 * 6.334248366623996e-5, 15)
    expect(two.z).toBeCloseTo(3.83281550002168, 7)
    expect(acrossFamilies(single, 1)).toEqual(single)
    expect(acrossFamilies({ z: 0.1, logP: Math.log(0.9) }, 2)).toEqual({ z: 0, logP: 0 })
  })

  it('the z one family must reach: P(Z > z1) = P(Z > 4) / 2, z1 = 4.161104278597881', () => {
    expect(familyThreshold(4, 2)).toBeCloseTo(4.161104278597881, 7)
    expect(familyThreshold(4, 1)).toBe(4)
    // round trip: a test at the family threshold counts exactly z across the families
    const z1 = familyThreshold(3, 2)
    expect(acrossFamilies({ z: z1, logP: Math.log(2 * normalSf(z1)) }, 2).z).toBeCloseTo(3, 7)
  })
})
