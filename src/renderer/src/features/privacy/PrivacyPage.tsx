/**
 * The Privacy page: PII and secrets found in the text columns (responses were scanned at load for the
 * pii_in_responses gate; the other text columns are scanned here), by type and field, day, model and
 * use case, each number drilling to its rows in the Explorer; the findings with masked previews; the
 * masking settings; pii_findings.csv.
 */
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { MASK_MODES, PII_GATE, PII_RESPONSE_FIELD, type MaskMode, type PiiCount, type PiiSettingsView, type PiiSummary } from '../../../../shared/pii'
import { ApiCallError, call, onEvent } from '../../api/client'
import { nextJobId } from '../../api/jobIds'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { Chart } from '../../components/Chart'
import { ChartPanel } from '../../components/ChartPanel'
import { EmptyState } from '../../components/EmptyState'
import { ErrorState } from '../../components/ErrorState'
import { ExportButton } from '../../components/ExportButton'
import { KpiCard } from '../../components/KpiCard'
import { LoadingState } from '../../components/LoadingState'
import { NoDatasetState } from '../../components/NoDatasetState'
import { Panel } from '../../components/Panel'
import { ProgressBar } from '../../components/ProgressBar'
import { toCsv } from '../../lib/csv'
import { EXPLORER_PAGE_ID, drilldown, type DrilldownTarget } from '../../lib/drilldown'
import { formatDuration, formatInt, formatPercent, plural } from '../../lib/format'
import { buildPiiDayOption, buildTypeFieldOption, type PiiBarItem } from './buildPiiOptions'
import { MaskSwitch } from './MaskSwitch'
import './privacy.css'

type ScanRun = { state: 'idle' } | { state: 'running'; jobId: number; phase: string; fraction: number | null } | { state: 'error'; message: string }

const MODE_LABELS: Record<MaskMode, string> = { tags: 'Type tags <EMAIL_ADDRESS>', pseudonyms: 'Keyed pseudonyms (equal values stay equal)', last4: 'Type tags, cards keep their last 4 digits' }

/** Datasets whose pending scan this window already started, so a visit does not scan twice. */
const autoScanned = new Set<number>()

