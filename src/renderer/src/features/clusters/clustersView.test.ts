import { describe, expect, it } from 'vitest'
import { clustersParams, readClustersParams, sentenceDrilldown, sparklinePath, clusterDrilldown } from './clustersView'

describe('page parameters', () => {
  it('reads defaults, keeps valid values and drops invalid ones', () => {
    expect(readClustersParams({})).toEqual({ ranking: { strategy: 'excess_failures', minSize: 20 }, colorBy: 'cluster', cluster: null })
    expect(readClustersParams({ rank: 'cost', min: '5', color: 'failure', c: '3' })).toEqual({ ranking: { strategy: 'cost', minSize: 5 }, colorBy: 'failure', cluster: 3 })
    expect(readClustersParams({ rank: 'x', min: '0', color: 'y', c: '-1' })).toEqual(readClustersParams({}))
  })

  it('writes only what differs from the defaults, and round-trips', () => {
    expect(clustersParams(readClustersParams({}))).toEqual({})
    const s = readClustersParams({ rank: 'latency', min: '7', c: '2' })
    expect(readClustersParams(clustersParams(s))).toEqual(s)
  })

  it("falls back to a workspace's saved ranking and colouring, and writes against them", () => {
    const saved = { ranking: { strategy: 'failures' as const, minSize: 5 }, colorBy: 'model_name' as const }
    expect(readClustersParams({}, saved)).toEqual({ ...saved, cluster: null })
    // the URL still wins
    expect(readClustersParams({ rank: 'cost', color: 'cluster' }, saved)).toEqual({ ranking: { strategy: 'cost', minSize: 5 }, colorBy: 'cluster', cluster: null })
    // back to the app's default while the workspace says otherwise: written out, so it round-trips
    const s = { ranking: { strategy: 'excess_failures' as const, minSize: 20 }, colorBy: 'cluster' as const, cluster: null }
    expect(clustersParams(s, saved)).toEqual({ rank: 'excess_failures', min: '20', color: 'cluster' })
    expect(readClustersParams(clustersParams(s, saved), saved)).toEqual(s)
  })
})

describe('sparklinePath', () => {
  it('scales the values into the box, the maximum at the top', () => {
    expect(sparklinePath([0, 2, 1], 10, 4)).toBe('M0.0,4.0 L5.0,0.0 L10.0,2.0')
    expect(sparklinePath([0, 0], 10, 4)).toBe('M0.0,4.0 L10.0,4.0')
    expect(sparklinePath([], 10, 4)).toBe('')
  })
})

describe('drilldowns', () => {
  it('opens a cluster (or its failures) within the page scope with the expected count', () => {
    const d = clusterDrilldown({ filters: { model_name: ['m'] } }, 3, 'reset password', 40, true)
    expect(d.scope).toEqual({ filters: { model_name: ['m'], cluster: ['3'] }, is_failure: true })
    expect(d.params.expect).toBe('40')
  })

  it('opens the rows behind a diagnosis sentence, and nothing for a sentence without rows', () => {
    const d = sentenceDrilldown({}, 'Cluster #3', { text: 'x', rows: { filters: { cluster: ['3'], model_name: ['a'] }, is_failure: true, count: 5 } })
    expect(d?.scope).toEqual({ filters: { cluster: ['3'], model_name: ['a'] }, is_failure: true })
    expect(d?.params.expect).toBe('5')
    expect(sentenceDrilldown({}, 't', { text: 'no rows' })).toBeNull()
  })
})
