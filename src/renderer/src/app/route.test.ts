import { describe, expect, it } from 'vitest'
import { formatHash, hrefForPage, parseHash } from './route'

describe('route', () => {
  it('parses the page, the scope and page parameters', () => {
    const r = parseHash('#/overview?use_case=a&from=2025-01-01&tab=mix&null=region')
    expect(r).toEqual({ page: 'overview', scope: { from: '2025-01-01', filters: { use_case: ['a'], region: [null] } }, params: { tab: 'mix' } })
  })

  it('accepts empty and odd hashes', () => {
    expect(parseHash('')).toEqual({ page: '', scope: {}, params: {} })
    expect(parseHash('#')).toEqual({ page: '', scope: {}, params: {} })
    expect(parseHash('#/data/')).toEqual({ page: 'data', scope: {}, params: {} })
    expect(parseHash('#//../../etc?x=1').page).toBe('')
  })

  it('writes scope parameters canonically, then page parameters sorted', () => {
    const hash = formatHash({ page: 'overview', scope: { filters: { region: ['eu'], use_case: ['b', 'a'] }, to: '2025-02-01' }, params: { z: '1', a: '2' } })
    expect(hash).toBe('#/overview?to=2025-02-01&use_case=b&use_case=a&region=eu&a=2&z=1')
  })

  it('round-trips', () => {
    const route = { page: 'data', scope: { text: 'a b&c', is_failure: false, filters: { model_name: ['x/y', null] } }, params: { sort: 'cost_usd:desc' } }
    expect(parseHash(formatHash(route))).toEqual(route)
  })

  it('never lets a page parameter shadow a scope parameter', () => {
    expect(formatHash({ page: 'x', scope: {}, params: { from: 'nope', use_case: 'nope' } })).toBe('#/x')
  })

  it('builds links to other pages keeping the scope', () => {
    expect(hrefForPage('data', { filters: { channel: ['api'] } })).toBe('#/data?channel=api')
    expect(hrefForPage('overview', {})).toBe('#/overview')
  })
})
