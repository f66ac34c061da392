import { describe, expect, it } from 'vitest'
import { ScopeSchema, type Scope } from '../../../shared/scope'
import { isIsoDay, normaliseScope, removeValue, sameScope, scopeFromParams, scopeToParams, setDateRange, setDimension, withoutDimension, setAnnotationFilter } from './scopeUrl'

const roundTrip = (s: Scope): Scope => scopeFromParams(new URLSearchParams(scopeToParams(s).toString()))

describe('scopeUrl', () => {
  it('writes an empty scope as no parameters', () => {
    expect(scopeToParams({}).toString()).toBe('')
    expect(scopeFromParams(new URLSearchParams(''))).toEqual({})
  })

  it('round-trips every part of a scope, including nulls, commas and unicode', () => {
    const scope: Scope = {
      from: '2025-01-01',
      to: '2025-01-31',
      filters: { use_case: ['coding, assistant', 'search'], model_name: ['gpt-4o-mini'], region: [null], channel: ['web', null] },
      text: 'timeout & retry ü',
      is_failure: true
    }
    const back = roundTrip(scope)
    expect(back).toEqual(scope)
    expect(ScopeSchema.safeParse(back).success).toBe(true)
  })

  it('keeps the false failure flag', () => {
    expect(roundTrip({ is_failure: false })).toEqual({ is_failure: false })
  })

  it('writes dimensions in a fixed order so equal scopes give equal URLs', () => {
    const a = scopeToParams({ filters: { region: ['eu'], use_case: ['x'] } }).toString()
    const b = scopeToParams({ filters: { use_case: ['x'], region: ['eu'] } }).toString()
    expect(a).toBe(b)
    expect(a).toBe('use_case=x&region=eu')
  })

  it('drops invalid parts of a hand-edited URL instead of failing', () => {
    const s = scopeFromParams(new URLSearchParams('from=2025-02-30&to=yesterday&bogus=1&null=not_a_dim&use_case=a&use_case=a&failed=maybe&q=%20'))
    expect(s).toEqual({ filters: { use_case: ['a'] } })
    expect(ScopeSchema.safeParse(s).success).toBe(true)
  })

  it('validates calendar days', () => {
    expect(isIsoDay('2024-02-29')).toBe(true)
    expect(isIsoDay('2025-02-29')).toBe(false)
    expect(isIsoDay('2025-1-01')).toBe(false)
    expect(isIsoDay(undefined)).toBe(false)
  })

  it('edits a scope and keeps it canonical', () => {
    let s: Scope = {}
    s = setDimension(s, 'use_case', ['a', 'b'])
    s = setDimension(s, 'region', [null])
    expect(s).toEqual({ filters: { use_case: ['a', 'b'], region: [null] } })
    s = removeValue(s, 'use_case', 'a')
    s = removeValue(s, 'region', null)
    expect(s).toEqual({ filters: { use_case: ['b'] } })
    s = removeValue(s, 'use_case', 'b')
    expect(s).toEqual({})
    expect(normaliseScope({ filters: { use_case: [] }, text: '  ' })).toEqual({})
  })

  it('sets date ranges, swapping reversed ends and clearing empty ones', () => {
    expect(setDateRange({}, '2025-03-01', '2025-01-01')).toEqual({ from: '2025-01-01', to: '2025-03-01' })
    expect(setDateRange({ from: '2025-01-01', to: '2025-01-02' }, '', '2025-01-02')).toEqual({ to: '2025-01-02' })
  })

  it('removes one dimension for option look-ups and compares scopes', () => {
    const s: Scope = { from: '2025-01-01', filters: { use_case: ['a'], region: ['eu'] } }
    expect(withoutDimension(s, 'use_case')).toEqual({ from: '2025-01-01', filters: { region: ['eu'] } })
    expect(sameScope({ filters: { use_case: [] } }, {})).toBe(true)
    expect(sameScope(s, { ...s, to: '2025-02-01' })).toBe(false)
  })
})

describe('scope window in the URL', () => {
  it('round-trips the analysis window and drops unknown ones', () => {
    const scope = { window: 'history' as const, filters: { use_case: ['coding'] } }
    expect(scopeFromParams(scopeToParams(scope))).toEqual(scope)
    expect(scopeFromParams(new URLSearchParams('window=everything'))).toEqual({})
    expect(normaliseScope({ window: 'evaluation' })).toEqual({ window: 'evaluation' })
  })
})

describe('annotation status filter in the URL', () => {
  it('round-trips review=<status>, in canonical order, unreviewed included, unknown values dropped', () => {
    const scope: Scope = { annotation: ['confirmed_failure', 'unreviewed'] }
    const params = scopeToParams(scope)
    expect(params.toString()).toBe('review=unreviewed&review=confirmed_failure')
    expect(scopeFromParams(params)).toEqual({ annotation: ['unreviewed', 'confirmed_failure'] })
    expect(scopeFromParams(new URLSearchParams('review=maybe&review=fixed'))).toEqual({ annotation: ['fixed'] })
    expect(normaliseScope({ annotation: [] })).toEqual({})
    expect(setAnnotationFilter({ window: 'history' }, ['fixed', 'bogus', 'open'])).toEqual({ window: 'history', annotation: ['open', 'fixed'] })
    expect(sameScope({ annotation: ['open', 'fixed'] }, { annotation: ['fixed', 'open'] })).toBe(true)
  })
})
