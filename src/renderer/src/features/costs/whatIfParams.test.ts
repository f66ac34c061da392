import { describe, expect, it } from 'vitest'
import { changeOf, DEFAULT_WHAT_IF, readWhatIf, whatIfFromChange, whatIfParams, withWhatIf } from './whatIfParams'

describe('what-if URL parameters', () => {
  it('round-trips a model target, a share and a volume; defaults are left out', () => {
    const s = { useCase: 'coding', target: { kind: 'model' as const, model_provider: 'google', model_name: 'gemini' }, share: 0.25, volume: 2 }
    const p = whatIfParams(s)
    expect(p).toEqual({ 'rp.uc': 'coding', 'rp.model': 'gemini', 'rp.provider': 'google', 'rp.share': '25', vol: '2' })
    expect(readWhatIf(p)).toEqual(s)
    expect(whatIfParams(DEFAULT_WHAT_IF)).toEqual({})
    expect(readWhatIf({})).toEqual(DEFAULT_WHAT_IF)
  })

  it('reads a custom price; falls back on anything invalid', () => {
    expect(readWhatIf({ 'rp.pp': '0.5', 'rp.pc': '1e0' }).target).toEqual({ kind: 'custom', usd_per_1m_prompt: 0.5, usd_per_1m_completion: 1 })
    expect(readWhatIf({ 'rp.pp': '-1', 'rp.pc': '1' }).target).toBeNull()
    expect(readWhatIf({ 'rp.pp': '0x1', 'rp.pc': '1' }).target).toBeNull()
    expect(readWhatIf({ 'rp.share': '150', vol: '9' })).toMatchObject({ share: 1, volume: 1 })
    expect(readWhatIf({ 'rp.share': '0', vol: '0.5' })).toMatchObject({ share: 0, volume: 0.5 })
    // a model with no provider
    expect(readWhatIf({ 'rp.model': 'local' }).target).toEqual({ kind: 'model', model_provider: null, model_name: 'local' })
  })

  it("replaces only the what-if's parameters and turns it into a routing change", () => {
    expect(withWhatIf({ other: 'x', 'rp.uc': 'a', vol: '3' }, { ...DEFAULT_WHAT_IF, useCase: 'b' })).toEqual({ other: 'x', 'rp.uc': 'b' })
    expect(changeOf(DEFAULT_WHAT_IF)).toBeNull()
    const change = { use_case: 'a', target: { kind: 'model' as const, model_provider: null, model_name: 'm' }, share: 1 }
    expect(changeOf(whatIfFromChange(change, 2))).toEqual(change)
  })
})
