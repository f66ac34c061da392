/** The full-text search box of the Explorer, bound to the scope's `text` (a case-insensitive substring of request_text): applies after a pause in typing, or at once on Enter. */
import { useEffect, useRef, useState, type ReactElement } from 'react'

export interface SearchBoxProps {
  value: string | undefined
  onChange: (text: string | undefined) => void
  /** pause before a typed search applies */
  delayMs?: number
}

export function SearchBox({ value, onChange, delayMs = 400 }: SearchBoxProps): ReactElement {
  const current = value ?? ''
  const [draft, setDraft] = useState(current)
  /** the value last seen from outside, and the text this box last sent */
  const [seen, setSeen] = useState(current)
  const [sent, setSent] = useState(current)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange

  // a change from outside (a removed chip, back/forward) replaces the draft; the echo of our own search does not
  if (current !== seen) {
    setSeen(current)
    if (current !== sent) {
      setDraft(current)
      setSent(current)
    }
  }

  const apply = (text: string): void => {
    setSent(text.trim() ? text : '')
    onChangeRef.current(text.trim() ? text : undefined)
  }

  useEffect(() => {
    if (draft === sent || (!draft.trim() && !sent)) return
    const t = window.setTimeout(() => {
      setSent(draft.trim() ? draft : '')
      onChangeRef.current(draft.trim() ? draft : undefined)
    }, delayMs)
    return () => window.clearTimeout(t)
  }, [draft, sent, delayMs])

  return (
    <div className="searchbox" role="search">
      <svg className="searchbox__icon" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden focusable="false">
        <path d="M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm9 16-4.2-4.2" />
      </svg>
      <input
        type="search"
        className="input searchbox__input"
        aria-label="Search request text"
        placeholder="Search request text…"
        value={draft}
        maxLength={500}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply(draft)
          if (e.key === 'Escape' && draft) {
            e.preventDefault()
            setDraft('')
            apply('')
          }
        }}
        data-testid="explorer-search"
      />
    </div>
  )
}
