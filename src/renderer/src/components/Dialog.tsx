/** A modal dialog on the native <dialog> element: focus is trapped by the browser, Escape and the close button dismiss it. */
import { useEffect, useRef, type ReactElement, type ReactNode } from 'react'

export interface DialogProps {
  title: string
  open: boolean
  onClose: () => void
  children: ReactNode
  wide?: boolean
  testId?: string
}

export function Dialog({ title, open, onClose, children, wide, testId }: DialogProps): ReactElement | null {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (!d) return
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal()
      else d.setAttribute('open', '')
    }
    if (!open && d.open) {
      if (typeof d.close === 'function') d.close()
      else d.removeAttribute('open')
    }
  }, [open])
  if (!open) return null
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog--wide' : ''}`}
      aria-label={title}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
      onClick={(e) => {
        // a click on the backdrop (the dialog element itself, outside its content) closes it
        if (e.target === ref.current) onClose()
      }}
    >
      <div className="dialog__content">
        <header className="dialog__header">
          <h2 className="dialog__title">{title}</h2>
          <button type="button" className="btn btn--ghost btn--sm" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        <div className="dialog__body">{children}</div>
      </div>
    </dialog>
  )
}
