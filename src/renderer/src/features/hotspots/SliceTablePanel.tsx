/** The ranked risk-slice table over any two dimensions the operator picks, with a validated minimum support, sorted by score; rows drill down, the table exports as CSV. */
import { useEffect, useRef, useState, type ReactElement } from 'react'
import { SLICE_DIMENSIONS, type RiskSlice, type SliceDimension } from '../../../../shared/analysis'
import type { Scope } from '../../../../shared/scope'
import { useQuery } from '../../api/useQuery'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ExportButton } from '../../components/ExportButton'
import { LoadingState } from '../../components/LoadingState'
import { Panel } from '../../components/Panel'
import { TableHead } from '../../components/TableHead'
import { DIMENSION_LABELS, membershipValueText } from '../../lib/dimensions'
import { formatInt, formatMs, formatNumber, formatPercent, formatUsd } from '../../lib/format'
import { dimensionsSlug, parseMinSupport, sliceTableCsv, type SliceSettings } from './sliceTable'

export interface SliceTablePanelProps {
  scope: Scope
  settings: SliceSettings
  onSettingsChange: (s: SliceSettings) => void
  /** MIN_REQUESTS_SLICE, used when the input is empty */
  knobMinSupport: number | undefined
  canPickFiles: boolean
  onDrill: (dims: [SliceDimension, SliceDimension], slice: RiskSlice) => void
}

const MIN_DEBOUNCE_MS = 350

