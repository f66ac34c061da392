/** One finding in full on the Alerts page: its slice's daily series with the fitted levels and marks, the numbers behind it, the slice responsible, and drilldowns to its rows and to the windows before and after. */
import { useMemo, type ReactElement } from 'react'
import type { AnomalyFinding, AnomalySeries } from '../../../../shared/anomalies'
import type { Scope } from '../../../../shared/scope'
import { toCsv } from '../../lib/csv'
import { useQuery } from '../../api/useQuery'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { TableHead } from '../../components/TableHead'
import { compareTargets, findingLinks, findingTitle, formatMetricValue, impactText, METRIC_LABELS, responsibleText, sliceName, type FindingLink } from '../../lib/anomalyView'
import { formatInt, formatNumber, formatPercent, plural } from '../../lib/format'
import { buildAnomalySeriesOption, seriesDescription, seriesRows } from './buildAnomalySeriesOption'

export interface AlarmDetailPanelProps {
  finding: AnomalyFinding
  /** the other findings of its alarm (a click shows one of them) */
  related: readonly AnomalyFinding[]
  scope: Scope
  canPickFiles: boolean
  onDrill: (link: FindingLink) => void
  onSelect: (findingId: string) => void
  /** opens the Compare page on the finding's before (A) and after (B) windows */
  onCompare: (f: AnomalyFinding) => void
}

function sumOver(s: AnomalySeries, from: string, to: string): number {
  return s.dates.reduce((a, d, i) => (d >= from && d <= to ? a + s.requests[i] : a), 0)
}

/** The rows before and after (for a spike: the week before and the day), counted from the series. */
function compareLinks(f: AnomalyFinding, s: AnomalySeries | undefined): FindingLink[] {
  if (!s) return []
  const t = compareTargets(f)
  const where = sliceName(f)
  const b = f.compare.before
  const a = f.compare.after
  return [
    { label: `before: ${plural(sumOver(s, b.from, b.to), 'request')}`, target: t.before, expected: sumOver(s, b.from, b.to), origin: `Alerts · ${where} before, ${b.from} → ${b.to}`, testId: 'alarm-before' },
    { label: `after: ${plural(sumOver(s, a.from, a.to), 'request')}`, target: t.after, expected: sumOver(s, a.from, a.to), origin: `Alerts · ${where} after, ${a.from} → ${a.to}`, testId: 'alarm-after' }
  ].filter((l) => l.expected > 0 && !(l.testId === 'alarm-after' && a.from === f.rows.from && a.to === f.rows.to))
}

