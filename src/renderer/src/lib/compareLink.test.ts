import { describe, expect, it } from 'vitest'
import { formatHash, parseHash } from '../app/route'
import { beforeAfterComparison, compareHref, compareNavigation, compareParams, modelComparison, previousPeriodComparison, readCompareB, singleModel } from './compareLink'

describe('compare links', () => {
  it('carries B in one parameter, multi-valued filters and nulls included, and reads it back', () => {
    const b = { from: '2025-03-10', filters: { model_name: ['x', 'y'], region: [null] } }
    const params = compareParams(b)
    expect(params).toEqual({ b: 'from=2025-03-10&model_name=x&model_name=y&null=region' })
    expect(readCompareB(params)).toEqual(b)
    // every row is '*', since an empty parameter is dropped from the URL
    expect(compareParams({})).toEqual({ b: '*' })
    expect(readCompareB({ b: '*' })).toEqual({})
    expect(readCompareB({})).toBeNull()
  })

  it('writes the same URL the router writes, and the router reads both scopes back', () => {
    const a = { filters: { model_name: ['claude'] } }
    const b = { filters: { model_name: ['llama'] } }
    const href = compareHref(a, b)
    expect(href).toBe('#/compare?model_name=claude&b=model_name%3Dllama')
    const nav = compareNavigation(a, b)
    expect(formatHash({ page: 'compare', scope: nav.scope, params: nav.params })).toBe(href)
    const route = parseHash(href)
    expect(route.scope).toEqual(a)
    expect(readCompareB(route.params)).toEqual(b)
  })

  it('builds before/after, previous-period and model comparisons', () => {
    expect(beforeAfterComparison({ filters: { use_case: ['u'] } }, '2025-03-10')).toEqual({
      a: { to: '2025-03-09', filters: { use_case: ['u'] } },
      b: { from: '2025-03-10', filters: { use_case: ['u'] } }
    })
    // the scope's own range bounds both sides
    expect(beforeAfterComparison({ from: '2025-03-01', to: '2025-03-20' }, '2025-03-01')).toEqual({ a: { from: '2025-03-01', to: '2025-02-28' }, b: { from: '2025-03-01', to: '2025-03-20' } })
    expect(() => beforeAfterComparison({}, '2025-02-30')).toThrow(RangeError)
    expect(previousPeriodComparison({ text: 'x' }, { from: '2025-03-08', to: '2025-03-14' }, { from: '2025-03-01', to: '2025-03-07' })).toEqual({
      a: { from: '2025-03-01', to: '2025-03-07', text: 'x' },
      b: { from: '2025-03-08', to: '2025-03-14', text: 'x' }
    })
    expect(modelComparison({ filters: { model_provider: ['p'], use_case: ['u'] } }, 'm1', 'm2')).toEqual({
      a: { filters: { use_case: ['u'], model_name: ['m1'] } },
      b: { filters: { use_case: ['u'], model_name: ['m2'] } }
    })
    expect(singleModel({ filters: { model_name: ['m'] } })).toBe('m')
    expect(singleModel({ filters: { model_name: ['m', 'n'] } })).toBeUndefined()
  })
})
