/** The stop-ship state of routing and triage: the failed integrity gates that block them, an explicit "Override gate…" confirmation recorded in the decision artifact, and a note (with revoke) once gates are overridden. */
import { useEffect, useRef, useState, type ReactElement } from 'react'
import type { IntegrityReport } from '../../../shared/types'
import { call } from '../api/client'
import { queryCache } from '../api/queryCache'
import { Dialog } from './Dialog'
import { Icon } from './Icon'
import './gateBlock.css'

/** Failed gates that are not overridden: while any remains, routing and triage are blocked_by_gate. */
export function blockingGates(report: Pick<IntegrityReport, 'gates_failed' | 'gates_overridden'>): string[] {
  return report.gates_failed.filter((g) => !report.gates_overridden.includes(g))
}

/**
 * Overrides live in the backend, outside every request key: when they change (here or in another
 * window), cached analyses that depend on them are asked again.
 */
export function useRefreshOnOverrides(report: Pick<IntegrityReport, 'gates_overridden'> | undefined): void {
  const key = report ? report.gates_overridden.join('\n') : null
  const last = useRef(key)
  useEffect(() => {
    if (last.current !== key && key !== null && last.current !== null) queryCache.clear()
    last.current = key
  }, [key])
}

export interface GateBlockProps {
  report: IntegrityReport
  /** what is blocked, for the sentences: "routing", "the triage threshold" */
  subject: string
  /** after the backend accepted a new override set */
  onChanged?: () => void
}

export function GateBlock({ report, subject, onChanged }: GateBlockProps): ReactElement | null {
  const blocking = blockingGates(report)
  const overridden = report.gates_overridden
  const [open, setOpen] = useState(false)
  const [chosen, setChosen] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const apply = async (gates: string[]): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      await call('setGateOverrides', { gates })
      onChanged?.()
      return true
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      return false
    } finally {
      setBusy(false)
    }
  }

  if (blocking.length === 0 && overridden.length === 0) return null
  return (
    <>
      {blocking.length > 0 ? (
        <div className="banner banner--bad banner--strong" role="alert" data-testid="gate-blocked">
          <Icon name="alert" size={20} />
          <div className="banner__body">
            <div className="banner__title">
              Stop-ship: {subject} is <code>blocked_by_gate</code>
            </div>
            <div>
              {blocking.length === 1 ? 'This integrity gate failed' : 'These integrity gates failed'} for the loaded data. Fix the data and reload it, or override explicitly: the override is recorded
              in the decision artifact.
            </div>
            <ul className="banner__details" data-testid="gate-blocked-gates">
              {blocking.map((g) => (
                <li key={g}>
                  <code>{g}</code>
                </li>
              ))}
            </ul>
            {error && !open && <div className="bad-text">{error}</div>}
          </div>
          <button
            type="button"
            className="btn btn--sm"
            onClick={() => {
              setChosen(blocking)
              setError(null)
              setOpen(true)
            }}
            data-testid="override-gates"
          >
            Override gate…
          </button>
        </div>
      ) : (
        <div className="banner banner--warn" role="status" data-testid="gate-overridden">
          <Icon name="alert" />
          <div className="banner__body">
            <div>
              Failed gate{overridden.length === 1 ? '' : 's'} overridden by the operator: {overridden.map((g, i) => (
                <span key={g}>
                  {i > 0 && ', '}
                  <code>{g}</code>
                </span>
              ))}
              . The override is recorded in the decision artifact; the numbers below come from data that failed {overridden.length === 1 ? 'this check' : 'these checks'}.
            </div>
            {error && <div className="bad-text">{error}</div>}
          </div>
          <button type="button" className="btn btn--ghost btn--xs" disabled={busy} onClick={() => void apply([])} data-testid="revoke-overrides">
            Revoke override
          </button>
        </div>
      )}
      <Dialog title="Override failed integrity gates" open={open} onClose={() => setOpen(false)} testId="override-dialog">
        <p className="dialog__lead">
          An override lets {subject} be produced and acted on although the data failed these checks. It does not fix the data. It is recorded in the decision artifact (<code>decision_artifact.json</code>) with the gates named, and the Data page keeps showing them as failed.
        </p>
        <fieldset className="override-gates" aria-label="Gates to override">
          {blocking.map((g) => (
            <label key={g} className="check">
              <input type="checkbox" checked={chosen.includes(g)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, g] : c.filter((x) => x !== g)))} />
              <code>{g}</code>
            </label>
          ))}
        </fieldset>
        {error && (
          <div className="banner banner--bad" role="alert">
            {error}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            Keep blocked
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={busy || chosen.length === 0}
            onClick={() => {
              void apply([...overridden, ...chosen]).then((ok) => ok && setOpen(false))
            }}
            data-testid="confirm-override"
          >
            {busy ? 'Recording…' : `Override ${chosen.length === 1 ? '1 gate' : `${chosen.length} gates`}`}
          </button>
        </div>
      </Dialog>
    </>
  )
}
