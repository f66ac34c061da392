/** Web mode's path box: a path on the machine running the server, typed and submitted (Open, Save As). */
import { useState, type ReactElement, type ReactNode } from 'react'

export interface ServerPathFormProps {
  /** The input's id and data-testid. */
  inputId: string
  submitTestId: string
  initial?: string
  placeholder: string
  busy: boolean
  action: string
  busyAction: string
  hint: ReactNode
  onSubmit: (path: string) => void
}

export function ServerPathForm({ inputId, submitTestId, initial = '', placeholder, busy, action, busyAction, hint, onSubmit }: ServerPathFormProps): ReactElement {
  const [path, setPath] = useState(initial)
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (path.trim()) onSubmit(path.trim())
      }}
    >
      <label className="field-label" htmlFor={inputId}>
        Path on the machine running the server
      </label>
      <div className="input-row">
        <input id={inputId} className="input mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder={placeholder} autoFocus data-testid={inputId} />
        <button type="submit" className="btn btn--primary" disabled={busy || !path.trim()} data-testid={submitTestId}>
          {busy ? busyAction : action}
        </button>
      </div>
      <p className="field-hint">{hint}</p>
    </form>
  )
}