export function SliceTablePanel({ scope, settings, onSettingsChange, knobMinSupport, canPickFiles, onDrill }: SliceTablePanelProps): ReactElement {
  const [a, b] = settings.dimensions
  // The input follows the URL, but typing is applied after a pause so each keystroke is not a query.
  const [minText, setMinText] = useState(settings.minText)
  useEffect(() => setMinText(settings.minText), [settings.minText])
  const parsed = parseMinSupport(minText)
  const latest = useRef({ settings, onSettingsChange })
  latest.current = { settings, onSettingsChange }
  useEffect(() => {
    if (minText === settings.minText || !parseMinSupport(minText).ok) return
    const t = window.setTimeout(() => latest.current.onSettingsChange({ ...latest.current.settings, minText }), MIN_DEBOUNCE_MS)
    return () => window.clearTimeout(t)
  }, [minText, settings.minText])

  const applied = parseMinSupport(settings.minText)
  const minRequests = applied.ok ? (applied.value ?? undefined) : undefined
  const q = useQuery('getRiskSlices', applied.ok ? { scope, dimensions: [a, b], minRequests } : null)
  const t = q.data
  // a cluster key reads "#3 reset password"
  const clusters = useQuery('getClusterStatus', a === 'cluster' || b === 'cluster' ? {} : null)
  const keyText = (dim: SliceDimension, v: string): string => (dim === 'cluster' && v !== 'unknown' ? (membershipValueText(clusters.data?.active?.labels ?? null)('cluster', v) ?? v) : v)
  const setDim = (i: 0 | 1, d: SliceDimension): void => {
    const dims: [SliceDimension, SliceDimension] = i === 0 ? [d, b] : [a, d]
    onSettingsChange({ ...settings, dimensions: dims })
  }

  return (
    <Panel
      title="Ranked risk slices"
      subtitle={
        <>
          Any two dimensions, history window. score = 2 × fail rate + 0.5 × p95 / SLA_MS + 0.1 × avg cost (missing cost counts 0); highest first. Click a row to open its requests.
        </>
      }
      actions={
        <ExportButton
          label="CSV"
          title="Download the ranked table as CSV"
          canPickFiles={canPickFiles}
          disabled={!t}
          files={() => [{ name: `risk_slices_${dimensionsSlug(t!.dimensions)}_min${t!.min_requests}.csv`, content: sliceTableCsv(t!) }]}
          testId="slices-csv"
        />
      }
      flush
      testId="slices-panel"
      className={q.stale ? 'is-stale' : undefined}
    >
      <form className="hotspots-controls" onSubmit={(e) => e.preventDefault()} aria-label="Slice table settings">
        <label className="hotspots-control">
          <span className="field-label">First dimension</span>
          <select className="input input--sm" value={a} onChange={(e) => setDim(0, e.target.value as SliceDimension)} data-testid="slice-dim-a">
            {SLICE_DIMENSIONS.map((d) => (
              <option key={d} value={d} disabled={d === b}>
                {DIMENSION_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <label className="hotspots-control">
          <span className="field-label">Second dimension</span>
          <select className="input input--sm" value={b} onChange={(e) => setDim(1, e.target.value as SliceDimension)} data-testid="slice-dim-b">
            {SLICE_DIMENSIONS.map((d) => (
              <option key={d} value={d} disabled={d === a}>
                {DIMENSION_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
        <label className="hotspots-control">
          <span className="field-label">Minimum support (requests)</span>
          <input
            className="input input--sm mono hotspots-min"
            type="text"
            inputMode="numeric"
            value={minText}
            placeholder={knobMinSupport !== undefined ? `${knobMinSupport} (knob)` : ''}
            onChange={(e) => setMinText(e.target.value)}
            aria-invalid={!parsed.ok || undefined}
            aria-describedby="slice-min-hint"
            data-testid="slice-min"
          />
        </label>
        <div className="hotspots-control hotspots-control--hint" id="slice-min-hint">
          {!parsed.ok ? (
            <span className="bad-text" role="alert" data-testid="slice-min-error">
              {parsed.message}
            </span>
          ) : (
            <span className="muted">Empty = MIN_REQUESTS_SLICE{knobMinSupport !== undefined ? ` (${formatInt(knobMinSupport)})` : ''}. Smaller slices are left out.</span>
          )}
        </div>
      </form>
      {!applied.ok ? null : q.error ? (
        <ErrorState title="Could not compute the risk slices" error={q.error} onRetry={q.refetch} compact testId="slices-error" />
      ) : !t ? (
        <LoadingState label="Ranking slices…" compact />
      ) : (
        <>
          <div className="hotspots-summary muted" data-testid="slices-summary">
            <span data-testid="slices-count">{formatInt(t.rows.length)}</span> of {formatInt(t.slices_total)} slices have at least <strong data-testid="slices-min-applied">{formatInt(t.min_requests)}</strong>{' '}
            {t.min_requests === 1 ? 'request' : 'requests'} in the history window.
          </div>
          {t.rows.length === 0 ? (
            <EmptyState compact title="No slice has enough requests" testId="slices-empty">
              Lower the minimum support or widen the filters.
            </EmptyState>
          ) : (
            <div className="table-wrap hotspots-slices">
              <table className="table" aria-label={`Risk slices by ${DIMENSION_LABELS[t.dimensions[0]]} and ${DIMENSION_LABELS[t.dimensions[1]]}`} data-testid="slices-table">
                <TableHead
                  columns={[
                    { label: '#', num: true },
                    { label: DIMENSION_LABELS[t.dimensions[0]] },
                    { label: DIMENSION_LABELS[t.dimensions[1]] },
                    { label: 'Requests', num: true },
                    { label: 'Fail rate', num: true },
                    { label: 'p95', num: true },
                    { label: 'Avg cost', num: true },
                    { label: 'Score', num: true }
                  ]}
                />
                <tbody>
                  {t.rows.map((r, i) => (
                    <tr
                      key={`${r.key[0]}\u0000${r.key[1]}`}
                      className="hotspots-row"
                      tabIndex={0}
                      onClick={() => onDrill(t.dimensions, r)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') onDrill(t.dimensions, r)
                      }}
                      title="Open these requests in the Explorer"
                      data-testid="slice-row"
                      data-key={`${r.key[0]}|${r.key[1]}`}
                    >
                      <td className="num muted">{i + 1}</td>
                      <th scope="row">{keyText(t.dimensions[0], r.key[0])}</th>
                      <td>{keyText(t.dimensions[1], r.key[1])}</td>
                      <td className="num" data-testid="requests" data-value={r.requests}>
                        {formatInt(r.requests)}
                      </td>
                      <td className="num" data-testid="fail_rate" data-value={r.fail_rate}>
                        {formatPercent(r.fail_rate)}
                      </td>
                      <td className="num" data-testid="p95_latency" data-value={r.p95_latency ?? ''}>
                        {formatMs(r.p95_latency)}
                      </td>
                      <td className="num" data-testid="avg_cost" data-value={r.avg_cost ?? ''}>
                        {formatUsd(r.avg_cost)}
                      </td>
                      <td className="num strong" data-testid="score" data-value={r.score ?? ''}>
                        {formatNumber(r.score, 4)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Panel>
  )
}
