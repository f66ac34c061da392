/** The Sampling page: a telemetry sampling policy for a budget (keep every failure, protect rare slices, sample the rest), its editable rule table, the projection of kept rows and cost, the backtest of the re-weighted KPIs, and the exports (policy JSON, OTel Collector and Refinery configs, the sample). */
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { SAMPLING_FILES } from '../../../../shared/artifacts/samplingArtifacts'
import type { SamplingInputs, SamplingProjectionRow, SamplingResult } from '../../../../shared/sampling'
import { call } from '../../api/client'
import { nextJobId } from '../../api/jobIds'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { Badge } from '../../components/Badge'
import { ErrorState } from '../../components/ErrorState'
import { ExportButton } from '../../components/ExportButton'
import { Icon } from '../../components/Icon'
import { KpiCard } from '../../components/KpiCard'
import { LoadingState } from '../../components/LoadingState'
import { NoDatasetState } from '../../components/NoDatasetState'
import { drilldown, EXPLORER_PAGE_ID } from '../../lib/drilldown'
import { formatInt, formatPercent, formatUsd } from '../../lib/format'
import { useDebouncedValue } from '../routing/useDebouncedValue'
import { BudgetPanel } from './BudgetPanel'
import { stratumLabel } from './buildSamplingOptions'
import { ProjectionPanel } from './ProjectionPanel'
import { RulesPanel } from './RulesPanel'
import { SamplingBacktestPanel } from './SamplingBacktestPanel'
import { draftFromInputs, parseDraft, type SamplingDraft } from './samplingDraft'
import '../routing/routing.css'
import './sampling.css'

/** How long typing must pause before the policy is recomputed. */
const RECOMPUTE_DEBOUNCE_MS = 350

/** The form survives leaving the page (not a reload): the operator comes back to the policy they were shaping. */
let rememberedDraft: SamplingDraft | null = null

const STAGE_TONE = { feasible: 'good', rare_slices_scaled: 'warn', keep_rules_sampled: 'bad' } as const
const STAGE_LABEL = { feasible: 'budget met', rare_slices_scaled: 'rare-slice minimums scaled down', keep_rules_sampled: 'keep rules exceed the budget' } as const

function Feasibility({ r, stale }: { r: SamplingResult; stale: boolean }): ReactElement {
  const f = r.policy.feasibility
  return (
    <div className={`banner banner--${STAGE_TONE[f.stage]}${stale ? ' is-stale' : ''}`} role="status" data-testid="sampling-feasibility" data-stage={f.stage} data-budget-met={String(f.budget_met)}>
      <Icon name={f.stage === 'feasible' ? 'check' : 'alert'} />
      <div className="banner__body">
        <div className="banner__title">
          {STAGE_LABEL[f.stage]}
          {!f.budget_met && ' · the budget is not met'}
        </div>
        <div data-testid="sampling-feasibility-message">{f.message}</div>
        <div className="muted sampling-shares">
          budget {formatPercent(f.budget_share)} of {f.budget_unit} · keep-for-sure rows {formatPercent(f.keep_for_sure_share)} · smallest share with every guarantee{' '}
          <span data-testid="sampling-min-feasible">{formatPercent(f.min_feasible_share)}</span> · expected {formatPercent(f.expected_share)}
        </div>
      </div>
    </div>
  )
}

