/** Asks before unsaved changes are replaced: save them, drop them, or stay. */
import { useState, type ReactElement } from 'react'
import { Dialog } from '../../components/Dialog'

export function ConfirmDiscardDialog({ name, what, onSave, onDiscard, onClose }: { name: string; what: string; onSave: () => Promise<void>; onDiscard: () => void; onClose: () => void }): ReactElement {
  const [saving, setSaving] = useState(false)
  return (
    <Dialog title="Unsaved changes" open onClose={onClose} testId="confirm-discard">
      <p className="dialog__lead">
        <strong>{name}</strong> has changes that are not saved. Save them before you {what}?
      </p>
      <div className="dialog__actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn" onClick={onDiscard} data-testid="confirm-discard-drop">
          Don’t save
        </button>
        <button
          type="button"
          className="btn btn--primary"
          disabled={saving}
          onClick={() => {
            setSaving(true)
            void onSave().finally(() => setSaving(false))
          }}
          data-testid="confirm-discard-save"
        >
          Save
        </button>
      </div>
    </Dialog>
  )
}
