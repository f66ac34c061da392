/**
 * Policy history: every exported routing policy, triage threshold and sampling policy as
 * a version with its time, knobs, data hashes and backtest summary; pick two of a kind to diff
 * (rows changed, metric deltas), roll back to a version's knobs, or export its files again.
 */
import { useMemo, useState, type ReactElement } from 'react'
import { POLICY_KIND_LABEL, type PolicyDiff, type PolicyVersionSummary } from '../../../../shared/policyHistory'
import { call } from '../../api/client'
import { exportFiles } from '../../api/exportFiles'
import { useQuery } from '../../api/useQuery'
import type { PageProps } from '../../app/pages'
import { useWorkbench } from '../../app/WorkbenchProvider'
import { Badge } from '../../components/Badge'
import { EmptyState } from '../../components/EmptyState'
import { Panel } from '../../components/Panel'
import { formatNumber, formatUtc, shortHash } from '../../lib/format'
import { describeDelta } from './versionText'
import './policyHistory.css'

export function PolicyHistoryPage({ navigate }: PageProps): ReactElement {
  const wb = useWorkbench()
  const versions = useQuery('listPolicyVersions', {})
  const [picked, setPicked] = useState<string[]>([])
  const [note, setNote] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null)
  const list = useMemo(() => versions.data ?? [], [versions.data])
  const byId = useMemo(() => new Map(list.map((v) => [v.id, v])), [list])
  const pair = picked.length === 2 ? ([byId.get(picked[1]), byId.get(picked[0])] as const) : null
  const canDiff = !!pair && !!pair[0] && !!pair[1] && pair[0].kind === pair[1].kind
  // older first, so the diff reads "from -> to"
  const ordered = canDiff ? ([pair![0]!, pair![1]!].sort((a, b) => (a.created < b.created ? -1 : 1)) as [PolicyVersionSummary, PolicyVersionSummary]) : null
  const diff = useQuery('diffPolicyVersions', ordered ? { before: ordered[0].id, after: ordered[1].id } : null)

  const toggle = (id: string): void => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [id, ...p].slice(0, 2)))

  const rollback = async (v: PolicyVersionSummary): Promise<void> => {
    try {
      await call('rollbackPolicyVersion', { id: v.id })
      setNote({ tone: 'good', text: `Knobs restored to those of the ${POLICY_KIND_LABEL[v.kind] ?? v.kind} version of ${formatUtc(v.created)} UTC. Pages recompute under them.` })
    } catch (err) {
      setNote({ tone: 'bad', text: err instanceof Error ? err.message : String(err) })
    }
  }
  const reexport = async (v: PolicyVersionSummary): Promise<void> => {
    try {
      const full = await call('getPolicyVersion', { id: v.id })
      const out = await exportFiles(full.files.map((f) => ({ name: f.name, content: f.content })), wb.appInfo?.canPickFiles ?? false)
      if (out.via !== 'cancelled') setNote({ tone: 'good', text: `Exported ${full.files.map((f) => f.name).join(', ')} of the version of ${formatUtc(v.created)} UTC.` })
    } catch (err) {
      setNote({ tone: 'bad', text: err instanceof Error ? err.message : String(err) })
    }
  }

  if (versions.data && list.length === 0) {
    return (
      <EmptyState title="No policy exported yet" testId="history-empty" action={<button type="button" className="btn btn--primary" onClick={() => navigate('routing')}>Go to Routing</button>}>
        Each time a routing policy, a triage threshold or a sampling policy is exported (the Routing, Triage and Sampling pages), it is kept here as a version with its knobs, the hashes of the data it came from and
        its backtest, and saved with the workspace.
      </EmptyState>
    )
  }

  return (
    <div className="stack" data-testid="policy-history">
      {note && (
        <div className={`banner banner--${note.tone}`} role="status" data-testid="history-note">
          <span className="banner__body">{note.text}</span>
          <button type="button" className="btn btn--ghost btn--xs" onClick={() => setNote(null)}>
            Dismiss
          </button>
        </div>
      )}
      <Panel title="Versions" subtitle="Newest first. Tick two versions of one kind to compare them." flush testId="history-versions">
        <table className="table history__table">
          <thead>
            <tr>
              <th />
              <th>Exported (UTC)</th>
              <th>Kind</th>
              <th>Version</th>
              <th>Data</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((v) => (
              <tr key={v.id} data-testid="history-row" className={picked.includes(v.id) ? 'history__row--picked' : undefined}>
                <td>
                  <input type="checkbox" checked={picked.includes(v.id)} onChange={() => toggle(v.id)} aria-label={`Compare the version of ${v.created}`} />
                </td>
                <td className="mono">{formatUtc(v.created)}</td>
                <td>
                  <Badge tone={v.kind === 'routing' ? 'accent' : 'info'}>{POLICY_KIND_LABEL[v.kind] ?? v.kind}</Badge>
                </td>
                <td>{v.label}</td>
                <td className="mono muted" title={v.data_hashes.map((h) => `${h.file} ${h.sha256} (${h.rows} rows)`).join('\n')}>
                  {v.data_hashes.map((h) => `${h.table} ${shortHash(h.sha256)}`).join(' · ')}
                </td>
                <td className="history__actions">
                  <button type="button" className="btn btn--xs" onClick={() => void rollback(v)} data-testid="history-rollback">
                    Roll back knobs
                  </button>
                  <button type="button" className="btn btn--xs" onClick={() => void reexport(v)} data-testid="history-reexport">
                    Export again
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      {picked.length === 2 && !canDiff && <div className="banner banner--neutral">Pick two versions of the same kind to compare them.</div>}
      {ordered && diff.data && <DiffPanel before={ordered[0]} after={ordered[1]} diff={diff.data} />}
      {diff.error && <div className="banner banner--bad">{diff.error.message}</div>}
    </div>
  )
}

function DiffPanel({ before, after, diff }: { before: PolicyVersionSummary; after: PolicyVersionSummary; diff: PolicyDiff }): ReactElement {
  return (
    <Panel title={`${POLICY_KIND_LABEL[diff.kind] ?? diff.kind}: ${formatUtc(before.created)} → ${formatUtc(after.created)}`} subtitle={`${diff.rows_changed} of ${diff.rows.length} rows changed${diff.data_changed ? ' · the data differs (other input hashes)' : ' · same data'}`} testId="history-diff">
      <div className="history__diff">
        <table className="table">
          <thead>
            <tr>
              <th>{diff.kind === 'routing' ? 'Use case' : 'Setting'}</th>
              <th>Before</th>
              <th>After</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {diff.rows.map((r) => (
              <tr key={r.key} data-testid="diff-row" data-change={r.change}>
                <td>{r.key}</td>
                <td className="mono">{r.before ?? '—'}</td>
                <td className="mono">{r.after ?? '—'}</td>
                <td>{r.change !== 'same' && <Badge tone={r.change === 'changed' ? 'warn' : r.change === 'added' ? 'good' : 'bad'}>{r.change}</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table">
          <thead>
            <tr>
              <th>Metric</th>
              <th className="num">Before</th>
              <th className="num">After</th>
              <th className="num">Delta</th>
            </tr>
          </thead>
          <tbody>
            {diff.metrics.map((m) => (
              <tr key={m.name} data-testid="diff-metric">
                <td className="mono">{m.name}</td>
                <td className="num">{formatNumber(m.before, 4)}</td>
                <td className="num">{formatNumber(m.after, 4)}</td>
                <td className="num">{describeDelta(m.delta)}</td>
              </tr>
            ))}
            {diff.words.map((w) => (
              <tr key={w.name}>
                <td className="mono">{w.name}</td>
                <td className="num">{w.before ?? '—'}</td>
                <td className="num">{w.after ?? '—'}</td>
                <td />
              </tr>
            ))}
          </tbody>
        </table>
        {diff.knobs.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Knob</th>
                <th className="num">Before</th>
                <th className="num">After</th>
              </tr>
            </thead>
            <tbody>
              {diff.knobs.map((k) => (
                <tr key={k.name}>
                  <td className="mono">{k.name}</td>
                  <td className="num">{String(k.before ?? '—')}</td>
                  <td className="num">{String(k.after ?? '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Panel>
  )
}
