/** The Routing page: the per-use-case routing policy and its observational backtest (PIPELINE.md section 7), the verdict in words, a live what-if over four knobs with a diff against the saved knobs, the stop-ship state, and the exports. */
import { call } from '../../api/client'
import { useMemo, useState, type ReactElement } from 'react'
import { Badge } from '../../components/Badge'
import type { RoutingBacktestUseCase, RoutingPolicyRow } from '../../../../shared/analysis'
import { exportFiles } from '../../api/exportFiles'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { ErrorState } from '../../components/ErrorState'
import { ExportArtifactsButton } from '../../components/ExportArtifactsButton'
import { GateBlock, useRefreshOnOverrides } from '../../components/GateBlock'
import { LoadingState } from '../../components/LoadingState'
import { NoDatasetState } from '../../components/NoDatasetState'
import { drilldown, EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { formatInt, formatPercentShort, formatUsd } from '../../lib/format'
import { BacktestPanel } from './BacktestPanel'
import { diffPolicies, diffSummaries, modelLabel } from './policyDiff'
import { PolicyPanel } from './PolicyPanel'
import { routingBacktestCsv, routingExportNames, routingPolicyCsv } from './routingCsv'
import { routingVerdict } from './routingVerdict'
import { useDebouncedValue } from './useDebouncedValue'
import { VerdictPanel } from './VerdictPanel'
import { draftFromKnobs, hasOverrides, parseWhatIf, type WhatIfDraft } from './whatIfKnobs'
import { WhatIfPanel } from './WhatIfPanel'
import { historyShort } from '../../../../shared/windowsText'
import './routing.css'

/** How long typing must pause before a what-if is recomputed. */
const WHAT_IF_DEBOUNCE_MS = 400

export function RoutingPage({ scope, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const ds = wb.dataset
  useRefreshOnOverrides(ds?.report)
  const knobs = useQuery('getKnobs', ds ? {} : null)
  const saved = useQuery('getRouting', ds ? { scope } : null)

  // null follows the saved knobs; a draft exists once the operator types
  const [draft, setDraft] = useState<WhatIfDraft | null>(null)
  const effective = draft ?? (knobs.data ? draftFromKnobs(knobs.data) : null)
  const parsed = effective && knobs.data ? parseWhatIf(effective, knobs.data) : null
  const overrides = parsed?.overrides ?? {}
  const overridesKey = JSON.stringify(overrides)
  const applied = useDebouncedValue(overrides, overridesKey, WHAT_IF_DEBOUNCE_MS)
  const whatIfOn = hasOverrides(applied)
  const whatIf = useQuery('getRouting', ds && whatIfOn ? { scope, knobs: applied } : null)
  const computing = (hasOverrides(overrides) && JSON.stringify(applied) !== overridesKey) || (whatIfOn && whatIf.loading)

  const shown = whatIfOn ? (whatIf.data ?? saved.data) : saved.data
  const shownIsWhatIf = whatIfOn && whatIf.data !== undefined
  const stale = (whatIfOn ? whatIf.loading || whatIf.data === undefined : saved.loading) && shown !== undefined

  const rowDiff = useMemo(() => (shownIsWhatIf && saved.data && whatIf.data ? diffPolicies(saved.data.policy.rows, whatIf.data.policy.rows) : null), [shownIsWhatIf, saved.data, whatIf.data])
  const summaryDiff = shownIsWhatIf && saved.data && whatIf.data && rowDiff ? diffSummaries(saved.data.backtest.summary, whatIf.data.backtest.summary, rowDiff) : null
  const canPickFiles = wb.appInfo?.canPickFiles ?? false

  if (!ds) {
    return (
      <NoDatasetState testId="routing-empty" onOpenData={() => navigate('data')} offerDemo={false}>
        Routing learns from the history window of a loaded dataset and is backtested on its evaluation window.
      </NoDatasetState>
    )
  }

  const openPolicyRow = (r: RoutingPolicyRow): void =>
    navigate(
      EXPLORER_PAGE_ID,
      drilldown(
        scope,
        { filters: { use_case: [r.use_case], model_provider: [r.model_provider], model_name: [r.model_name] }, window: 'history' },
        { origin: `Routing · ${r.use_case} on ${modelLabel(r.model_provider, r.model_name)} (history window)`, expected: r.requests }
      )
    )
  const openBacktestRow = (r: RoutingBacktestUseCase): void =>
    navigate(EXPLORER_PAGE_ID, drilldown(scope, { filters: { use_case: [r.use_case] }, window: 'evaluation' }, { origin: `Routing backtest · ${r.use_case} (evaluation window)`, expected: r.requests }))

  const exportCsv = (which: 'policy' | 'backtest'): void => {
    if (!shown) return
    const names = routingExportNames(shownIsWhatIf)
    const file = which === 'policy' ? { name: names.policy, content: routingPolicyCsv(shown.policy.rows) } : { name: names.backtest, content: routingBacktestCsv(shown.backtest.summary) }
    void exportFiles([file], canPickFiles).then((out) => {
      // an exported policy (not a what-if) is a version of the workspace's policy history
      if (which === 'policy' && !shownIsWhatIf && out.via !== 'cancelled') void call('recordPolicyVersion', { kind: 'routing', scope }).catch(() => undefined)
    })
  }

  const k = knobs.data
  const error = whatIfOn ? whatIf.error : saved.error
  return (
    <div className="stack routing-page" data-testid="routing">
      <div className="page-head">
        <div className="page-head__info muted" data-testid="routing-knobs">
          Policy from the history window ({historyShort(ds.report.windows.windowing_method)}), backtest on the evaluation window
          {k && (
            <>
              {' · '}saved knobs: SLA {formatInt(k.SLA_MS)} ms · failure {formatUsd(k.FAILURE_EVENT_COST_USD)} · breach {formatUsd(k.SLA_BREACH_PENALTY_USD)} · FAIL_BUDGET {formatPercentShort(k.FAIL_BUDGET)} · MIN_REQUESTS_POLICY{' '}
              {formatInt(k.MIN_REQUESTS_POLICY)}
            </>
          )}
        </div>
        {shownIsWhatIf && (
          <Badge tone="warn" solid testId="what-if-banner">
            what-if (not saved)
          </Badge>
        )}
        <div className="page-head__actions">
          <button type="button" className="btn btn--sm" onClick={() => exportCsv('policy')} disabled={!shown} data-testid="export-policy-csv" title="routing_policy_use_case.csv of the policy shown">
            Policy CSV
          </button>
          <button type="button" className="btn btn--sm" onClick={() => exportCsv('backtest')} disabled={!shown} data-testid="export-backtest-csv" title="routing_backtest_summary.csv of the backtest shown">
            Backtest CSV
          </button>
          <ExportArtifactsButton scope={scope} canPickFiles={canPickFiles} />
        </div>
      </div>

      <GateBlock report={ds.report} subject="routing" />

      {error ? (
        <ErrorState title={whatIfOn ? 'Could not compute the what-if policy' : 'Could not compute the routing policy'} error={error} onRetry={whatIfOn ? whatIf.refetch : saved.refetch} testId="routing-error" />
      ) : !shown ? (
        <LoadingState label="Computing the routing policy and its backtest…" />
      ) : (
        <>
          <div className="routing-top">
            <VerdictPanel backtest={shown.backtest} verdict={routingVerdict(shown.backtest)} whatIfDiff={summaryDiff} stale={stale} />
            {k && effective && parsed && (
              <WhatIfPanel saved={k} draft={effective} parsed={parsed} active={hasOverrides(overrides)} computing={computing} onChange={setDraft} onReset={() => setDraft(null)} />
            )}
          </div>
          <PolicyPanel policy={shown.policy} whatIf={shownIsWhatIf} diff={rowDiff} stale={stale} onOpenRow={openPolicyRow} />
          <BacktestPanel backtest={shown.backtest} stale={stale} canPickFiles={canPickFiles} onOpenUseCase={openBacktestRow} />
        </>
      )}
    </div>
  )
}
