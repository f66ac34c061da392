/** The command palette (Ctrl+K): every page and action one keystroke away, matched as the operator types. */
import { useEffect, useId, useMemo, useRef, useState, type ReactElement } from 'react'
import { rankCommands, type PaletteCommand } from './commandPalette'

export interface CommandPaletteProps {
  open: boolean
  onClose: () => void
  commands: readonly PaletteCommand[]
}

export function CommandPalette({ open, onClose, commands }: CommandPaletteProps): ReactElement | null {
  const dialogRef = useRef<HTMLDialogElement>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const listId = useId()
  const matches = useMemo(() => rankCommands(query, commands), [query, commands])

  useEffect(() => {
    const d = dialogRef.current
    if (!d) return
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal()
      else d.setAttribute('open', '')
    }
  }, [open])

  useEffect(() => {
    if (!open) {
      setQuery('')
      setActive(0)
    }
  }, [open])

  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' })
  }, [active])

  if (!open) return null
  const current = Math.min(active, Math.max(0, matches.length - 1))
  const runAt = (i: number): void => {
    const c = matches[i]
    if (!c) return
    onClose()
    c.run()
  }
  return (
    <dialog
      ref={dialogRef}
      className="palette"
      aria-label="Command palette"
      data-testid="command-palette"
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
      onClick={(e) => {
        if (e.target === dialogRef.current) onClose()
      }}
    >
      <input
        className="palette__input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={matches.length ? `${listId}-${current}` : undefined}
        aria-label="Go to a page or run an action"
        placeholder="Go to a page or run an action…"
        autoFocus
        value={query}
        data-testid="palette-input"
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setActive((current + 1) % Math.max(1, matches.length))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((current - 1 + matches.length) % Math.max(1, matches.length))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            runAt(current)
          }
        }}
      />
      <ul className="palette__list" role="listbox" id={listId} ref={listRef} aria-label="Commands">
        {matches.map((c, i) => (
          <li
            key={c.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            className={`palette__item${i === current ? ' palette__item--active' : ''}`}
            data-testid={`palette-item-${c.id}`}
            onMouseMove={() => i !== current && setActive(i)}
            onClick={() => runAt(i)}
          >
            <span className="palette__label">{c.label}</span>
            <span className="palette__section">{c.section}</span>
            {c.shortcut && <kbd className="palette__kbd">{c.shortcut}</kbd>}
          </li>
        ))}
        {matches.length === 0 && <li className="palette__empty">No page or action matches “{query}”.</li>}
      </ul>
      <div className="palette__hint muted">↑↓ to move · Enter to run · Esc to close</div>
    </dialog>
  )
}
