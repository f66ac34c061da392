import { describe, expect, it } from 'vitest'
import type { Scope } from '../../../shared/scope'
import { drilldown, drilldownParams, drilldownScope, groupValues, readDrilldownParams, scopeFingerprint, withoutDrilldownParams } from './drilldown'
import { sameScope, scopeFromParams, scopeToParams } from './scopeUrl'

describe('drilldownScope', () => {
  it('turns a clicked day into a one-day range and keeps the rest of the scope', () => {
    const scope: Scope = { filters: { use_case: ['coding', 'search'] }, text: 'refund' }
    expect(drilldownScope(scope, { day: '2025-01-15' })).toEqual({ from: '2025-01-15', to: '2025-01-15', filters: { use_case: ['coding', 'search'] }, text: 'refund' })
  })

  it('narrows a dimension to the clicked value and adds new ones', () => {
    const scope: Scope = { filters: { use_case: ['coding', 'search'], region: ['eu'] } }
    const out = drilldownScope(scope, { filters: { use_case: ['coding'], model_name: ['gemini'] } })
    expect(out.filters).toEqual({ use_case: ['coding'], region: ['eu'], model_name: ['gemini'] })
    // the input is not changed
    expect(scope.filters?.use_case).toEqual(['coding', 'search'])
  })

  it('selects null groups and de-duplicates values', () => {
    const out = drilldownScope({}, { filters: { model_name: [null], failure_type: ['a', 'a', null] } })
    expect(out.filters).toEqual({ model_name: [null], failure_type: ['a', null] })
  })

  it('ignores empty value lists and drops an empty filter map', () => {
    expect(drilldownScope({ filters: { use_case: [] } }, { filters: { region: [] } })).toEqual({})
  })

  it('intersects a range with the scope dates', () => {
    const scope: Scope = { from: '2025-01-10', to: '2025-02-10' }
    expect(drilldownScope(scope, { from: '2025-01-01', to: '2025-01-20' })).toEqual({ from: '2025-01-10', to: '2025-01-20' })
    expect(drilldownScope(scope, { from: '2025-02-01', to: '2025-03-01' })).toEqual({ from: '2025-02-01', to: '2025-02-10' })
    expect(drilldownScope(scope, { to: '2025-01-31' })).toEqual({ from: '2025-01-10', to: '2025-01-31' })
  })

  it('sets the failure flag and the window', () => {
    expect(drilldownScope({ is_failure: false }, { is_failure: true })).toEqual({ is_failure: true })
    expect(drilldownScope({ text: 'x' }, { window: 'history' })).toEqual({ text: 'x', window: 'history' })
    expect(drilldownScope({ window: 'evaluation' }, {})).toEqual({ window: 'evaluation' })
  })

  it('rejects malformed days and a day combined with a range', () => {
    expect(() => drilldownScope({}, { day: '2025-1-5' })).toThrow(RangeError)
    expect(() => drilldownScope({}, { from: '2025-02-30' })).toThrow(/YYYY-MM-DD/)
    expect(() => drilldownScope({}, { day: '2025-01-05', to: '2025-01-06' })).toThrow(/either day or from\/to/)
  })

  it('survives the URL round trip the navigation makes', () => {
    const out = drilldownScope({ filters: { region: ['eu'] }, text: 'a b' }, { day: '2025-01-15', filters: { failure_type: groupValues('unknown') }, is_failure: true })
    expect(sameScope(scopeFromParams(scopeToParams(out)), out)).toBe(true)
    expect(scopeToParams(out).toString()).toBe('from=2025-01-15&to=2025-01-15&region=eu&failure_type=unknown&null=failure_type&q=a+b&failed=1')
  })
})

describe('groupValues', () => {
  it('reads the unknown group as the literal and null', () => {
    expect(groupValues('unknown')).toEqual(['unknown', null])
    expect(groupValues('hallucination')).toEqual(['hallucination'])
    expect(groupValues(null)).toEqual([null])
  })
})

describe('drilldown parameters', () => {
  it('carry the origin and the expected count for the scope they were made for', () => {
    const nav = drilldown({ filters: { region: ['eu'] } }, { day: '2025-01-15' }, { origin: 'Overview · requests on 2025-01-15', expected: 45 })
    expect(nav.scope).toEqual({ from: '2025-01-15', to: '2025-01-15', filters: { region: ['eu'] } })
    expect(nav.params).toEqual({ origin: 'Overview · requests on 2025-01-15', expect: '45', dscope: scopeFingerprint(nav.scope) })
    expect(readDrilldownParams(nav.params, nav.scope)).toEqual({ origin: 'Overview · requests on 2025-01-15', expected: 45, scopeMatches: true })
    // a filter added afterwards: the expected count no longer applies
    expect(readDrilldownParams(nav.params, { ...nav.scope, is_failure: true })?.scopeMatches).toBe(false)
  })

  it('still match after the URL round trip (value order, nulls, empty lists)', () => {
    const scope = drilldownScope({}, { filters: { failure_type: [null, 'unknown'], use_case: [] }, day: '2025-02-01' })
    const params = drilldownParams(scope, { origin: 'x', expected: 3 })
    expect(readDrilldownParams(params, scopeFromParams(scopeToParams(scope)))?.scopeMatches).toBe(true)
  })

  it('tell scopes apart', () => {
    const fps = [{}, { text: 'a' }, { from: '2025-01-01' }, { to: '2025-01-01' }, { is_failure: true }, { is_failure: false }, { window: 'history' as const }, { filters: { use_case: ['a'] } }, { filters: { region: ['a'] } }].map(scopeFingerprint)
    expect(new Set(fps).size).toBe(fps.length)
    expect(scopeFingerprint({ text: '  ' })).toBe(scopeFingerprint({}))
  })

  it('read nothing without an origin, and ignore a malformed count', () => {
    expect(readDrilldownParams({ expect: '3' }, {})).toBeNull()
    expect(readDrilldownParams({ origin: 'x', expect: '-3' }, {})?.expected).toBeNull()
    expect(drilldownParams({}, { origin: 'x' })).not.toHaveProperty('expect')
    expect(withoutDrilldownParams({ origin: 'x', expect: '3', dscope: 'ab', tab: 'sql' })).toEqual({ tab: 'sql' })
  })
})
