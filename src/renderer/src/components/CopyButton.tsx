/** A small button that copies a value to the clipboard and says so. */
import { useEffect, useState, type ReactElement } from 'react'

export interface CopyButtonProps {
  value: string
  /** what is being copied, for the accessible name ("Copy SHA-256") */
  what: string
}

export function CopyButton({ value, what }: CopyButtonProps): ReactElement {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const t = window.setTimeout(() => setState('idle'), 1500)
    return () => window.clearTimeout(t)
  }, [state])
  return (
    <button
      type="button"
      className="btn btn--xs btn--ghost copy"
      aria-label={`Copy ${what}`}
      title={state === 'failed' ? 'The clipboard is not available here; select the text instead' : `Copy ${what}`}
      onClick={() => {
        if (!navigator.clipboard) {
          setState('failed')
          return
        }
        navigator.clipboard.writeText(value).then(
          () => setState('copied'),
          () => setState('failed')
        )
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Not copied' : 'Copy'}
    </button>
  )
}
