import { describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS, KNOB_NAMES } from '../../../../shared/knobs'
import { KNOB_DEFS, KNOB_GROUPS, undefinedKnobs } from './knobDefs'
import { DEFAULT_DRAFT, changedKnobs, derivedFromDraft, describeChanges, editedKnobs, errorsByKnob, knobPatch, parseKnobText, validateDraft } from './knobForm'
import { isKnobsShortcut } from './knobsShortcut'

const key = (code: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
  key: code.replace('Key', '').toLowerCase(),
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods
})

describe('knob definitions', () => {
  it('cover every knob once, in six groups', () => {
    expect(undefinedKnobs()).toEqual([])
    expect(new Set(KNOB_DEFS.map((d) => d.name)).size).toBe(KNOB_NAMES.length)
    expect(KNOB_GROUPS.map((g) => g.title)).toEqual(['SLO & budgets', 'Windows & drift', 'Routing economics', 'Triage economics', 'Support thresholds', 'Anomaly alarms'])
    expect(KNOB_GROUPS.flatMap((g) => g.knobs)).toHaveLength(KNOB_NAMES.length)
    expect(KNOB_DEFS.filter((d) => d.appliesOnLoad).map((d) => d.name)).toEqual(['TIME_SPLIT_FRAC', 'MAX_LATENCY_MISSING_RATE', 'MAX_COST_MISSING_RATE', 'PII_MAX_RESPONSE_SHARE'])
  })
})

