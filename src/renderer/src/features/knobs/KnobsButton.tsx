/** The top bar's entry to the knobs panel: a button, the Alt+K shortcut from anywhere, and the panel itself. */
import { useEffect, useState, type ReactElement } from 'react'
import { usePaletteCommands } from '../../app/paletteCommands'
import { KnobsPanel } from './KnobsPanel'
import { KNOBS_SHORTCUT_LABEL, isKnobsShortcut } from './knobsShortcut'

export function KnobsButton(): ReactElement {
  const [open, setOpen] = useState(false)

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isKnobsShortcut(e)) return
      e.preventDefault()
      setOpen(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  usePaletteCommands([{ id: 'knobs', label: 'Edit operator knobs', section: 'Action', keywords: 'sla budget settings windows', shortcut: KNOBS_SHORTCUT_LABEL, run: () => setOpen(true) }])

  return (
    <>
      <button
        type="button"
        className="btn btn--sm knobs-button"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        aria-keyshortcuts={KNOBS_SHORTCUT_LABEL}
        title={`Operator knobs: SLA, budgets, windows, economics, support (${KNOBS_SHORTCUT_LABEL})`}
        data-testid="knobs-button"
      >
        Knobs <kbd className="knobs-button__kbd">{KNOBS_SHORTCUT_LABEL}</kbd>
      </button>
      <KnobsPanel open={open} onClose={() => setOpen(false)} />
    </>
  )
}
