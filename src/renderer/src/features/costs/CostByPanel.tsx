/** Cost by one dimension (top N selectable, the rest as a distinct '(other)' bar): chart or table, a bar opens its requests, CSV and PNG export. */
import { useMemo, useState, type ReactElement } from 'react'
import type { CostDimension, CostShare } from '../../../../shared/costs'
import type { Scope } from '../../../../shared/scope'
import { fetchCached, useQuery } from '../../api/useQuery'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { TableHead } from '../../components/TableHead'
import { toCsv } from '../../lib/csv'
import { formatInt, formatPercent, formatUsd } from '../../lib/format'
import { COST_DIMENSION_LABELS, buildCostByOption, costByDescription, costByHeight, costShareLabel } from './buildCostByOption'
import { groupDrilldown, isScopeDimension, type CostDrilldown } from './costDrilldowns'

export const TOP_N_CHOICES = [5, 10, 20, 50] as const

/** Distinct values fetched to open '(other)'; a dimension with this many or more cannot be listed completely. */
const DISTINCT_LIMIT = 1000

export interface CostByPanelProps {
  scope: Scope
  dimension: CostDimension
  initialTopN?: number
  canPickFiles: boolean
  onOpen: (d: Extract<CostDrilldown, { ok: true }>) => void
}

export function CostByPanel({ scope, dimension, initialTopN = 10, canPickFiles, onOpen }: CostByPanelProps): ReactElement {
  const [topN, setTopN] = useState(initialTopN)
  const [message, setMessage] = useState<string | null>(null)
  const q = useQuery('getCostBy', { scope, dimension, topN })
  const c = q.data
  const option = useMemo(() => (c ? buildCostByOption(c) : null), [c])
  const name = COST_DIMENSION_LABELS[dimension]
  const canDrill = isScopeDimension(dimension)

  const drill = async (row: CostShare): Promise<void> => {
    if (!c) return
    setMessage(null)
    let all: (string | null)[] | undefined
    if (row.other && isScopeDimension(dimension)) {
      try {
        const values = await fetchCached('distinctValues', { dimension, scope, limit: DISTINCT_LIMIT })
        if (values.length >= DISTINCT_LIMIT) {
          setMessage(`${name} has ${formatInt(DISTINCT_LIMIT)} or more values in scope; '(other)' cannot be listed as a filter. Show more groups instead.`)
          return
        }
        all = values.map((v) => v.value)
      } catch (err) {
        setMessage(`Could not list the values of ${name}: ${err instanceof Error ? err.message : String(err)}`)
        return
      }
    }
    const d = groupDrilldown(c, row, all)
    if (d.ok) onOpen(d)
    else setMessage(d.reason)
  }

  const slug = `cost_by_${dimension}_top${topN}`
  return (
    <ChartPanel
      title={`Cost by ${name.toLowerCase()}`}
      subtitle={
        <>
          Top {topN} by cost, the rest folded into <span className="costs-other">(other)</span>.{' '}
          {canDrill ? 'Click a bar to open its requests.' : `${name} is not a scope filter yet, so bars do not open the Explorer.`}
        </>
      }
      actions={
        <label className="costs-topn">
          <span className="sr-only">Groups shown for {name}</span>
          <select className="input input--sm" value={topN} onChange={(e) => setTopN(Number(e.target.value))} data-testid={`cost-by-${dimension}-topn`} aria-label={`Top N ${name}`}>
            {TOP_N_CHOICES.map((n) => (
              <option key={n} value={n}>
                Top {n}
              </option>
            ))}
          </select>
        </label>
      }
      canPickFiles={canPickFiles}
      csv={{
        title: 'Download the groups as CSV',
        file: () => ({ name: `${slug}.csv`, content: toCsv([dimension, 'is_other', 'requests', 'cost', 'avg_cost', 'share'], (c?.rows ?? []).map((r) => [r.key, r.other, r.requests, r.cost, r.avg_cost, r.share])) }),
        testId: `cost-by-${dimension}-csv`
      }}
      png={{ name: `${slug}.png`, testId: `cost-by-${dimension}-png` }}
      testId={`cost-by-${dimension}`}
      stale={q.stale}
      notice={
        message && (
          <div className="costs-message warn-text" role="status" data-testid={`cost-by-${dimension}-message`}>
            {message}
          </div>
        )
      }
      error={q.error && { title: `Could not compute cost by ${name.toLowerCase()}`, error: q.error, onRetry: q.refetch }}
      loading={!c || !option}
      empty={c && c.rows.length === 0 && <EmptyState compact title="No requests in scope" />}
      chart={(ref) =>
        c &&
        option && (
          <Chart
            ref={ref}
            option={option}
            height={costByHeight(c.rows.length)}
            ariaLabel={costByDescription(c)}
            onItemClick={
              canDrill
                ? (p) => {
                    const row = (p.data as { row?: CostShare } | undefined)?.row
                    if (row) void drill(row)
                  }
                : undefined
            }
            testId={`cost-by-${dimension}-chart`}
          />
        )
      }
      table={{ toggleLabel: `Cost by ${name} view`, toggleTestId: `cost-by-${dimension}-view`, render: () => c && <CostShareTable rows={c.rows} dimension={dimension} name={name} onDrill={canDrill ? (r) => void drill(r) : undefined} /> }}
    />
  )
}

interface CostShareTableProps {
  rows: readonly CostShare[]
  dimension: CostDimension
  name: string
  /** absent when the dimension is not a scope filter */
  onDrill?: (row: CostShare) => void
}

function CostShareTable({ rows, dimension, name, onDrill }: CostShareTableProps): ReactElement {
  return (
    <div className="table-wrap costs-scroll">
      <table className="table" aria-label={`Cost by ${name}`} data-testid={`cost-by-${dimension}-table`}>
        <TableHead columns={[{ label: name }, { label: 'Requests', num: true }, { label: 'Cost', num: true }, { label: 'Share', num: true }, { label: 'Avg / request', num: true }]} />
        <tbody>
          {rows.map((r) => (
            <tr key={r.other ? '\u0000other' : (r.key ?? '\u0000null')} className={r.other ? 'costs-row--other' : undefined} data-testid="cost-share-row" data-key={r.other ? '(other)' : (r.key ?? '')}>
              <th scope="row">
                {onDrill ? (
                  <button type="button" className="link-btn costs-link" onClick={() => onDrill(r)} title="Open these requests in the Explorer">
                    {costShareLabel(r)}
                  </button>
                ) : (
                  costShareLabel(r)
                )}
              </th>
              <td className="num" data-testid="requests" data-value={r.requests}>
                {formatInt(r.requests)}
              </td>
              <td className="num" data-testid="cost" data-value={r.cost}>
                {formatUsd(r.cost)}
              </td>
              <td className="num" data-testid="share" data-value={r.share ?? ''}>
                {formatPercent(r.share)}
              </td>
              <td className="num">{formatUsd(r.avg_cost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