export function SamplingPage({ scope, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const [draft, setDraft] = useState<SamplingDraft>(() => rememberedDraft ?? draftFromInputs())
  useEffect(() => {
    rememberedDraft = draft
  }, [draft])
  const parsed = useMemo(() => parseDraft(draft), [draft])
  // While a field is invalid the last valid inputs stay applied (the page keeps showing their policy).
  const lastValid = useRef<SamplingInputs>(parsed.inputs ?? draftToDefault())
  if (parsed.inputs) lastValid.current = parsed.inputs
  const inputs = parsed.inputs ?? lastValid.current
  const inputsKey = JSON.stringify(inputs)
  const applied = useDebouncedValue(inputs, inputsKey, RECOMPUTE_DEBOUNCE_MS)
  const q = useQuery('getSampling', wb.dataset ? { scope, inputs: applied } : null)
  const pending = JSON.stringify(applied) !== inputsKey || q.loading
  const canPickFiles = wb.appInfo?.canPickFiles ?? false

  if (!wb.dataset) {
    return (
      <NoDatasetState testId="sampling-no-data" onOpenData={() => navigate('data')} offerDemo={false}>
        Open telemetry on the Data page to shape a sampling policy for it.
      </NoDatasetState>
    )
  }

  const r = q.data
  const stale = pending && r !== undefined
  const openStratum = (row: { model_name: string | null; use_case: string | null }, expected?: number): void =>
    navigate(
      EXPLORER_PAGE_ID,
      drilldown(scope, { filters: { model_name: [row.model_name], use_case: [row.use_case] } }, { origin: `Sampling · ${stratumLabel({ ...row, total: false })}`, expected })
    )
  const exportFilesOf = async (withSample: boolean): Promise<{ name: string; content: string }[]> => {
    const out = await call('exportSampling', { jobId: nextJobId(), scope, inputs: applied, withSample })
    return out.files.filter((f) => (withSample ? f.name === SAMPLING_FILES.sample : f.name !== SAMPLING_FILES.sample))
  }
  const invalid = Object.keys(parsed.errors).length > 0
  return (
    <div className="stack sampling" data-testid="sampling">
      <div className="page-head">
        <div className="page-head__info muted" data-testid="sampling-head">
          Which rows to keep: every failure, rare slices protected, the rest sampled to the budget, decided by a hash of interaction_id.
          {r && (
            <>
              {' '}
              {formatInt(r.policy.data.rows_in_scope)} rows in scope{r.policy.data.input_weighted ? ', each already weighted by its sample_rate' : ''}.
            </>
          )}
        </div>
        {invalid && (
          <Badge tone="warn" solid testId="sampling-invalid">
            fix the form: showing the last valid policy
          </Badge>
        )}
        <div className="page-head__actions">
          <ExportButton
            label="Export policy"
            busyLabel="Writing the policy files…"
            title={`${SAMPLING_FILES.policy}, ${SAMPLING_FILES.otel} (OpenTelemetry Collector), ${SAMPLING_FILES.refinery}, ${SAMPLING_FILES.projection}, ${SAMPLING_FILES.backtest}`}
            canPickFiles={canPickFiles}
            disabled={!r}
            files={() => exportFilesOf(false)}
            testId="sampling-export-policy"
          />
          <ExportButton
            label="Export sample"
            busyLabel="Writing the sampled rows…"
            title={`${SAMPLING_FILES.sample}: the kept rows with their sample_rate (the app reads it back, weighted)`}
            canPickFiles={canPickFiles}
            disabled={!r}
            files={() => exportFilesOf(true)}
            testId="sampling-export-sample"
          />
        </div>
      </div>

      {q.error ? (
        <ErrorState title="Could not compute the sampling policy" error={q.error} onRetry={q.refetch} testId="sampling-error" />
      ) : !r ? (
        <LoadingState label="Hashing the interaction ids and solving the rates…" />
      ) : (
        <>
          <Feasibility r={r} stale={stale} />
          <div className="kpi-grid kpi-grid--6" data-testid="sampling-kpis">
            <KpiCard
              label="Kept (expected)"
              value={formatPercent(r.policy.feasibility.expected_share)}
              raw={r.projection.total.expected_kept_rows}
              sub={`${formatInt(r.projection.total.expected_kept_rows)} of ${formatInt(r.projection.total.rows)} rows`}
              stale={stale}
              testId="sampling-kpi-kept"
              emphasis
            />
            <KpiCard label="Kept by the hash" value={formatInt(r.projection.total.sampled_rows)} raw={r.projection.total.sampled_rows} sub="rows this sample holds" stale={stale} testId="sampling-kpi-sampled" />
            <KpiCard
              label="Failures kept"
              value={r.rules[0].rows > 0 ? formatPercent(r.rules[0].sampled_rows / r.rules[0].rows) : 'none'}
              raw={r.rules[0].sampled_rows}
              sub={`${formatInt(r.rules[0].sampled_rows)} of ${formatInt(r.rules[0].rows)}, at rate 1`}
              tone={r.rules[0].sampled_rows === r.rules[0].rows ? 'good' : 'bad'}
              stale={stale}
              testId="sampling-kpi-failures"
            />
            <KpiCard
              label="Storage / month"
              value={formatUsd(r.projection.total.kept_storage_usd_month)}
              raw={r.projection.total.kept_storage_usd_month}
              sub={`of ${formatUsd(r.projection.total.storage_usd_month)} for every row`}
              stale={stale}
              testId="sampling-kpi-storage"
            />
            <KpiCard label="Saving / month" value={formatUsd(r.projection.total.saving_usd_month)} raw={r.projection.total.saving_usd_month} tone="good" stale={stale} testId="sampling-kpi-saving" />
            <KpiCard
              label="Backtest"
              value={r.backtest.summary.verdict === 'unbiased' ? 'unbiased' : 'check'}
              raw={r.backtest.summary.within_2se_share}
              sub={`${r.backtest.summary.within_2se} of ${r.backtest.summary.checked} within 2 s.e.`}
              tone={r.backtest.summary.verdict === 'unbiased' ? 'good' : 'warn'}
              definition={r.backtest.summary.note}
              stale={stale}
              testId="sampling-kpi-backtest"
            />
          </div>
        </>
      )}
      <div className="sampling-top">
        <BudgetPanel draft={draft} errors={parsed.errors} projection={r?.projection} onChange={setDraft} onReset={() => setDraft(draftFromInputs())} />
        <RulesPanel draft={draft} errors={parsed.errors} rules={r?.rules} stage={r?.policy.feasibility.stage} stale={stale} onChange={setDraft} />
      </div>
      {r && (
        <>
          <ProjectionPanel projection={r.projection} stale={stale} canPickFiles={canPickFiles} onOpen={(row: SamplingProjectionRow) => openStratum(row, row.rows)} />
          <SamplingBacktestPanel backtest={r.backtest} stale={stale} canPickFiles={canPickFiles} onOpen={(row) => openStratum(row)} />
        </>
      )}
    </div>
  )
}

function draftToDefault(): SamplingInputs {
  return parseDraft(draftFromInputs()).inputs!
}
