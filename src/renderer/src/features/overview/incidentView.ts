/** Pure reading of budget incidents for the Overview: which budget burns, since when, how hard, the slice driving it, and the drilldowns to exactly those interactions. */
import type { BurnDay } from '../../../../shared/analysis'
import type { BudgetKind, Incident } from '../../../../shared/costs'
import type { Knobs } from '../../../../shared/knobs'
import type { DrilldownTarget } from '../../lib/drilldown'
import { formatNumber, formatPercent, formatPercentShort, formatUsd, plural } from '../../lib/format'

export interface IncidentLink {
  /** button text, e.g. "16 requests" */
  label: string
  target: DrilldownTarget
  /** rows the Explorer will show */
  expected: number
  /** what the Explorer says it came from */
  origin: string
  testId: string
}

export interface IncidentView {
  budget: BudgetKind
  title: string
  /** "since 2025-02-21 · 9 days" */
  run: string
  /** "2.04× the budget on 2025-03-01 (failure rate 4.08% vs 2%)" */
  burn: string
  /** the top slice in words, or why there is none */
  slice: string
  links: IncidentLink[]
}

const TITLES: Record<BudgetKind, string> = {
  fail: 'Failure budget burning',
  sla: 'SLA budget burning',
  cost: 'Cost budget burning'
}

function sliceName(uc: string | null, model: string | null): string {
  return `${uc ?? '(no use case)'} × ${model ?? '(no model)'}`
}

function lastValue(kind: BudgetKind, d: BurnDay, k: Knobs | null): string {
  if (kind === 'fail') return `failure rate ${formatPercent(d.fail_rate)}${k ? ` vs ${formatPercentShort(k.FAIL_BUDGET)}` : ''}`
  if (kind === 'sla') return `SLA breaches ${formatPercent(d.sla_breach_rate)}${k ? ` vs ${formatPercentShort(k.SLA_BUDGET)}` : ''}`
  return `cost ${formatUsd(d.cost)}${k ? ` vs ${formatUsd(k.DAILY_COST_BUDGET_USD)}` : ''}`
}

/**
 * One incident as the Overview lists it. `days` is the budget burn of the same scope (it names the
 * last day and counts the run's requests); links open the run, the top slice over the run, and for
 * the failure budget the failures among them.
 */
export function incidentView(inc: Incident, days: readonly BurnDay[], knobs: Knobs | null): IncidentView {
  const last = days[days.length - 1]
  const lastDay = last?.date_utc ?? inc.since
  const run = days.filter((d) => d.date_utc >= inc.since && d.date_utc <= lastDay)
  const runRequests = run.reduce((s, d) => s + d.requests, 0)
  // fail_rate is failures / requests per day, so rounding recovers each day's exact count
  const runFailures = run.reduce((s, d) => s + Math.round(d.fail_rate * d.requests), 0)
  const range = { from: inc.since, to: lastDay }
  const period = inc.since === lastDay ? `on ${lastDay}` : `${inc.since} → ${lastDay}`
  const name = TITLES[inc.budget]

  const links: IncidentLink[] = [
    { label: plural(runRequests, 'request'), target: range, expected: runRequests, origin: `Overview · ${name.toLowerCase()}, ${period}`, testId: `incident-${inc.budget}-run` }
  ]
  if (inc.budget === 'fail') {
    links.push({
      label: plural(runFailures, 'failure'),
      target: { ...range, is_failure: true },
      expected: runFailures,
      origin: `Overview · failures while the failure budget burns, ${period}`,
      testId: `incident-${inc.budget}-run-failures`
    })
  }

  let slice = 'No single slice stands out: the excess is spread over many (use case, model) slices.'
  const s = inc.top_slice
  if (s) {
    const metric = inc.budget === 'fail' ? `failure rate ${formatPercent(s.rate_or_cost)}` : inc.budget === 'sla' ? `SLA breaches ${formatPercent(s.rate_or_cost)}` : `cost ${formatUsd(s.rate_or_cost)}`
    slice = `Top slice ${sliceName(s.use_case, s.model_name)}: ${plural(s.requests, 'request')}, ${metric}, ${formatPercent(s.excess_share, 1)} of the excess ${inc.since === lastDay ? period : `over ${period}`}.`
    const filters = { use_case: [s.use_case], model_name: [s.model_name] }
    links.push({
      label: `${sliceName(s.use_case, s.model_name)}: ${plural(s.requests, 'request')}`,
      target: { ...range, filters },
      expected: s.requests,
      origin: `Overview · top slice of the ${name.toLowerCase().replace(' burning', '')}, ${sliceName(s.use_case, s.model_name)}, ${period}`,
      testId: `incident-${inc.budget}-slice`
    })
    if (inc.budget === 'fail') {
      // rate_or_cost is the slice's failure rate over the run: failures / requests
      const failures = Math.round(s.rate_or_cost * s.requests)
      links.push({
        label: `its ${plural(failures, 'failure')}`,
        target: { ...range, filters, is_failure: true },
        expected: failures,
        origin: `Overview · failures of ${sliceName(s.use_case, s.model_name)}, ${period}`,
        testId: `incident-${inc.budget}-slice-failures`
      })
    }
  }

  return {
    budget: inc.budget,
    title: name,
    run: `since ${inc.since} · ${plural(inc.days, 'day')}`,
    burn: `${formatNumber(inc.last_burn, 2)}× the budget on ${lastDay}${last ? ` (${lastValue(inc.budget, last, knobs)})` : ''}`,
    slice,
    links
  }
}