describe('validateDraft', () => {
  it('accepts the defaults', () => {
    const r = validateDraft({ ...DEFAULT_DRAFT })
    expect(r).toEqual({ ok: true, knobs: { ...DEFAULT_KNOBS } })
  })

  it('names the rule for a negative budget and a zero capacity, never NaN', () => {
    const r = validateDraft({ ...DEFAULT_DRAFT, DAILY_COST_BUDGET_USD: '-5', CAPACITY_PER_DAY: '0' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.byKnob).toEqual({
      DAILY_COST_BUDGET_USD: 'DAILY_COST_BUDGET_USD must be greater than 0',
      CAPACITY_PER_DAY: 'CAPACITY_PER_DAY must be at least 1'
    })
    expect(r.errors.general).toEqual([])
  })

  it('reports text that is not a number, an empty input and a fraction where a count is due', () => {
    const r = validateDraft({ ...DEFAULT_DRAFT, SLA_MS: 'abc', FAIL_BUDGET: ' ', MIN_REQUESTS_SLICE: '2.5', RANDOM_SEED: '0x10' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.byKnob.SLA_MS).toBe('SLA_MS must be a number')
    expect(r.errors.byKnob.FAIL_BUDGET).toBe('FAIL_BUDGET is required')
    expect(r.errors.byKnob.MIN_REQUESTS_SLICE).toBe('MIN_REQUESTS_SLICE must be a whole number')
    expect(r.errors.byKnob.RANDOM_SEED).toBe('RANDOM_SEED must be a number')
    for (const msg of Object.values(r.errors.byKnob)) expect(msg).not.toMatch(/NaN/)
  })

  it('checks rules across knobs and bounds of fractions', () => {
    const r = validateDraft({ ...DEFAULT_DRAFT, DRIFT_REFERENCE_FRAC: '0.7', DRIFT_CURRENT_FRAC: '0.4', TIME_SPLIT_FRAC: '1' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.byKnob.DRIFT_CURRENT_FRAC).toBe('DRIFT_REFERENCE_FRAC + DRIFT_CURRENT_FRAC must be at most 1')
    expect(r.errors.byKnob.TIME_SPLIT_FRAC).toBe('TIME_SPLIT_FRAC must be between 0 and 1 (exclusive)')
  })

  it('reports a rule across knobs together with the errors of single knobs', () => {
    const r = validateDraft({ ...DEFAULT_DRAFT, CAPACITY_PER_DAY: '0', SLA_MS: 'x', DRIFT_REFERENCE_FRAC: '0.9' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.byKnob).toEqual({
      SLA_MS: 'SLA_MS must be a number',
      CAPACITY_PER_DAY: 'CAPACITY_PER_DAY must be at least 1',
      DRIFT_CURRENT_FRAC: 'DRIFT_REFERENCE_FRAC + DRIFT_CURRENT_FRAC must be at most 1'
    })
  })

  it('accepts exponents and surrounding spaces', () => {
    const r = validateDraft({ ...DEFAULT_DRAFT, SLA_MS: ' 2.6e3 ' })
    expect(r.ok && r.knobs.SLA_MS).toBe(2600)
  })
})

describe('errorsByKnob', () => {
  it('sorts server messages by knob and keeps the rest general', () => {
    expect(errorsByKnob(['SLA_MS: SLA_MS must be greater than 0', 'SLA_MS: second', 'unknown knob(s): FOO', 'knobs: bad'])).toEqual({
      byKnob: { SLA_MS: 'SLA_MS must be greater than 0' },
      general: ['unknown knob(s): FOO', 'knobs: bad']
    })
  })
})

describe('changes and derived values', () => {
  it('lists what changed and sends only that', () => {
    const next = { ...DEFAULT_KNOBS, SLA_MS: 2600, FAIL_BUDGET: 0.03 }
    expect(changedKnobs(DEFAULT_KNOBS, next)).toEqual(['SLA_MS', 'FAIL_BUDGET'])
    expect(knobPatch(DEFAULT_KNOBS, next)).toEqual({ SLA_MS: 2600, FAIL_BUDGET: 0.03 })
    expect(describeChanges(DEFAULT_KNOBS, next)).toBe('SLA_MS 2200 → 2600, FAIL_BUDGET 0.02 → 0.03')
    expect(editedKnobs(DEFAULT_KNOBS, { ...DEFAULT_DRAFT, SLA_MS: '2200.0', REVIEW_COST: 'x' })).toEqual(['REVIEW_COST'])
    expect(parseKnobText('SLA_MS', '1e400')).toEqual({ ok: false, message: 'SLA_MS must be a finite number' })
  })

  it('derives the routing and hotspot ceilings from FAIL_BUDGET as PIPELINE.md writes them', () => {
    expect(derivedFromDraft({ ...DEFAULT_DRAFT })).toEqual({ ROUTING_MAX_FAIL_RATE: 0.12, HOTSPOT_FAIL_RATE: 0.06 })
    // 3 * 0.01 = 0.03 < 0.05: the hotspot floor holds; 6 * 0.01 in float64
    expect(derivedFromDraft({ ...DEFAULT_DRAFT, FAIL_BUDGET: '0.01' })).toEqual({ ROUTING_MAX_FAIL_RATE: 6 * 0.01, HOTSPOT_FAIL_RATE: 0.05 })
    expect(derivedFromDraft({ ...DEFAULT_DRAFT, FAIL_BUDGET: '0.5' })).toEqual({ ROUTING_MAX_FAIL_RATE: 0.2, HOTSPOT_FAIL_RATE: 1.5 })
    expect(derivedFromDraft({ ...DEFAULT_DRAFT, FAIL_BUDGET: '-1' })).toBeNull()
    expect(derivedFromDraft({ ...DEFAULT_DRAFT, FAIL_BUDGET: 'x' })).toBeNull()
  })
})

describe('isKnobsShortcut', () => {
  it('is Alt+K and nothing else', () => {
    expect(isKnobsShortcut(key('KeyK', { altKey: true }))).toBe(true)
    expect(isKnobsShortcut(key('KeyK'))).toBe(false)
    expect(isKnobsShortcut(key('KeyK', { altKey: true, ctrlKey: true }))).toBe(false)
    expect(isKnobsShortcut(key('KeyJ', { altKey: true }))).toBe(false)
    // macOS Option+K types "˚": the physical key still counts
    expect(isKnobsShortcut({ ...key('KeyK', { altKey: true }), key: '˚' })).toBe(true)
  })
})
