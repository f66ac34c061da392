import { describe, expect, it } from 'vitest'
import { DEFAULT_SAMPLING_INPUTS } from '../../../../shared/sampling'
import { addRule, draftFromInputs, fieldKind, moveRule, nextRuleId, parseDraft, removeRule, ruleCondition, updateRule } from './samplingDraft'

describe('samplingDraft', () => {
  it('shows the default inputs and parses them back unchanged', () => {
    const d = draftFromInputs()
    expect(d).toMatchObject({ mode: 'keep_share', keepPct: '20', minKept: '5', minRatePct: '1', pricePerGb: '0.5', boostFactor: '3', rules: [] })
    expect(parseDraft(d)).toEqual({ inputs: DEFAULT_SAMPLING_INPUTS, errors: {} })
  })

  it('turns percents into shares and a dollar budget into its own kind', () => {
    const p = parseDraft({ ...draftFromInputs(), keepPct: '12.5', minRatePct: '0.5', boostDays: '2025-01-03, 2025-01-01\n2025-01-03', boostFactor: '2' })
    expect(p.inputs).toMatchObject({ budget: { kind: 'keep_share', keep_share: 0.125 }, min_rate: 0.005, boost: { enabled: true, from_anomalies: true, days: ['2025-01-01', '2025-01-03'], factor: 2 } })
    // the boost rule's switches travel as they are
    const off = parseDraft({ ...draftFromInputs(), boostEnabled: false, boostFromAnomalies: false })
    expect(off.inputs?.boost).toEqual({ enabled: false, from_anomalies: false, days: [], factor: 3 })
    const usd = parseDraft({ ...draftFromInputs(), mode: 'usd_per_month', usdPerMonth: '40', pricePerGb: '0.25' })
    expect(usd.inputs).toMatchObject({ budget: { kind: 'usd_per_month', usd_per_month: 40 }, storage_usd_per_gb_month: 0.25 })
  })

  it('names every field that is wrong and gives no inputs', () => {
    const p = parseDraft({ ...draftFromInputs(), keepPct: '0', pricePerGb: 'abc', minKept: '2.5', minRatePct: '101', boostDays: '2025-13-45', boostFactor: '0.5' })
    expect(p.inputs).toBeNull()
    expect(Object.keys(p.errors).sort()).toEqual(['boostDays', 'boostFactor', 'keepPct', 'minKept', 'minRatePct', 'pricePerGb'])
    expect(p.errors.boostDays).toBe('2025-13-45 is not a YYYY-MM-DD day')
    expect(parseDraft({ ...draftFromInputs(), mode: 'usd_per_month', usdPerMonth: '' }).errors.usdPerMonth).toBe('dollars per month, above 0')
  })

  it('edits rules: add, change a rate, move, remove; conditions by column kind', () => {
    let d = draftFromInputs()
    d = addRule(d, { field: 'use_case', value: 'chat, code, chat', ratePct: '5' })
    d = addRule(d, { field: 'hallucination_flag', value: '', ratePct: '100' })
    d = addRule(d, { field: 'latency_ms', value: '5000', ratePct: '50' })
    expect(d.rules.map((r) => r.id)).toEqual(['r1', 'r2', 'r3'])
    d = updateRule(d, 'r1', { ratePct: '2.5' })
    const p = parseDraft(d)
    expect(p.inputs!.rules).toEqual([
      { id: 'r1', condition: { op: 'in', field: 'use_case', values: ['chat', 'code'] }, rate: 0.025 },
      { id: 'r2', condition: { op: 'is_true', field: 'hallucination_flag' }, rate: 1 },
      { id: 'r3', condition: { op: 'gt', field: 'latency_ms', value: 5000 }, rate: 0.5 }
    ])
    expect(moveRule(d, 'r3', -1).rules.map((r) => r.id)).toEqual(['r1', 'r3', 'r2'])
    expect(moveRule(d, 'r1', -1)).toBe(d)
    d = removeRule(d, 'r2')
    expect(nextRuleId(d.rules)).toBe('r4')
    expect(fieldKind('cost_usd')).toBe('numeric')
    expect(fieldKind('toxicity_flag')).toBe('flag')
    expect(ruleCondition({ id: 'x', field: 'model_name', value: ' , ', ratePct: '1' })).toBe('model_name: name at least one value')
    const bad = parseDraft(updateRule(d, 'r3', { value: 'slow' }))
    expect(bad.errors['rule:r3']).toBe('latency_ms: a number')
    expect(parseDraft(updateRule(d, 'r1', { ratePct: '150' })).errors['rule:r1']).toBe('a rate from 0 to 100%')
  })

  it('round-trips inputs with rules through the form', () => {
    const inputs = parseDraft(addRule(draftFromInputs(), { field: 'cost_usd', value: '0.03', ratePct: '30' })).inputs!
    expect(parseDraft(draftFromInputs(inputs)).inputs).toEqual(inputs)
  })
})
