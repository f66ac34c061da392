import { describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../../../shared/knobs'
import { draftFromKnobs, hasOverrides, maxFailRateFor, maxFailRateNote, parseWhatIf } from './whatIfKnobs'

describe('what-if knobs', () => {
  it('derives the max fail rate from FAIL_BUDGET as the backend does', () => {
    expect(maxFailRateFor(0.02)).toBeCloseTo(0.12, 15)
    // six times the budget, capped at 20%
    expect(maxFailRateFor(0.01)).toBeCloseTo(0.06, 15)
    expect(maxFailRateFor(0.05)).toBe(0.2)
    expect(maxFailRateFor(0.5)).toBe(0.2)
    expect(maxFailRateNote(0.02)).toBe('sets max fail rate = 12%')
    expect(maxFailRateNote(null)).toBeNull()
  })

  it('gives no override while the draft equals the saved knobs', () => {
    const p = parseWhatIf(draftFromKnobs(DEFAULT_KNOBS), DEFAULT_KNOBS)
    expect(p.errors).toEqual({})
    expect(hasOverrides(p.overrides)).toBe(false)
  })

  it('keeps only the knobs that differ, as numbers', () => {
    const p = parseWhatIf({ ...draftFromKnobs(DEFAULT_KNOBS), SLA_MS: ' 3000 ', FAIL_BUDGET: '0.03' }, DEFAULT_KNOBS)
    expect(p.overrides).toEqual({ SLA_MS: 3000, FAIL_BUDGET: 0.03 })
    expect(p.values.FAIL_BUDGET).toBe(0.03)
  })

  it('names each knob that does not parse or validate, and then overrides nothing', () => {
    const p = parseWhatIf({ SLA_MS: '0', FAILURE_EVENT_COST_USD: '-1', SLA_BREACH_PENALTY_USD: 'abc', FAIL_BUDGET: '' }, DEFAULT_KNOBS)
    expect(p.errors.SLA_MS).toBe('SLA_MS must be greater than 0')
    expect(p.errors.FAILURE_EVENT_COST_USD).toBe('FAILURE_EVENT_COST_USD must be 0 or more')
    expect(p.errors.SLA_BREACH_PENALTY_USD).toBe('SLA_BREACH_PENALTY_USD must be a number')
    expect(p.errors.FAIL_BUDGET).toBe('FAIL_BUDGET must be a number')
    expect(p.overrides).toEqual({})
    expect(parseWhatIf({ ...draftFromKnobs(DEFAULT_KNOBS), FAIL_BUDGET: '1.5' }, DEFAULT_KNOBS).errors.FAIL_BUDGET).toBe('FAIL_BUDGET must be at most 1')
  })
})
