/** Whether a budget line fits a chart's value axis, and what to say when it does not (a budget far above the data would flatten every bar). */
import { formatNumber, formatUsd } from '../../lib/format'

/** A budget up to this many times the largest value is drawn (the axis stretches to hold it); beyond, it is described instead. */
export const BUDGET_SCALE_LIMIT = 3

export interface BudgetPlacement {
  /** draw the line (the axis includes the budget) */
  inView: boolean
  /** budget / largest value; null when there is no positive value */
  ratio: number | null
}

export function budgetPlacement(budget: number, dataMax: number): BudgetPlacement {
  if (!(dataMax > 0)) return { inView: true, ratio: null }
  const ratio = budget / dataMax
  return { inView: ratio <= BUDGET_SCALE_LIMIT, ratio }
}

/** "$60.00 is 659× the highest day ($0.0910): the line is above the chart's scale." */
export function offScaleNote(budget: number, dataMax: number, what: string): string {
  const ratio = budget / dataMax
  const times = ratio >= 100 ? formatNumber(ratio, 0) : formatNumber(ratio, 1)
  return `${formatUsd(budget)} is ${times}× ${what} (${formatUsd(dataMax)}): the line is above the chart's scale.`
}