export function AlarmDetailPanel({ finding: f, related, scope, canPickFiles, onDrill, onSelect, onCompare }: AlarmDetailPanelProps): ReactElement {
  const q = useQuery('getAnomalySeries', { scope, metric: f.metric, dimension: f.dimension, value: f.value })
  const s = q.data
  const option = useMemo(() => (s ? buildAnomalySeriesOption(s) : null), [s])
  const links = [...findingLinks(f), ...compareLinks(f, s)]
  const name = `${f.metric}_${f.dimension === 'all' ? 'all' : `${f.dimension}_${f.value}`}`.replace(/[^A-Za-z0-9._-]+/g, '_')
  return (
    <div className="stack alarm-detail" data-testid="alarm-detail" data-finding-id={f.id}>
      <section className="panel alarm-facts" aria-label="The selected finding">
        <div className="panel__body">
          <h2 className="alarm-facts__title" data-testid="alarm-detail-title">
            {sliceName(f)}: {findingTitle(f)}
          </h2>
          <dl className="alarm-facts__grid">
            <dt>Level</dt>
            <dd>
              {f.kind === 'spike' ? 'expected' : 'before'} {formatMetricValue(f.metric, f.before)} → {f.kind === 'spike' ? 'observed' : 'after'} {formatMetricValue(f.metric, f.after)}
              {f.relative_change !== null && ` (${f.relative_change >= 0 ? '+' : ''}${formatPercent(f.relative_change, 0)})`}
            </dd>
            <dt>When</dt>
            <dd>
              {f.kind === 'spike' ? `on ${f.date}` : f.ramp_days > 0 ? `from ${f.date}, reaching the new level on ${f.level_reached} (${plural(f.ramp_days, 'day')} of transition)` : `a step on ${f.date}`}; tested on{' '}
              {f.segment_from} → {f.segment_to}
            </dd>
            <dt>Impact</dt>
            <dd data-testid="alarm-detail-impact">{impactText(f)}</dd>
            <dt>Responsible</dt>
            <dd data-testid="alarm-detail-responsible">{responsibleText(f)}</dd>
            <dt>Significance</dt>
            <dd>
              z = {formatNumber(f.z, 1)} (p = {f.p_value < 1e-4 ? f.p_value.toExponential(1) : formatNumber(f.p_value, 4)}), adjusted for the {f.kind === 'spike' ? 'days' : 'positions'} tested and for each day’s request count
            </dd>
            <dt>Rows</dt>
            <dd>
              {plural(f.requests, 'request')} ({formatInt(f.failures)} failed) {f.kind === 'spike' ? `on ${f.date}` : `since ${f.date}`}
            </dd>
          </dl>
          <div className="incident__links alarm-facts__links">
            <span className="muted">Open in the Explorer:</span>
            {links.map((l) => (
              <button key={l.testId} type="button" className="btn btn--xs" onClick={() => onDrill(l)} data-testid={l.testId} data-expected={l.expected}>
                {l.label}
              </button>
            ))}
            <button type="button" className="btn btn--xs btn--ghost" onClick={() => onCompare(f)} data-testid="alarm-compare" title="Every metric of the two windows side by side, with intervals and tests">
              {f.kind === 'spike' ? 'Compare the day with the week before' : 'Compare before vs after'}
            </button>
          </div>
          {related.length > 0 && (
            <div className="alarm-facts__related" data-testid="alarm-related">
              <span className="muted">Same event in:</span>
              {related.map((r) => (
                <button key={r.id} type="button" className="btn btn--xs btn--ghost" onClick={() => onSelect(r.id)} title={findingTitle(r)}>
                  {sliceName(r)} ({r.date})
                </button>
              ))}
            </div>
          )}
        </div>
      </section>
      <ChartPanel
        title={`${METRIC_LABELS[f.metric]} of ${sliceName(f)} per day`}
        subtitle="Bars: the daily value (red: the days of the finding; faded: too few requests to count); dashed: the level the detector fitted; vertical lines: change points (solid) and spikes (dotted). Click a day to open its requests."
        canPickFiles={canPickFiles}
        loading={!s && !q.error ? 'Loading the series…' : false}
        error={q.error ? { title: 'Could not load the series', error: q.error, onRetry: q.refetch } : null}
        stale={q.stale}
        csv={s ? { title: 'Save the series as CSV', file: () => ({ name: `${name}.csv`, content: toCsv(['date_utc', 'value', 'fitted', 'support', 'requests', 'finding'], seriesRows(s).map((r) => [r.date, r.value, r.fitted, r.support, r.requests, r.finding])) }), testId: 'alarm-series-csv' } : undefined}
        png={{ name: `${name}.png`, testId: 'alarm-series-png' }}
        testId="alarm-series"
        table={
          s
            ? {
                toggleLabel: 'Series view',
                toggleTestId: 'alarm-series-view',
                render: () => (
                  <div className="table-wrap alerts-scroll">
                    <table className="table" aria-label="Daily series" data-testid="alarm-series-table">
                      <TableHead columns={[{ label: 'Day (UTC)' }, { label: METRIC_LABELS[f.metric], num: true }, { label: 'Fitted', num: true }, { label: 'Rows', num: true }, { label: 'Finding' }]} />
                      <tbody>
                        {seriesRows(s).map((r) => (
                          <tr key={r.date} className={r.finding ? 'table__row--bad' : undefined}>
                            <th scope="row">{r.date}</th>
                            <td className="num">{formatMetricValue(f.metric, r.value)}</td>
                            <td className="num">{formatMetricValue(f.metric, r.fitted)}</td>
                            <td className="num">{formatInt(r.support)}</td>
                            <td>{r.finding}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )
              }
            : undefined
        }
        chart={(ref) =>
          s && option ? (
            <Chart
              ref={ref}
              option={option}
              height={300}
              ariaLabel={seriesDescription(s)}
              testId="alarm-series-chart"
              onItemClick={(p) => {
                const i = p.dataIndex
                const day = s.dates[i]
                if (day === undefined || p.seriesIndex !== 0) return
                onDrill({ label: day, target: { filters: f.rows.filters, day }, expected: s.requests[i], origin: `Alerts · ${sliceName(f)} on ${day}`, testId: 'alarm-day' })
              }}
            />
          ) : null
        }
      />
    </div>
  )
}
