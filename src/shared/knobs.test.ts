import { describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS, KNOB_NAMES, PIPELINE_KNOB_NAMES, validateKnobs } from './knobs'

describe('anomaly knobs', () => {
  it('default to a sensitivity of z 4 and 10 requests a day, after the knobs of PIPELINE.md section 11', () => {
    expect(DEFAULT_KNOBS.ANOMALY_Z).toBe(4)
    expect(DEFAULT_KNOBS.ANOMALY_MIN_REQUESTS).toBe(10)
    expect(KNOB_NAMES.slice(0, PIPELINE_KNOB_NAMES.length)).toEqual([...PIPELINE_KNOB_NAMES])
    expect(PIPELINE_KNOB_NAMES).not.toContain('ANOMALY_Z')
  })

  it('are validated with messages naming the knob', () => {
    expect(validateKnobs({ ANOMALY_Z: 2.5, ANOMALY_MIN_REQUESTS: 5 })).toMatchObject({ ok: true, knobs: { ANOMALY_Z: 2.5, ANOMALY_MIN_REQUESTS: 5 } })
    expect(validateKnobs({ ANOMALY_Z: 0.5 })).toEqual({ ok: false, errors: ['ANOMALY_Z: ANOMALY_Z must be between 1 and 20 (lower raises more alarms)'] })
    expect(validateKnobs({ ANOMALY_Z: 25 })).toEqual({ ok: false, errors: ['ANOMALY_Z: ANOMALY_Z must be between 1 and 20 (lower raises more alarms)'] })
    expect(validateKnobs({ ANOMALY_MIN_REQUESTS: 0 })).toEqual({ ok: false, errors: ['ANOMALY_MIN_REQUESTS: ANOMALY_MIN_REQUESTS must be at least 1'] })
    expect(validateKnobs({ ANOMALY_MIN_REQUESTS: 1.5 })).toEqual({ ok: false, errors: ['ANOMALY_MIN_REQUESTS: ANOMALY_MIN_REQUESTS must be a whole number'] })
    const notNumber = validateKnobs({ ANOMALY_Z: 'high' })
    expect(notNumber.ok).toBe(false)
    expect(!notNumber.ok && notNumber.errors[0]).toMatch(/^ANOMALY_Z: /)
  })
})
