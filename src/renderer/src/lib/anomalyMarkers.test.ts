import { describe, expect, it } from 'vitest'
import { alarmOf, finding, reportOf } from './anomalyFixtures'
import { anomalyMarkers, MARKER_COLORS, markerLines } from './anomalyMarkers'

describe('anomalyMarkers', () => {
  it('one marker per day, the worst tone and the labels joined, in date order', () => {
    const r = reportOf([
      alarmOf(finding({ id: 'a', date: '2025-03-12', kind: 'spike', tone: 'better' }), [], 2),
      alarmOf(finding({ id: 'b', date: '2025-03-12', tone: 'worse' }), [], 1),
      alarmOf(finding({ id: 'c', date: '2025-03-05' }), [], 3),
      alarmOf(finding({ id: 'd', metric: 'requests' }), [], 4)
    ])
    const m = anomalyMarkers(r, 'failure_rate', (a) => a.id)
    expect(m).toEqual([
      { date: '2025-03-05', kind: 'change_point', tone: 'worse', label: 'c', slices: ['B'] },
      { date: '2025-03-12', kind: 'change_point', tone: 'worse', label: 'a\nb', slices: ['B', 'B'] }
    ])
  })

  it('draws markers on the axis only: solid for a change, dotted for a spike', () => {
    const lines = markerLines(
      [
        { date: '2025-03-05', kind: 'change_point', tone: 'worse', label: 'x', slices: ['gemini-1.5-flash-with-a-long-name'] },
        { date: '2025-03-06', kind: 'spike', tone: 'better', label: 'y' },
        { date: '2024-01-01', kind: 'spike', tone: 'worse', label: 'off the axis' }
      ],
      ['2025-03-05', '2025-03-06']
    )
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({ xAxis: '2025-03-05', name: 'x', lineStyle: { type: 'solid', color: MARKER_COLORS.worse }, label: { formatter: 'change: gemini-1.5-flas…' } })
    expect(lines[1]).toMatchObject({ xAxis: '2025-03-06', lineStyle: { type: 'dotted', color: MARKER_COLORS.better }, label: { formatter: 'spike' } })
  })
})
