/** Pure echarts options for how well the triage model ranks failures: the ROC curve against chance, and the precision-recall curve against the base rate, each with the chosen and the slider's threshold as points. */
import type { EChartsOption } from 'echarts'
import type { TriagePolicyMetrics, TriagePrPoint, TriageRocPoint } from '../../../../shared/triage'
import { SEMANTIC_COLORS } from '../../components/chartThemes'
import { formatNumber, formatPercent } from '../../lib/format'

/** A confusion matrix as a point of each curve (null where the rate is undefined). */
export function operatingPoint(m: Pick<TriagePolicyMetrics, 'tp' | 'fp' | 'fn' | 'tn'>): { fpr: number | null; tpr: number | null; recall: number | null; precision: number | null } {
  const pos = m.tp + m.fn
  const neg = m.fp + m.tn
  const flagged = m.tp + m.fp
  return { fpr: neg ? m.fp / neg : null, tpr: pos ? m.tp / pos : null, recall: pos ? m.tp / pos : null, precision: flagged ? m.tp / flagged : null }
}

export interface MarkedThreshold {
  label: string
  metrics: Pick<TriagePolicyMetrics, 'tp' | 'fp' | 'fn' | 'tn'>
  color: string
}

const CURVE_COLOR = SEMANTIC_COLORS.accent

function pointSeries(marks: readonly MarkedThreshold[], xy: (m: MarkedThreshold) => [number | null, number | null]): Record<string, unknown>[] {
  return marks
    .map((m) => ({ m, p: xy(m) }))
    .filter(({ p }) => p[0] !== null && p[1] !== null)
    .map(({ m, p }) => ({
      type: 'scatter',
      name: m.label,
      symbolSize: 9,
      z: 5,
      itemStyle: { color: m.color, borderColor: '#fff', borderWidth: 1 },
      data: [p],
      label: { show: true, position: 'left', fontSize: 10, textBorderWidth: 0, formatter: m.label }
    }))
}

function unitAxis(name: string): Record<string, unknown> {
  return { type: 'value', name, nameLocation: 'middle', nameGap: 26, min: 0, max: 1, interval: 0.2, axisLabel: { formatter: (v: number) => formatNumber(v, 1) } }
}

// the axis names sit outside the labels: a fixed margin keeps them in the canvas (containLabel ignores names)
const GRID = { left: 52, right: 20, top: 16, bottom: 44 }

export function buildRocOption(points: readonly TriageRocPoint[], marks: readonly MarkedThreshold[]): EChartsOption {
  return {
    animationDuration: 300,
    grid: GRID,
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const q = p as { seriesName: string; value: [number, number] }
        return `<b>${q.seriesName}</b><br/>false-positive rate ${formatPercent(q.value[0])}<br/>true-positive rate ${formatPercent(q.value[1])}`
      }
    },
    xAxis: unitAxis('false-positive rate'),
    yAxis: { ...unitAxis('true-positive rate (recall)'), nameGap: 34 },
    series: [
      { type: 'line', name: 'chance', silent: true, showSymbol: false, data: [[0, 0], [1, 1]], lineStyle: { type: 'dashed', width: 1, color: SEMANTIC_COLORS.neutral }, itemStyle: { color: SEMANTIC_COLORS.neutral } },
      {
        type: 'line',
        name: 'ROC',
        showSymbol: false,
        data: points.map((p) => [p.fpr, p.tpr]),
        lineStyle: { width: 2, color: CURVE_COLOR },
        itemStyle: { color: CURVE_COLOR },
        areaStyle: { color: CURVE_COLOR, opacity: 0.08 }
      },
      ...pointSeries(marks, (m) => {
        const o = operatingPoint(m.metrics)
        return [o.fpr, o.tpr]
      })
    ] as EChartsOption['series']
  }
}

export function buildPrOption(points: readonly TriagePrPoint[], baseRate: number, marks: readonly MarkedThreshold[]): EChartsOption {
  return {
    animationDuration: 300,
    grid: GRID,
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const q = p as { seriesName: string; value: [number, number] }
        return `<b>${q.seriesName}</b><br/>recall ${formatPercent(q.value[0])}<br/>precision ${formatPercent(q.value[1])}`
      }
    },
    xAxis: unitAxis('recall'),
    yAxis: { ...unitAxis('precision'), nameGap: 34 },
    series: [
      {
        type: 'line',
        name: 'base rate',
        silent: true,
        showSymbol: false,
        data: [
          [0, baseRate],
          [1, baseRate]
        ],
        lineStyle: { type: 'dashed', width: 1, color: SEMANTIC_COLORS.neutral },
        itemStyle: { color: SEMANTIC_COLORS.neutral }
      },
      {
        type: 'line',
        name: 'precision-recall',
        // average precision weighs each recall step by the precision at its end: draw the step there
        step: 'start',
        showSymbol: false,
        data: points.map((p) => [p.recall, p.precision]),
        lineStyle: { width: 2, color: CURVE_COLOR },
        itemStyle: { color: CURVE_COLOR }
      },
      ...pointSeries(marks, (m) => {
        const o = operatingPoint(m.metrics)
        return [o.recall, o.precision]
      })
    ] as EChartsOption['series']
  }
}
