import { describe, expect, it } from 'vitest'
import { buildPiiDayOption, buildTypeFieldOption, fieldOrder, type PiiBarItem } from './buildPiiOptions'

describe('buildTypeFieldOption', () => {
  const cells = [
    { entity_type: 'EMAIL_ADDRESS', field: 'request_text', findings: 5, rows: 4 },
    { entity_type: 'EMAIL_ADDRESS', field: 'response_text_snippet', findings: 2, rows: 2 },
    { entity_type: 'SECRET', field: 'response_text_snippet', findings: 9, rows: 9 },
    { entity_type: 'PHONE_NUMBER', field: 'notes', findings: 1, rows: 1 }
  ]
  it('puts the type with most findings on top and stacks responses first, in red', () => {
    const o = buildTypeFieldOption(cells) as { yAxis: { data: string[] }; series: { name: string; itemStyle: { color: string }; data: PiiBarItem[] }[] }
    // SECRET 9, EMAIL 7, PHONE 1
    expect(o.yAxis.data).toEqual(['SECRET', 'EMAIL_ADDRESS', 'PHONE_NUMBER'])
    expect(o.series.map((s) => s.name)).toEqual(['response_text_snippet', 'request_text', 'notes'])
    expect(o.series[0].itemStyle.color).toBe('#e5484d')
    expect(o.series[0].data.map((d) => d.value)).toEqual([9, 2, 0])
    expect(o.series[1].data[1]).toMatchObject({ value: 5, rows: 4, entity_type: 'EMAIL_ADDRESS', field: 'request_text' })
  })
  it('draws nothing for no findings', () => {
    const o = buildTypeFieldOption([]) as { series: unknown[] }
    expect(o.series).toEqual([])
    expect(fieldOrder([])).toEqual([])
  })
})

describe('buildPiiDayOption', () => {
  it('fills the days between the first and last with zeros, one stack per type', () => {
    const o = buildPiiDayOption([
      { day: '2025-01-01', entity_type: 'SECRET', findings: 2, rows: 2 },
      { day: '2025-01-03', entity_type: 'EMAIL_ADDRESS', findings: 1, rows: 1 }
    ]) as { xAxis: { data: string[] }; series: { name: string; data: PiiBarItem[] }[] }
    expect(o.xAxis.data).toEqual(['2025-01-01', '2025-01-02', '2025-01-03'])
    expect(o.series.map((s) => s.name)).toEqual(['EMAIL_ADDRESS', 'SECRET'])
    expect(o.series[1].data.map((d) => d.value)).toEqual([2, 0, 0])
    expect(o.series[0].data[2]).toMatchObject({ value: 1, day: '2025-01-03', entity_type: 'EMAIL_ADDRESS' })
  })
})
