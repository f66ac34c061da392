/** The annotation of one interaction: a status button per status (saved at once), labels and a note (saved with Save), removal; the author is the workspace's. */
import { useEffect, useState, type ReactElement } from 'react'
import { ANNOTATION_STATUSES, type Annotation, type AnnotationStatus } from '../../../../shared/annotations'
import { call } from '../../api/client'
import { useQuery } from '../../api/useQuery'
import { formatUtc } from '../../lib/format'
import { parseLabels, statusKey, statusLabel } from './annotationText'
import './annotations.css'

export function AnnotationEditor({ interactionId, compact = false }: { interactionId: string; compact?: boolean }): ReactElement {
  const q = useQuery('getAnnotations', { interaction_ids: [interactionId] })
  const current: Annotation | undefined = q.data?.[0]
  const [labels, setLabels] = useState('')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    setLabels(current?.labels.join(', ') ?? '')
    setNote(current?.note ?? '')
  }, [current?.id, current?.updated, current?.labels, current?.note])

  const save = async (status: AnnotationStatus): Promise<void> => {
    setSaving(true)
    setError(null)
    try {
      await call('setAnnotation', { interaction_id: interactionId, edit: { status, labels: parseLabels(labels), note } })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setSaving(false)
    }
  }
  const changed = current ? labels !== current.labels.join(', ') || note !== current.note : labels.trim() !== '' || note.trim() !== ''

  return (
    <section className={`annotation${compact ? ' annotation--compact' : ''}`} data-testid="annotation-editor" aria-label="Annotation">
      <div className="annotation__statuses" role="group" aria-label="Review status">
        {ANNOTATION_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`btn btn--sm annotation__status annotation__status--${s}${current?.status === s ? ' btn--active' : ''}`}
            aria-pressed={current?.status === s}
            disabled={saving}
            onClick={() => void save(s)}
            title={`${statusLabel(s)} (key ${statusKey(s)} in the review flow)`}
            data-testid={`annotate-${s}`}
          >
            {statusLabel(s)}
          </button>
        ))}
      </div>
      <div className="annotation__fields">
        <input className="input input--sm" value={labels} onChange={(e) => setLabels(e.target.value)} placeholder="labels, comma separated" aria-label="Labels" data-testid="annotation-labels" />
        <textarea className="input annotation__note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="note" aria-label="Note" rows={compact ? 1 : 2} data-testid="annotation-note" />
        <div className="annotation__row">
          <button type="button" className="btn btn--xs" disabled={saving || !changed} onClick={() => void save(current?.status ?? 'open')} data-testid="annotation-save">
            Save
          </button>
          {current && (
            <button type="button" className="btn btn--xs btn--ghost" disabled={saving} onClick={() => void call('deleteAnnotation', { interaction_id: interactionId })} data-testid="annotation-remove">
              Remove
            </button>
          )}
          <span className="muted annotation__meta" data-testid="annotation-meta">
            {current ? `${statusLabel(current.status)} · ${current.author || 'unknown'} · ${formatUtc(current.updated)} UTC` : 'Not reviewed'}
          </span>
        </div>
        {error && <div className="bad-text">{error}</div>}
      </div>
    </section>
  )
}
