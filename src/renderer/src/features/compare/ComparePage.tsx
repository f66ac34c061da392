/** The Compare page: scope B against scope A (A is the global filter, B lives in the URL), every metric with its difference, 95% interval, test, effect size and verdict, each side drilling down to its rows. */
import { useMemo, useState, type ReactElement } from 'react'
import type { CompareMetric, CompareResult } from '../../../../shared/compare'
import type { Scope } from '../../../../shared/scope'
import { loadDimensionOptions } from '../../api/dimensionOptions'
import { fetchCached, useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { Badge } from '../../components/Badge'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { FilterBar } from '../../components/FilterBar'
import { Icon } from '../../components/Icon'
import { LoadingState } from '../../components/LoadingState'
import { NoDatasetState } from '../../components/NoDatasetState'
import { Panel } from '../../components/Panel'
import { TableHead } from '../../components/TableHead'
import { compareParams, modelComparison, previousPeriodComparison, readCompareB, singleModel } from '../../lib/compareLink'
import { EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { CLUSTER_FILTER_EMPTY, membershipValueText, valueLabel } from '../../lib/dimensions'
import { buildCompareOption, compareDescription, forestRows, unplottedMetrics } from './buildCompareOption'
import {
  compareCsv,
  countLabel,
  describeScope,
  formatEffect,
  formatInterval,
  formatMetricDiff,
  formatMetricValue,
  formatPValue,
  OUTCOME_LABELS,
  OUTCOME_TONES,
  sideDrilldown,
  TEST_NAMES
} from './compareView'
import './compare.css'

export function ComparePage({ scope, params, onParamsChange, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const b = useMemo(() => readCompareB(params), [params])
  const q = useQuery('compareScopes', wb.dataset && b ? { a: scope, b } : null)
  // cluster filters read "#3 reset password" (the active clusters' labels), as on the filter bar
  const clusterStatus = useQuery('getClusterStatus', wb.dataset ? {} : null)
  const clusterLabels = clusterStatus.data?.active?.labels ?? null
  const valueText = useMemo(() => membershipValueText(clusterLabels), [clusterLabels])
  const [message, setMessage] = useState<string | null>(null)

  if (!wb.dataset) {
    return (
      <NoDatasetState testId="compare-no-data" onOpenData={() => navigate('data')} offerDemo={false}>
        Open telemetry on the Data page to compare two slices or periods.
      </NoDatasetState>
    )
  }
  const canPickFiles = wb.appInfo?.canPickFiles ?? false
  const setB = (next: Scope): void => onParamsChange(compareParams(next))
  const setBoth = (a: Scope, nextB: Scope): void => navigate('compare', { scope: a, params: compareParams(nextB) })
  const first = wb.dataset.timeRange.first_utc?.slice(0, 10)
  const last = wb.dataset.timeRange.last_utc?.slice(0, 10)

  const previousPeriod = async (): Promise<void> => {
    setMessage(null)
    try {
      const d = await fetchCached('getHealthDelta', { scope })
      if (!d.current_range || !d.previous_range) {
        setMessage('A has no timed requests, so it has no previous period.')
        return
      }
      const c = previousPeriodComparison(scope, d.current_range, d.previous_range)
      setBoth(c.a, c.b)
    } catch (err) {
      setMessage(`Could not work out the previous period: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  return (
    <div className="stack compare" data-testid="compare">
      <Panel
        title="What is compared"
        subtitle="A is the global filter above; B is its own filter below. Both are in the URL, so a comparison can be bookmarked or sent."
        testId="compare-setup"
        actions={
          b && (
            <button type="button" className="btn btn--sm" onClick={() => setBoth(b, scope)} data-testid="compare-swap" title="Make A the B side and B the A side">
              Swap A and B
            </button>
          )
        }
      >
        <div className="compare-sides">
          <div className="compare-side" data-testid="compare-side-a">
            <span className="compare-side__tag">A</span>
            <span className="compare-side__desc" data-testid="compare-a-desc">
              {describeScope(scope, valueText)}
            </span>
            {q.data && <SideCount side="A" scope={scope} count={q.data.a_requests} onOpen={(d) => navigate(EXPLORER_PAGE_ID, d)} />}
          </div>
          <div className="compare-side compare-side--b" data-testid="compare-side-b">
            <span className="compare-side__tag compare-side__tag--b">B</span>
            {b ? (
              <>
                <span className="compare-side__desc" data-testid="compare-b-desc">
                  {describeScope(b, valueText)}
                </span>
                {q.data && <SideCount side="B" scope={b} count={q.data.b_requests} onOpen={(d) => navigate(EXPLORER_PAGE_ID, d)} />}
              </>
            ) : (
              <span className="compare-side__desc muted">not chosen yet: pick a quick comparison or set B's filters</span>
            )}
          </div>
        </div>
        {b && (
          <div className="compare-bfilter" data-testid="compare-b-filters">
            <div className="field-label">B's filters</div>
            <FilterBar scope={b} onChange={setB} loadOptions={loadDimensionOptions} dateBounds={{ min: first, max: last }} valueText={valueText} emptyNotes={{ cluster: CLUSTER_FILTER_EMPTY }} />
          </div>
        )}
        <QuickComparisons scope={scope} hasB={!!b} onPreviousPeriod={() => void previousPeriod()} onModels={(ma, mb) => {
          const c = modelComparison(scope, ma, mb)
          setBoth(c.a, c.b)
        }} onCopyA={() => setB(scope)} />
        {message && (
          <div className="warn-text" role="status" data-testid="compare-message">
            {message}
          </div>
        )}
      </Panel>

      {!b ? (
        <EmptyState title="Choose what to compare A with" testId="compare-no-b">
          Compare with the previous period, pick two models, or start B from A's filters and change what you want to compare.
        </EmptyState>
      ) : q.error ? (
        <ErrorState title="Could not compare" error={q.error} onRetry={q.refetch} testId="compare-error" />
      ) : !q.data ? (
        <LoadingState label="Comparing…" />
      ) : (
        <CompareResults result={q.data} stale={q.stale} a={scope} b={b} canPickFiles={canPickFiles} onOpen={(d) => navigate(EXPLORER_PAGE_ID, d)} />
      )}
    </div>
  )
}

type Drill = ReturnType<typeof sideDrilldown>

function SideCount({ side, scope, count, onOpen, failures }: { side: 'A' | 'B'; scope: Scope; count: number; onOpen: (d: Drill) => void; failures?: boolean }): ReactElement {
  return (
    <button
      type="button"
      className="link-btn compare-count"
      onClick={() => onOpen(sideDrilldown(side, scope, count, failures))}
      title={`Open ${side}'s ${failures ? 'failed ' : ''}requests in the Explorer`}
      data-testid={`compare-${side.toLowerCase()}-${failures ? 'failures' : 'count'}`}
      data-value={count}
    >
      {countLabel(count, failures ? 'failures' : 'requests')}
    </button>
  )
}

interface QuickProps {
  scope: Scope
  hasB: boolean
  onPreviousPeriod: () => void
  onModels: (a: string | null, b: string | null) => void
  onCopyA: () => void
}

/** One-click comparisons: the previous period, model vs model (on A's other filters), or B starting as a copy of A. */
function QuickComparisons({ scope, hasB, onPreviousPeriod, onModels, onCopyA }: QuickProps): ReactElement {
  const base = useMemo<Scope>(() => ({ ...scope, filters: { ...scope.filters, model_name: [], model_provider: [] } }), [scope])
  const models = useQuery('distinctValues', { dimension: 'model_name', scope: base, limit: 200 })
  const current = singleModel(scope)
  const values = models.data?.map((m) => m.value) ?? []
  const [ma, setMa] = useState<string>(current === undefined ? '' : (current ?? '\u0000'))
  const [mb, setMb] = useState<string>('')
  const decode = (v: string): string | null => (v === '\u0000' ? null : v)
  const options = values.map((v) => ({ value: v === null ? '\u0000' : v, label: valueLabel(v) }))
  return (
    <div className="compare-quick" data-testid="compare-quick">
      <button type="button" className="btn btn--sm" onClick={onPreviousPeriod} data-testid="compare-previous-period" title="A = the previous period of equal length, B = A's period (as on the Overview)">
        <Icon name="clock" /> Previous period vs now
      </button>
      <span className="compare-quick__models">
        <ModelSelect side="A" value={ma} onChange={setMa} options={options} />
        <span className="muted">vs</span>
        <ModelSelect side="B" value={mb} onChange={setMb} options={options} />
        <button type="button" className="btn btn--sm btn--primary" disabled={!ma || !mb || ma === mb} onClick={() => onModels(decode(ma), decode(mb))} data-testid="compare-models-go">
          Compare models
        </button>
      </span>
      {!hasB && (
        <button type="button" className="btn btn--sm btn--ghost" onClick={onCopyA} data-testid="compare-copy-a">
          Start B from A's filters
        </button>
      )}
    </div>
  )
}

interface ResultsProps {
  result: CompareResult
  stale: boolean
  a: Scope
  b: Scope
  canPickFiles: boolean
  onOpen: (d: Drill) => void
}

function CompareResults({ result: r, stale, a, b, canPickFiles, onOpen }: ResultsProps): ReactElement {
  const option = useMemo(() => buildCompareOption(r), [r])
  const unplotted = unplottedMetrics(r)
  const worse = r.metrics.some((m) => m.outcome === 'b_worse')
  return (
    <>
      <div className={`banner ${worse ? 'banner--bad' : 'banner--neutral'} ${stale ? 'is-stale' : ''}`} role="status" data-testid="compare-summary">
        <Icon name={worse ? 'alert' : 'check'} />
        <div className="banner__body">
          <div className="banner__title">{r.summary}</div>
          {r.notes.map((n) => (
            <div key={n} className="banner__note" data-testid="compare-note">
              {n}
            </div>
          ))}
        </div>
      </div>
      <Panel title="Every metric, B against A" subtitle="Difference B − A with its 95% confidence interval, the test that fits the metric, an effect size and what it means." testId="compare-table-panel" className={stale ? 'is-stale' : undefined} flush>
        <div className="table-wrap">
          <table className="table compare-table" aria-label="Comparison of B against A" data-testid="compare-table">
            <TableHead
              columns={[
                { label: 'Metric' },
                { label: 'A', num: true },
                { label: 'B', num: true },
                { label: 'B − A', num: true },
                { label: '95% CI', num: true, title: 'confidence interval of B − A' },
                { label: 'Test', title: 'the test and its two-sided p-value (Holm-adjusted over the seven metrics in brackets)' },
                { label: 'Effect size' },
                { label: 'Verdict' }
              ]}
            />
            <tbody>
              {r.metrics.map((m) => (
                <MetricRow key={m.metric} m={m} a={a} b={b} onOpen={onOpen} />
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <ChartPanel
        title="Differences with 95% intervals"
        subtitle="B − A as a share of A's value. An interval that crosses 0 is no clear difference; red is worse for B, green better."
        canPickFiles={canPickFiles}
        csv={{ title: 'Download the comparison as CSV', file: () => ({ name: 'comparison.csv', content: compareCsv(r) }), testId: 'compare-csv' }}
        png={{ name: 'comparison.png', testId: 'compare-png' }}
        testId="compare-chart-panel"
        stale={stale}
        empty={forestRows(r).length === 0 && <EmptyState compact title="No metric has an interval to draw" />}
        chart={(ref) => (
          <>
            <Chart ref={ref} option={option} height={Math.max(180, 60 + forestRows(r).length * 34)} ariaLabel={compareDescription(r)} testId="compare-chart" />
            {unplotted.length > 0 && <p className="footnote muted">Not drawn (no interval, or A is 0): {unplotted.map((m) => m.label).join(', ')}.</p>}
          </>
        )}
      />
    </>
  )
}

function MetricRow({ m, a, b, onOpen }: { m: CompareMetric; a: Scope; b: Scope; onOpen: (d: Drill) => void }): ReactElement {
  const failures = m.metric === 'failure_rate'
  return (
    <tr data-testid={`compare-row-${m.metric}`} data-outcome={m.outcome} className={m.outcome === 'b_worse' ? 'compare-row--worse' : undefined}>
      <th scope="row">
        <div>{m.label}</div>
        <div className="muted compare-sub">{m.estimand}</div>
      </th>
      <td className="num" data-testid="a-value" data-value={m.a.value ?? ''}>
        <div>{formatMetricValue(m.unit, m.a.value)}</div>
        <div className="muted compare-sub">
          {failures && m.a.events !== null ? <SideCount side="A" scope={a} count={m.a.events} onOpen={onOpen} failures /> : `n = ${m.a.n.toLocaleString('en-US')}`}
        </div>
      </td>
      <td className="num" data-testid="b-value" data-value={m.b.value ?? ''}>
        <div>{formatMetricValue(m.unit, m.b.value)}</div>
        <div className="muted compare-sub">
          {failures && m.b.events !== null ? <SideCount side="B" scope={b} count={m.b.events} onOpen={onOpen} failures /> : `n = ${m.b.n.toLocaleString('en-US')}`}
        </div>
      </td>
      <td className="num" data-testid="difference" data-value={m.difference ?? ''}>
        {formatMetricDiff(m.unit, m.difference)}
      </td>
      <td className="num nowrap" data-testid="ci" data-low={m.ci_low ?? ''} data-high={m.ci_high ?? ''}>
        {formatInterval(m)}
      </td>
      <td data-testid="test" data-p={m.p_value ?? ''}>
        {m.test ? (
          <>
            <div>{TEST_NAMES[m.test]}</div>
            <div className="muted compare-sub">
              p {formatPValue(m.p_value)} ({formatPValue(m.p_holm)})
            </div>
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="compare-sub-cell">{formatEffect(m)}</td>
      <td className="compare-verdict">
        <Badge tone={OUTCOME_TONES[m.outcome]} testId="outcome">
          {OUTCOME_LABELS[m.outcome]}
        </Badge>{' '}
        <span data-testid="verdict">{m.verdict}</span>
        {m.warning && (
          <div className="warn-text compare-sub" data-testid="warning">
            {m.warning}
          </div>
        )}
      </td>
    </tr>
  )
}

/** One side's model picker of the quick comparison. */
function ModelSelect({ side, value, onChange, options }: { side: 'A' | 'B'; value: string; onChange: (v: string) => void; options: { value: string; label: string }[] }): ReactElement {
  return (
    <label>
      <span className="sr-only">Model {side}</span>
      <select className="input input--sm" value={value} onChange={(e) => onChange(e.target.value)} aria-label={`Model ${side}`} data-testid={`compare-model-${side.toLowerCase()}`}>
        <option value="">Model {side}…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}