export function PrivacyPage({ scope, navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const datasetId = wb.dataset?.id ?? null
  const summary = useQuery('getPiiSummary', wb.dataset ? { scope } : null)
  const settings = useQuery('getPiiSettings', {})
  const findings = useQuery('getPiiFindings', wb.dataset ? { scope, limit: 200 } : null)
  const [run, setRun] = useState<ScanRun>({ state: 'idle' })
  const runRef = useRef(run)
  runRef.current = run

  const startScan = async (): Promise<void> => {
    if (runRef.current.state === 'running') return
    const jobId = nextJobId()
    setRun({ state: 'running', jobId, phase: 'starting', fraction: 0 })
    const off = onEvent((e) => {
      if (e.type === 'progress' && e.progress.jobId === jobId) setRun({ state: 'running', jobId, phase: e.progress.phase, fraction: e.progress.fraction })
    })
    try {
      await call('runPiiScan', { jobId })
      setRun({ state: 'idle' })
      summary.refetch()
      findings.refetch()
    } catch (err) {
      setRun(err instanceof ApiCallError && err.shape.code === 'cancelled' ? { state: 'idle' } : { state: 'error', message: err instanceof Error ? err.message : String(err) })
    } finally {
      off()
    }
  }

  // The page's purpose is the scan: text columns not scanned yet are scanned on the first visit.
  const pending = summary.data?.status.pendingFields.length ?? 0
  useEffect(() => {
    if (datasetId === null || pending === 0 || autoScanned.has(datasetId)) return
    autoScanned.add(datasetId)
    void startScan()
    // startScan reads refs only; the effect runs once per dataset with pending fields
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasetId, pending])

  const open = (target: DrilldownTarget, origin: string, expected?: number): void => navigate(EXPLORER_PAGE_ID, drilldown(scope, target, { origin: `Privacy · ${origin}`, expected }))

  if (!wb.dataset) {
    return (
      <NoDatasetState testId="privacy-no-data" onOpenData={() => navigate('data')} offerDemo={false}>
        Open telemetry on the Data page to scan it for personal data and secrets.
      </NoDatasetState>
    )
  }
  const canPickFiles = wb.appInfo?.canPickFiles ?? false
  const gate = wb.dataset.report.gates.find((g) => g.gate === PII_GATE)
  const s = summary.data
  return (
    <div className="stack privacy" data-testid="privacy">
      <ScanBanner summary={s} run={run} gate={gate} onScan={() => void startScan()} onCancel={() => run.state === 'running' && void call('cancelJob', { jobId: run.jobId })} />
      {summary.error ? (
        <ErrorState title="Could not read the findings" error={summary.error} onRetry={summary.refetch} testId="privacy-error" />
      ) : !s ? (
        <LoadingState label="Reading the findings…" />
      ) : (
        <>
          <div className="kpi-grid privacy-kpis" data-testid="privacy-kpis">
            <KpiCard label="Findings" value={formatInt(s.findings)} raw={s.findings} sub={`in ${plural(s.rows_with_findings, 'interaction')} of ${formatInt(s.interactions)}`} testId="pii-findings" tone={s.findings ? 'warn' : 'good'} />
            <KpiCard
              label="Responses that leak"
              value={formatInt(s.responses_with_findings)}
              raw={s.responses_with_findings}
              sub={s.responses ? `${formatPercent(s.responses_with_findings / s.responses)} of ${formatInt(s.responses)} responses` : 'no response text'}
              definition="Responses (non-empty response text) with at least one finding: the critical case, judged by the pii_in_responses gate."
              tone={s.responses_with_findings ? 'bad' : 'good'}
              emphasis
              testId="pii-leaking"
            />
            <KpiCard label="Secrets" value={formatInt(s.by_type.find((c) => c.key === 'SECRET')?.findings ?? 0)} raw={s.by_type.find((c) => c.key === 'SECRET')?.findings ?? 0} sub="API keys and tokens" tone={s.by_type.some((c) => c.key === 'SECRET') ? 'bad' : 'good'} testId="pii-secrets" />
            <KpiCard label="Text columns scanned" value={String(s.status.scannedFields.length)} raw={s.status.scannedFields.length} sub={s.status.scannedFields.join(', ') || 'none yet'} testId="pii-scanned" />
          </div>
          {s.findings === 0 ? (
            <EmptyState title="No PII or secrets found" testId="pii-none">
              {s.status.pendingFields.length ? 'Some text columns are not scanned yet.' : 'No finding in the scanned text columns within these filters.'}
            </EmptyState>
          ) : (
            <>
              <div className="privacy-grid">
                <TypeFieldPanel summary={s} canPickFiles={canPickFiles} stale={summary.stale} onDrill={(d) => open({ pii: { types: [d.entity_type], fields: d.field ? [d.field] : undefined } }, `${d.entity_type} in ${d.field}`, d.rows)} />
                <DayPanel summary={s} canPickFiles={canPickFiles} stale={summary.stale} onDrill={(d) => open({ day: d.day, pii: { types: [d.entity_type] } }, `${d.entity_type} on ${d.day}`, d.rows)} />
              </div>
              <div className="privacy-grid">
                <CountsPanel title="By model" dimension="model_name" counts={s.by_model} canPickFiles={canPickFiles} onDrill={(c) => open({ filters: { model_name: c.key === 'unknown' ? ['unknown', null] : [c.key] }, pii: {} }, `findings of model ${c.key}`, c.rows)} />
                <CountsPanel title="By use case" dimension="use_case" counts={s.by_use_case} canPickFiles={canPickFiles} onDrill={(c) => open({ filters: { use_case: c.key === 'unknown' ? ['unknown', null] : [c.key] }, pii: {} }, `findings in use case ${c.key}`, c.rows)} />
              </div>
              <Panel
                title="Findings"
                subtitle="Responses first. The preview shows each finding in its context with every value masked; the raw value is never stored."
                testId="pii-findings-table"
                actions={<ExportButton label="pii_findings.csv" title="Every finding in scope, as the CLI's pii command writes it (no raw value)" canPickFiles={canPickFiles} files={async () => [await call('exportPiiFindings', { scope })]} testId="pii-export" />}
                flush
              >
                {findings.error ? (
                  <ErrorState title="Could not list the findings" error={findings.error} onRetry={findings.refetch} compact />
                ) : !findings.data ? (
                  <LoadingState compact />
                ) : (
                  <div className="table-wrap privacy-findings">
                    <table className="table">
                      <thead>
                        <tr>
                          <th>interaction</th>
                          <th>field</th>
                          <th>type</th>
                          <th>rule</th>
                          <th className="num">score</th>
                          <th>masked preview</th>
                        </tr>
                      </thead>
                      <tbody>
                        {findings.data.rows.map((f, i) => (
                          <tr key={`${f.interaction_id}-${f.field}-${f.start}-${i}`} className={f.field === PII_RESPONSE_FIELD ? 'privacy-row--response' : undefined}>
                            <td>
                              <button type="button" className="linklike" onClick={() => navigate(EXPLORER_PAGE_ID, { scope, params: { id: f.interaction_id ?? '' } })}>
                                {f.interaction_id}
                              </button>
                            </td>
                            <td>{f.field}</td>
                            <td>{f.entity_type}</td>
                            <td className="muted">{f.rule}</td>
                            <td className="num">{f.score.toFixed(2)}</td>
                            <td className="privacy-preview" data-testid="pii-preview">
                              {f.preview}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    {findings.data.total > findings.data.rows.length && <p className="muted privacy-more">First {formatInt(findings.data.rows.length)} of {formatInt(findings.data.total)} findings; the CSV has them all.</p>}
                  </div>
                )}
              </Panel>
            </>
          )}
        </>
      )}
      <SettingsPanel settings={settings.data} />
    </div>
  )
}

function ScanBanner({ summary, run, gate, onScan, onCancel }: { summary: PiiSummary | undefined; run: ScanRun; gate: { status: string; detail?: string; reason?: string } | undefined; onScan: () => void; onCancel: () => void }): ReactElement {
  const pending = summary?.status.pendingFields ?? []
  const state = run.state === 'running' ? 'running' : !summary ? 'reading' : pending.length ? 'pending' : 'done'
  return (
    <div className={`banner ${gate?.status === 'fail' ? 'banner--warn' : 'banner--neutral'} privacy-banner`} role="status" data-testid="pii-scan-status" data-state={state}>
      <div className="privacy-banner__text">
        <div data-testid="pii-gate">
          Gate <code>{PII_GATE}</code>: <strong className={gate?.status === 'fail' ? 'bad-text' : undefined}>{gate ? gate.status.toUpperCase() : 'not judged'}</strong>
          {gate && ` (${gate.status === 'skipped' ? gate.reason : gate.detail})`}
        </div>
        <div className="muted">
          Responses are scanned when the data loads (for the gate). {summary?.status.lastScanMs != null && `Last scan ${formatDuration(summary.status.lastScanMs)}. `}
          {!summary ? 'Reading the scan status…' : pending.length ? `Not scanned yet: ${pending.join(', ')}.` : 'Every text column in the settings is scanned.'}
        </div>
      </div>
      {run.state === 'running' ? (
        <span className="privacy-banner__run">
          <ProgressBar fraction={run.fraction} label="PII scan progress" testId="pii-scan-progress" />
          <span className="muted">{run.phase}</span>
          <button type="button" className="btn btn--xs" onClick={onCancel}>
            Cancel
          </button>
        </span>
      ) : (
        pending.length > 0 && (
          <button type="button" className="btn btn--sm" onClick={onScan} data-testid="pii-scan">
            Scan {plural(pending.length, 'column')}
          </button>
        )
      )}
      {run.state === 'error' && (
        <span className="bad-text" role="alert">
          Scan failed: {run.message}
        </span>
      )}
    </div>
  )
}

function TypeFieldPanel({ summary, canPickFiles, stale, onDrill }: { summary: PiiSummary; canPickFiles: boolean; stale: boolean; onDrill: (d: PiiBarItem) => void }): ReactElement {
  const option = useMemo(() => buildTypeFieldOption(summary.by_type_field), [summary.by_type_field])
  const csv = (): string => toCsv(['entity_type', 'field', 'findings', 'interactions'], summary.by_type_field.map((c) => [c.entity_type, c.field, c.findings, c.rows]))
  return (
    <ChartPanel
      title="By type and field"
      subtitle="Findings per entity type; red is response text, a leak to the user. Click a bar for its interactions."
      testId="pii-by-type"
      stale={stale}
      canPickFiles={canPickFiles}
      csv={{ file: () => ({ name: 'pii_by_type_field.csv', content: csv() }), title: 'Findings per type and field as CSV' }}
      png={{ name: 'pii_by_type_field' }}
      table={{ toggleLabel: 'Findings by type view', render: () => <SimpleTable head={['type', 'field', 'findings', 'interactions']} rows={summary.by_type_field.map((c) => [c.entity_type, c.field, formatInt(c.findings), formatInt(c.rows)])} /> }}
      chart={(ref) => <Chart ref={ref} option={option} ariaLabel="Findings per entity type, stacked by field" height={Math.max(160, 50 + 34 * summary.by_type.length)} onItemClick={(p) => onDrill(p.data as PiiBarItem)} testId="pii-type-chart" />}
    />
  )
}

function DayPanel({ summary, canPickFiles, stale, onDrill }: { summary: PiiSummary; canPickFiles: boolean; stale: boolean; onDrill: (d: PiiBarItem) => void }): ReactElement {
  const option = useMemo(() => buildPiiDayOption(summary.by_day), [summary.by_day])
  return (
    <ChartPanel
      title="By day (UTC)"
      subtitle="Findings per day, stacked by type. Click a bar for that day's interactions."
      testId="pii-by-day"
      stale={stale}
      canPickFiles={canPickFiles}
      empty={summary.by_day.length === 0 ? <EmptyState title="No timed findings" /> : undefined}
      csv={{ file: () => ({ name: 'pii_by_day.csv', content: toCsv(['day', 'entity_type', 'findings', 'interactions'], summary.by_day.map((d) => [d.day, d.entity_type, d.findings, d.rows])) }), title: 'Findings per day as CSV' }}
      png={{ name: 'pii_by_day' }}
      chart={(ref) => <Chart ref={ref} option={option} ariaLabel="Findings per UTC day stacked by entity type" height={240} onItemClick={(p) => onDrill(p.data as PiiBarItem)} testId="pii-day-chart" />}
    />
  )
}

function CountsPanel({ title, dimension, counts, canPickFiles, onDrill }: { title: string; dimension: string; counts: PiiCount[]; canPickFiles: boolean; onDrill: (c: PiiCount) => void }): ReactElement {
  return (
    <Panel
      title={title}
      subtitle="Click a count for those interactions."
      testId={`pii-by-${dimension}`}
      flush
      actions={<ExportButton label="CSV" canPickFiles={canPickFiles} files={() => [{ name: `pii_by_${dimension}.csv`, content: toCsv([dimension, 'findings', 'interactions'], counts.map((c) => [c.key, c.findings, c.rows])) }]} />}
    >
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{dimension}</th>
              <th className="num">findings</th>
              <th className="num">interactions</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((c) => (
              <tr key={c.key}>
                <td>{c.key}</td>
                <td className="num">{formatInt(c.findings)}</td>
                <td className="num">
                  <button type="button" className="linklike" onClick={() => onDrill(c)} title="Open these interactions in the Explorer">
                    {formatInt(c.rows)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  )
}

function SimpleTable({ head, rows }: { head: string[]; rows: string[][] }): ReactElement {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, k) => (
                <td key={k}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function SettingsPanel({ settings }: { settings: PiiSettingsView | undefined }): ReactElement {
  const [error, setError] = useState<string | null>(null)
  const update = (patch: Parameters<typeof call<'setPiiSettings'>>[1]): void => {
    setError(null)
    call('setPiiSettings', patch).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
  }
  return (
    <Panel title="Masking and columns" subtitle="Applies to the Explorer grid and drawer, the SQL console, CSV exports and bundles. Text is masked in the backend: raw text never reaches this window while masking is on." testId="pii-settings">
      {!settings ? (
        <LoadingState compact />
      ) : (
        <div className="privacy-settings">
          <MaskSwitch />
          <label className="privacy-settings__mode">
            <span>Replace with</span>
            <select className="input input--sm" value={settings.mode} onChange={(e) => update({ mode: e.target.value as MaskMode })} data-testid="mask-mode">
              {MASK_MODES.map((m) => (
                <option key={m} value={m}>
                  {MODE_LABELS[m]}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="privacy-settings__columns">
            <legend>Text columns scanned and masked (untick an ID-like column to allow-list it)</legend>
            {settings.textColumns.map((c) => {
              const checked = settings.scanColumns.includes(c)
              return (
                <label key={c} className="check check--inline">
                  <input
                    type="checkbox"
                    checked={checked}
                    onChange={() =>
                      checked
                        ? update({ allowColumns: [...settings.allowColumns, c], extraColumns: settings.extraColumns.filter((x) => x !== c) })
                        : update({ allowColumns: settings.allowColumns.filter((x) => x !== c), extraColumns: [...settings.extraColumns, c] })
                    }
                    data-testid={`pii-col-${c}`}
                  />
                  <code>{c}</code>
                </label>
              )
            })}
          </fieldset>
          {error && (
            <span className="bad-text" role="alert">
              {error}
            </span>
          )}
        </div>
      )}
    </Panel>
  )
}

