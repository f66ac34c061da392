/** A button that opens a small floating panel; closes on Escape (focus back to the button) and on a click outside. */
import { useEffect, useId, useRef, useState, type ReactElement, type ReactNode } from 'react'

export interface PopoverProps {
  /** content of the trigger button */
  label: ReactNode
  /** accessible name of the trigger when its content is not enough */
  ariaLabel?: string
  /** panel content; a function receives `close` */
  children: ReactNode | ((close: () => void) => ReactNode)
  buttonClassName?: string
  panelClassName?: string
  align?: 'start' | 'end'
  testId?: string
  onOpenChange?: (open: boolean) => void
}

export function Popover({ label, ariaLabel, children, buttonClassName, panelClassName, align = 'start', testId, onOpenChange }: PopoverProps): ReactElement {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelId = useId()
  const onOpenChangeRef = useRef(onOpenChange)
  onOpenChangeRef.current = onOpenChange

  const setOpenAndNotify = (v: boolean): void => {
    setOpen(v)
    onOpenChangeRef.current?.(v)
  }

  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent): void => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) {
        setOpen(false)
        onOpenChangeRef.current?.(false)
      }
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  const close = (): void => {
    setOpenAndNotify(false)
    buttonRef.current?.focus()
  }

  return (
    <div
      className="popover"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation()
          close()
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={buttonClassName ?? 'btn btn--sm'}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={ariaLabel}
        data-testid={testId}
        onClick={() => setOpenAndNotify(!open)}
      >
        {label}
      </button>
      {open && (
        <div id={panelId} role="dialog" aria-label={ariaLabel} className={`popover__panel popover__panel--${align} ${panelClassName ?? ''}`}>
          {typeof children === 'function' ? children(close) : children}
        </div>
      )}
    </div>
  )
}
