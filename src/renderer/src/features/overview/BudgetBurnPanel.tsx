/** The daily budget burn panel: five day charts with budget lines (or the same numbers as a table), click a day to open its interactions in the Explorer. */
import { useEffect, useMemo, useRef, type ReactElement, type RefObject } from 'react'
import type { BurnDay } from '../../../../shared/analysis'
import { budgetBurnCsv } from '../../../../shared/artifacts/analysisArtifacts'
import type { Knobs } from '../../../../shared/knobs'
import { Chart, type ChartHandle } from '../../components/Chart'
import { EmptyState } from '../../components/EmptyState'
import { ChartPanel } from '../../components/ChartPanel'
import { formatInt, formatMs, formatNumber, formatPercent, formatUsd, plural } from '../../lib/format'
import type { AnomalyMarker } from '../../lib/anomalyMarkers'
import { BURN_METRICS, buildBurnOption, burnChartHeight, overBudget, type BurnMetricId } from './buildBurnOption'

export interface BudgetBurnPanelProps {
  days: readonly BurnDay[]
  knobs: Knobs | null
  stale?: boolean
  canPickFiles: boolean
  /** a click on one day of one chart */
  onDrill: (metric: BurnMetricId, day: BurnDay) => void
  /** anomaly alarms per chart, marked at their days */
  markers?: Partial<Record<BurnMetricId, readonly AnomalyMarker[]>>
}

function Burn({ value, over }: { value: number | null; over: boolean }): ReactElement | null {
  if (value === null) return null
  return <span className={over ? 'bad-text burn-x' : 'muted burn-x'}>{formatNumber(value, 2)}×</span>
}

function BurnTable({ days, knobs, onDrill }: { days: readonly BurnDay[]; knobs: Knobs | null; onDrill: BudgetBurnPanelProps['onDrill'] }): ReactElement {
  const [fail, sla, p95, cost] = [BURN_METRICS[1], BURN_METRICS[2], BURN_METRICS[3], BURN_METRICS[4]]
  return (
    <div className="table-wrap burn-table" data-testid="burn-table">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col" className="num">
              Failures
            </th>
            <th scope="col" className="num">
              Failure rate
            </th>
            <th scope="col" className="num">
              SLA breach rate
            </th>
            <th scope="col" className="num">
              p95 latency
            </th>
            <th scope="col" className="num">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => {
            const failures = Math.round(d.fail_rate * d.requests)
            return (
              <tr key={d.date_utc} data-testid={`burn-row-${d.date_utc}`}>
                <th scope="row" className="mono">
                  {d.date_utc}
                </th>
                <td className="num">
                  <button type="button" className="link-btn" onClick={() => onDrill('requests', d)} data-testid={`burn-requests-${d.date_utc}`} title="Open this day's requests">
                    {formatInt(d.requests)}
                  </button>
                </td>
                <td className="num">
                  <button type="button" className="link-btn" onClick={() => onDrill('fail_rate', d)} disabled={failures === 0} title="Open this day's failures">
                    {formatInt(failures)}
                  </button>
                </td>
                <td className="num">
                  {formatPercent(d.fail_rate)} <Burn value={d.fail_budget_burn} over={overBudget(fail, d, knobs)} />
                </td>
                <td className="num">
                  {formatPercent(d.sla_breach_rate)} <Burn value={d.sla_budget_burn} over={overBudget(sla, d, knobs)} />
                </td>
                <td className={`num${overBudget(p95, d, knobs) ? ' bad-text' : ''}`}>{formatMs(d.p95_latency)}</td>
                <td className="num">
                  {formatUsd(d.cost)} <Burn value={d.cost_budget_burn} over={overBudget(cost, d, knobs)} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

export function BudgetBurnPanel({ days, knobs, stale, canPickFiles, onDrill, markers }: BudgetBurnPanelProps): ReactElement {
  return (
    <ChartPanel
      title="Daily budget burn"
      subtitle={
        <>
          Every timed request in scope per UTC day; red days burn their budget (burn &gt; 1), dashed lines are the budgets. Click a day to open its requests in the Explorer
          (on the failure-rate chart: its failures).
        </>
      }
      canPickFiles={canPickFiles}
      table={{ render: () => <BurnTable days={days} knobs={knobs} onDrill={onDrill} />, toggleLabel: 'Daily budget burn view', toggleTestId: 'burn-view' }}
      csv={{
        title: 'Save these days as budget_burn_daily.csv',
        disabled: days.length === 0,
        file: () => ({ name: 'budget_burn_daily.csv', content: budgetBurnCsv(days) })
      }}
      png={{ name: 'budget_burn_daily.png', title: 'Save the charts as PNG' }}
      stale={stale}
      empty={
        days.length === 0 && (
          <EmptyState compact title="No timed requests in scope" testId="burn-empty">
            Budget burn is computed per UTC day over requests with a timestamp; none in scope has one.
          </EmptyState>
        )
      }
      chart={(ref) => <BurnChart chartRef={ref} days={days} knobs={knobs} onDrill={onDrill} markers={markers} />}
      testId="burn-panel"
    />
  )
}

/** The five day charts; a click anywhere in a day's column (a small bar is a small target) drills into that day. */
function BurnChart({ chartRef, days, knobs, onDrill, markers }: { chartRef: RefObject<ChartHandle | null> } & Omit<BudgetBurnPanelProps, 'stale' | 'canPickFiles'>): ReactElement {
  const option = useMemo(() => buildBurnOption(days, knobs, markers), [days, knobs, markers])
  const daysRef = useRef(days)
  daysRef.current = days
  const onDrillRef = useRef(onDrill)
  onDrillRef.current = onDrill

  // Map the pixel to a grid and a day (bound once per mount: the refs give the latest days and callback).
  useEffect(() => {
    const chart = chartRef.current?.getInstance()
    if (!chart) return
    const zr = chart.getZr()
    const locate = (x: number, y: number): { metric: BurnMetricId; day: BurnDay } | null => {
      for (let i = 0; i < BURN_METRICS.length; i++) {
        if (!chart.containPixel({ gridIndex: i }, [x, y])) continue
        const [index] = chart.convertFromPixel({ gridIndex: i }, [x, y]) as number[]
        const day = daysRef.current[Math.round(index)]
        return day ? { metric: BURN_METRICS[i].id, day } : null
      }
      return null
    }
    const onClick = (e: { offsetX: number; offsetY: number }): void => {
      const hit = locate(e.offsetX, e.offsetY)
      if (hit) onDrillRef.current(hit.metric, hit.day)
    }
    const onMove = (e: { offsetX: number; offsetY: number }): void => {
      if (locate(e.offsetX, e.offsetY)) zr.setCursorStyle('pointer')
    }
    zr.on('click', onClick)
    zr.on('mousemove', onMove)
    return () => {
      zr.off('click', onClick)
      zr.off('mousemove', onMove)
    }
  }, [chartRef])

  const overDays = (id: BurnMetricId): number => days.filter((d) => overBudget(BURN_METRICS.find((m) => m.id === id)!, d, knobs)).length
  const summary = `Daily budget burn over ${plural(days.length, 'day')} (${days[0]?.date_utc ?? ''} to ${days[days.length - 1]?.date_utc ?? ''}): failure budget over on ${overDays('fail_rate')} days, SLA budget over on ${overDays('sla_breach_rate')} days, p95 above the SLA on ${overDays('p95_latency')} days, cost budget over on ${overDays('cost')} days.`
  return <Chart ref={chartRef} option={option} height={burnChartHeight(days.length)} ariaLabel={summary} testId="burn-chart" />
}
