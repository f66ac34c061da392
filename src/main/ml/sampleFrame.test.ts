import { describe, expect, it } from 'vitest'
import { buildFrame, mergeGroupRuns } from './sampleFrame'

describe('mergeGroupRuns', () => {
  it('merges per-group (latency, rowid) runs into one (latency, rowid) order, ties by rowid (hand-checked)', () => {
    // rows 0..6; group 0 = rows 0,1,2; group 1 = rows 3,4; group 2 empty; group 3 = rows 5,6
    const latency = [10, 20, 20, 5, 20, 20, 30]
    const rowid = [7, 2, 9, 1, 4, 3, 0]
    const byGroup = Int32Array.from([0, 1, 2, 3, 4, 5, 6])
    const starts = Int32Array.from([0, 3, 5, 5, 7])
    // latency 5 (row 3), 10 (row 0), then the 20s by rowid: 2 (row 1), 3 (row 5), 4 (row 4), 9 (row 2), then 30 (row 6)
    expect(Array.from(mergeGroupRuns(byGroup, starts, latency, rowid))).toEqual([3, 0, 1, 5, 4, 2, 6])
    expect(Array.from(mergeGroupRuns(new Int32Array(0), Int32Array.from([0, 0]), [], []))).toEqual([])
  })

  it('gives the frame the same latency orders as sorting, when SQL hands the rows over presorted', () => {
    // rows presorted by (group, latency with NaN last, rowid); rowid = the row's position in the unsorted table
    const group = [0, 0, 0, 1, 1, 1]
    const latency = [1, 3, NaN, 2, 3, 3]
    const rowid = [4, 0, 5, 2, 1, 3]
    const common = { cls: [0, 0, 0, 0, 0, 0], group, groups: [{ model_name: 'a', use_case: 'x' }, { model_name: 'b', use_case: 'x' }], dayNumber: [0, 0, 0, 0, 0, 0], w0: [1, 1, 1, 1, 1, 1], uHi: [0, 0, 0, 0, 0, 0], uLo: [0, 0, 0, 0, 0, 0], isFailure: [0, 0, 0, 0, 0, 0], latency, cost: [0, 0, 0, 0, 0, 0], bytes: [1, 1, 1, 1, 1, 1] }
    const { frame } = buildFrame({ ...common, presorted: { stratum: [0, 0, 0, 1, 1, 1], rowid } })
    expect(Array.from(frame.byGroupLatency)).toEqual([0, 1, 3, 4, 5])
    // 1 (row 0), 2 (row 3), then the 3s by rowid: 0 (row 1), 1 (row 4), 3 (row 5)
    expect(Array.from(frame.byLatency)).toEqual([0, 3, 1, 4, 5])
    expect(Array.from(frame.groupStarts)).toEqual([0, 2, 5])
  })
})
