/** The failure-rate heatmap panel (tier x use case, history window): chart or table view, cells below the minimum support greyed, click to drill down, CSV and PNG export. */
import { useMemo, type ReactElement } from 'react'
import type { RiskSlice, RiskSliceTable, SliceDimension } from '../../../../shared/analysis'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { DIMENSION_LABELS } from '../../lib/dimensions'
import { formatInt, formatPercent } from '../../lib/format'
import { buildRiskHeatmapOption, heatmapDescription, heatmapGrid, heatmapHeight, type HeatmapGrid } from './buildRiskHeatmapOption'
import { sliceTableCsv } from './sliceTable'

export interface RiskHeatmapPanelProps {
  table: RiskSliceTable
  /** MIN_REQUESTS_SLICE: smaller cells are greyed */
  minSupport: number
  stale: boolean
  canPickFiles: boolean
  onDrill: (slice: RiskSlice) => void
}

export function RiskHeatmapPanel({ table, minSupport, stale, canPickFiles, onDrill }: RiskHeatmapPanelProps): ReactElement {
  const option = useMemo(() => buildRiskHeatmapOption(table, minSupport), [table, minSupport])
  const grid = useMemo(() => heatmapGrid(table, minSupport), [table, minSupport])
  const [dimRow, dimCol] = table.dimensions
  const below = grid.cells.filter((c) => !c.supported).length
  const total = table.rows.reduce((s, r) => s + r.requests, 0)
  return (
    <ChartPanel
      title={`Failure rate: ${DIMENSION_LABELS[dimRow].toLowerCase()} × ${DIMENSION_LABELS[dimCol].toLowerCase()}`}
      subtitle={
        <>
          {formatInt(total)} history-window requests in {formatInt(grid.cells.length)} cells.{' '}
          {below > 0 ? `${below} ${below === 1 ? 'cell has' : 'cells have'} fewer than ${formatInt(minSupport)} requests (MIN_REQUESTS_SLICE) and ${below === 1 ? 'is' : 'are'} greyed.` : `Every cell has at least ${formatInt(minSupport)} requests.`}{' '}
          Click a cell to open its requests.
        </>
      }
      canPickFiles={canPickFiles}
      csv={{ title: 'Download the cells as CSV', file: () => ({ name: `failure_rate_${dimRow}_x_${dimCol}.csv`, content: sliceTableCsv(table) }), testId: 'heatmap-csv' }}
      png={{ name: `failure_rate_${dimRow}_x_${dimCol}.png`, title: 'Download the heatmap as PNG', testId: 'heatmap-png' }}
      testId="heatmap-panel"
      stale={stale}
      empty={
        grid.cells.length === 0 && (
          <EmptyState compact title="No history-window requests in scope" testId="heatmap-empty">
            The history window holds no request under these filters. Widen the filters, or check the windows on the Data page.
          </EmptyState>
        )
      }
      chart={(ref) => (
        <Chart
          ref={ref}
          option={option}
          height={heatmapHeight(grid.rows.length)}
          ariaLabel={heatmapDescription(table, minSupport)}
          onItemClick={(p) => {
            const slice = (p.data as { slice?: RiskSlice } | undefined)?.slice
            if (slice) onDrill(slice)
          }}
          testId="heatmap-chart"
        />
      )}
      table={{ toggleLabel: 'Heatmap view', toggleTestId: 'heatmap-view', render: () => <HeatmapTable grid={grid} dimRow={dimRow} dimCol={dimCol} onDrill={onDrill} /> }}
    />
  )
}

interface HeatmapTableProps {
  grid: HeatmapGrid
  dimRow: SliceDimension
  dimCol: SliceDimension
  onDrill: (slice: RiskSlice) => void
}

/** The heatmap's numbers: one row per first-dimension value, a cell per second-dimension value (— where no request falls). */
function HeatmapTable({ grid, dimRow, dimCol, onDrill }: HeatmapTableProps): ReactElement {
  return (
    <div className="table-wrap">
      <table className="table hotspots-heat-table" aria-label={`Failure rate by ${DIMENSION_LABELS[dimRow]} and ${DIMENSION_LABELS[dimCol]}`} data-testid="heatmap-table">
        <thead>
          <tr>
            <th scope="col">
              {DIMENSION_LABELS[dimRow]} \ {DIMENSION_LABELS[dimCol]}
            </th>
            {grid.columns.map((c) => (
              <th key={c} scope="col" className="num">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((r, y) => (
            <tr key={r}>
              <th scope="row">{r}</th>
              {grid.columns.map((c, x) => {
                const cell = grid.cells.find((k) => k.x === x && k.y === y)
                if (!cell)
                  return (
                    <td key={c} className="num muted" data-testid={`heat-cell-${r}-${c}`} title="No history-window request in this cell">
                      —
                    </td>
                  )
                return (
                  <td
                    key={c}
                    className={`num${cell.supported ? '' : ' muted hotspots-cell--below'}`}
                    data-testid={`heat-cell-${r}-${c}`}
                    data-fail-rate={cell.slice.fail_rate}
                    data-requests={cell.slice.requests}
                    data-supported={cell.supported}
                  >
                    <button type="button" className="link-btn" onClick={() => onDrill(cell.slice)} title="Open these requests in the Explorer">
                      {formatPercent(cell.slice.fail_rate)}
                    </button>{' '}
                    <span className="muted">n={formatInt(cell.slice.requests)}</span>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
