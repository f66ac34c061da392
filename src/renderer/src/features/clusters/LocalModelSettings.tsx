/** The optional local model of the diagnosis: an OpenAI-compatible endpoint on this machine (loopback only), off by default; saving validates it on the backend. */
import { useEffect, useState, type ReactElement } from 'react'
import type { DiagnosisModelSettings } from '../../../../shared/clusters'
import { ApiCallError, call } from '../../api/client'

export interface LocalModelSettingsProps {
  /** the backend's current setting (the page's one query, shared with the diagnosis cards) */
  current: { data: DiagnosisModelSettings | undefined; refetch: () => void }
}

export function LocalModelSettings({ current }: LocalModelSettingsProps): ReactElement {
  const [endpoint, setEndpoint] = useState('')
  const [model, setModel] = useState('local-model')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    if (!current.data) return
    setEndpoint(current.data.endpoint ?? '')
    setModel(current.data.model)
  }, [current.data])
  const save = async (value: string | null): Promise<void> => {
    try {
      const r = await call('setDiagnosisModel', { endpoint: value, model })
      current.refetch()
      setMessage({ ok: true, text: r.endpoint ? `Diagnoses can now be rewritten by ${r.model} at ${r.endpoint}.` : 'The local model is off: diagnoses use the evidence only.' })
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiCallError ? err.shape.message : String(err) })
    }
  }
  return (
    <details className="local-model" data-testid="local-model">
      <summary>Local model for the diagnosis (optional, {current.data?.endpoint ? `on: ${current.data.endpoint}` : 'off'})</summary>
      <p className="muted">
        An OpenAI-compatible server on this machine (e.g. <code>http://127.0.0.1:8080/v1</code>) can write the diagnosis from the same evidence. Only the evidence sentences are sent, never request texts; addresses other than this machine are refused.
      </p>
      <form
        className="local-model__form"
        onSubmit={(e) => {
          e.preventDefault()
          void save(endpoint.trim() || null)
        }}
      >
        <input className="input input--sm" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="http://127.0.0.1:8080/v1" aria-label="Endpoint" data-testid="local-model-endpoint" />
        <input className="input input--sm" value={model} onChange={(e) => setModel(e.target.value)} aria-label="Model name" />
        <button type="submit" className="btn btn--sm" data-testid="local-model-save">
          Save
        </button>
        <button type="button" className="btn btn--sm btn--ghost" onClick={() => void save(null)} disabled={!current.data?.endpoint}>
          Switch off
        </button>
      </form>
      {message && (
        <div className={message.ok ? 'good-text' : 'bad-text'} role={message.ok ? 'status' : 'alert'} data-testid="local-model-message">
          {message.text}
        </div>
      )}
    </details>
  )
}
