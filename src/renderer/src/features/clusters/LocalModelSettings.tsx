/**
 * The optional local model of the diagnosis: an OpenAI-compatible endpoint on this machine (loopback
 * only), off by default, with an optional API key; saving validates it on the backend. The endpoint
 * and model are kept in the workspace; the key never is (it stays in the running backend).
 */
import { useEffect, useState, type ReactElement } from 'react'
import type { DiagnosisModelSettings } from '../../../../shared/clusters'
import { ApiCallError, call } from '../../api/client'

export interface LocalModelSettingsProps {
  /** the backend's current setting (the page's one query, shared with the diagnosis cards) */
  current: { data: DiagnosisModelSettings | undefined; refetch: () => void }
  /** the workspace recorded that its endpoint was used with a key, which is not set now (it is never saved) */
  keyToRetype: boolean
  /** the backend took a new setting (the page records it in the workspace) */
  onSaved: (settings: DiagnosisModelSettings) => void
}

export function LocalModelSettings({ current, keyToRetype, onSaved }: LocalModelSettingsProps): ReactElement {
  const [endpoint, setEndpoint] = useState('')
  const [model, setModel] = useState('local-model')
  const [apiKey, setApiKey] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    if (!current.data) return
    setEndpoint(current.data.endpoint ?? '')
    setModel(current.data.model)
  }, [current.data])
  const save = async (value: string | null, key: string | null | undefined): Promise<void> => {
    try {
      const r = await call('setDiagnosisModel', { endpoint: value, model, ...(key !== undefined ? { api_key: key } : {}) })
      setApiKey('')
      current.refetch()
      onSaved(r)
      setMessage({ ok: true, text: r.endpoint ? `Diagnoses can now be rewritten by ${r.model} at ${r.endpoint}${r.api_key_set ? ' (with an API key)' : ''}.` : 'The local model is off: diagnoses use the evidence only.' })
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiCallError ? err.shape.message : String(err) })
    }
  }
  const keySet = current.data?.api_key_set ?? false
  return (
    <details className="local-model" data-testid="local-model" open={keyToRetype || undefined}>
      <summary>Local model for the diagnosis (optional, {current.data?.endpoint ? `on: ${current.data.endpoint}` : 'off'})</summary>
      <p className="muted">
        An OpenAI-compatible server on this machine (e.g. <code>http://127.0.0.1:8080/v1</code>) can write the diagnosis from the same evidence. Only the evidence sentences are sent, never request texts; addresses other than this machine are refused. An API key,
        if the server wants one, is kept only while the app runs: it is never saved in the workspace or a bundle.
      </p>
      {keyToRetype && (
        <div className="banner banner--warn" role="status" data-testid="local-model-key-needed">
          This workspace’s endpoint was used with an API key, which is never saved: type it again to ask the model.
        </div>
      )}
      <form
        className="local-model__form"
        onSubmit={(e) => {
          e.preventDefault()
          // an empty key field keeps the key already set for this endpoint
          void save(endpoint.trim() || null, apiKey.trim() ? apiKey.trim() : undefined)
        }}
      >
        <input className="input input--sm" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="http://127.0.0.1:8080/v1" aria-label="Endpoint" data-testid="local-model-endpoint" />
        <input className="input input--sm" value={model} onChange={(e) => setModel(e.target.value)} aria-label="Model name" />
        <input
          className="input input--sm"
          type="password"
          autoComplete="off"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          placeholder={keySet ? 'API key set (type to replace)' : 'API key (optional)'}
          aria-label="API key"
          data-testid="local-model-key"
        />
        <button type="submit" className="btn btn--sm" data-testid="local-model-save">
          Save
        </button>
        {keySet && (
          <button type="button" className="btn btn--sm btn--ghost" onClick={() => void save(current.data?.endpoint ?? null, null)} data-testid="local-model-forget-key">
            Forget the key
          </button>
        )}
        <button type="button" className="btn btn--sm btn--ghost" onClick={() => void save(null, null)} disabled={!current.data?.endpoint}>
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
