// Tests of Platt scaling: closed-form fits, a tightly converged reference, and degenerate inputs.

import { describe, expect, it } from 'vitest'
import { applyPlatt, fitPlatt } from './platt'

describe('fitPlatt', () => {
  it('two symmetric points: A = -ln 2, B = 0', () => {
    // N+ = N- = 1: targets t+ = 2/3, t- = 1/3. Two points and two parameters fit the targets
    // exactly: B = 0 by symmetry and 1/(1+e^A) = 2/3 -> A = -ln 2.
    const m = fitPlatt(Float64Array.from([-1, 1]), Uint8Array.from([0, 1]))
    expect(m.A).toBeCloseTo(-Math.LN2, 12)
    expect(Math.abs(m.B)).toBeLessThan(1e-12)
    expect(m.converged).toBe(true)
  })

  it('two distinct values: each group gets the mean of its smoothed targets', () => {
    // f = [0,0,1,1], y = [0,1,1,1]: N+ = 3, N- = 1 -> t+ = 4/5, t- = 1/3.
    // p(0) = (1/3 + 4/5)/2 = 17/30 -> B = ln(1/p(0) - 1) = ln(13/17)
    // p(1) = 4/5 -> A + B = ln(1/4) -> A = ln(1/4) - ln(13/17) = ln(17/52)
    const m = fitPlatt(Float64Array.from([0, 0, 1, 1]), Uint8Array.from([0, 1, 1, 1]))
    expect(m.B).toBeCloseTo(Math.log(13 / 17), 12)
    expect(m.A).toBeCloseTo(Math.log(17 / 52), 12)
  })

  it('matches a tightly converged reference on 40 points', () => {
    // Reference: SciPy trust-exact on the same smoothed-target cross-entropy (gradient 3e-13).
    const f = [
      3.082, -6.111, -0.164, -2.136, -1.905, -1.431, -5.04, -1.464, -2.73, 5.646, -0.548, -1.705, -1.563, -2.336, -3.11,
      -1.782, -0.036, -1.477, 0.916, -1.4, -0.951, 2.092, 0.09, -2.01, -1.366, 0.081, 2.87, -1.539, -1.487, 1.005, -2.773,
      -1.583, 0.765, 0.161, -0.817, 0.34, -6.656, 1.043, -2.919, -4.337
    ]
    const y = [
      1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0
    ]
    const m = fitPlatt(Float64Array.from(f), Uint8Array.from(y))
    expect(m.A).toBeCloseTo(-0.9860616678697364, 12)
    expect(m.B).toBeCloseTo(-0.46054931666090615, 12)
    expect(m.gradMax).toBeLessThan(1e-12)
  })

  it('is invariant to rescaling the decision values (A scales inversely)', () => {
    const f = Float64Array.from([-40, -35, -10, 5, 20, 45, 60, 75])
    const y = Uint8Array.from([0, 0, 1, 0, 1, 0, 1, 1])
    const a = fitPlatt(f, y)
    const b = fitPlatt(f.map((v) => v / 100), y)
    expect(a.A * 100).toBeCloseTo(b.A, 10)
    expect(a.B).toBeCloseTo(b.B, 10)
  })

  it('one class only: A = 0 and P equals the smoothed target', () => {
    // three negatives: t- = 1/(3+2) = 0.2 for every row -> A = 0, B = ln(1/0.2 - 1) = ln 4
    const m = fitPlatt(Float64Array.from([-1, 0.5, 2]), Uint8Array.from([0, 0, 0]))
    expect(Math.abs(m.A)).toBeLessThan(1e-12)
    expect(m.B).toBeCloseTo(Math.log(4), 12)
  })

  it('empty input returns P = 0.5', () => {
    const m = fitPlatt(new Float64Array(0), new Uint8Array(0))
    expect(m.A).toBe(0)
    expect(m.B).toBe(0)
  })
})

describe('applyPlatt', () => {
  it('computes 1 / (1 + exp(A f + B)) without overflow', () => {
    // A=0, B=ln 3: 1/(1+3) = 0.25; A=2, B=-1, f=0.5: u = 0 -> 0.5
    expect(applyPlatt(Float64Array.from([7]), 0, Math.log(3))[0]).toBeCloseTo(0.25, 15)
    expect(applyPlatt(Float64Array.from([0.5]), 2, -1)[0]).toBe(0.5)
    const extreme = applyPlatt(Float64Array.from([1000, -1000]), 1, 0)
    expect(extreme[0]).toBe(0)
    expect(extreme[1]).toBe(1)
  })
})
