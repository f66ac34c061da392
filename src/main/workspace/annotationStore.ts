/** The workspace's annotations in memory (one per interaction), their edits, and their JSONL export and merge-by-id import. */
import { randomUUID } from 'node:crypto'
import {
  ANNOTATION_STATUSES,
  AnnotationLineSchema,
  STATUS_SCORE_NAME,
  type Annotation,
  type AnnotationEdit,
  type AnnotationStatus
} from '../../shared/annotations'
import type { AnnotationConflict, AnnotationImportResult } from '../../shared/workspaceApi'

/** Bulk edit: the status for every target, labels added to what each has, a note replacing theirs when given. */
export interface BulkEdit {
  status: AnnotationStatus
  addLabels?: readonly string[]
  note?: string
}

const sameLabels = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000')

/** True when two annotations say the same thing (status, labels, note), whoever wrote them. */
export function sameContent(a: Annotation, b: Annotation): boolean {
  return a.status === b.status && a.note === b.note && sameLabels(a.labels, b.labels)
}

function uniqueLabels(labels: readonly string[]): string[] {
  return [...new Set(labels.map((l) => l.trim()).filter(Boolean))]
}

/** Annotations keyed by interaction id; the caller mirrors changes into DuckDB (annotationTable.ts). */
export class AnnotationStore {
  private readonly byInteraction = new Map<string, Annotation>()
  private readonly byId = new Map<string, Annotation>()

  constructor(initial: readonly Annotation[] = []) {
    for (const a of initial) this.put(a)
  }

  get size(): number {
    return this.byInteraction.size
  }

  get(interactionId: string): Annotation | undefined {
    return this.byInteraction.get(interactionId)
  }

  /** Every annotation, oldest first (creation time, then id): the order files are written in. */
  all(): Annotation[] {
    return [...this.byInteraction.values()].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  statusOf(interactionId: string): AnnotationStatus | undefined {
    return this.byInteraction.get(interactionId)?.status
  }

  private put(a: Annotation): void {
    const previous = this.byInteraction.get(a.interaction_id)
    if (previous) this.byId.delete(previous.id)
    this.byInteraction.set(a.interaction_id, a)
    this.byId.set(a.id, a)
  }

  /** Creates or edits the annotation of one interaction; returns the record. */
  set(interactionId: string, edit: AnnotationEdit, author: string, now: string): Annotation {
    const previous = this.byInteraction.get(interactionId)
    const record: Annotation = {
      ...(previous ?? {}),
      id: previous?.id ?? randomUUID(),
      interaction_id: interactionId,
      status: edit.status,
      labels: uniqueLabels(edit.labels ?? []),
      note: edit.note ?? '',
      author: edit.author?.trim() || author,
      created: previous?.created ?? now,
      updated: now
    }
    this.put(record)
    return record
  }

  /** Applies one bulk edit to many interactions; returns the records written. */
  setMany(interactionIds: Iterable<string>, edit: BulkEdit, author: string, now: string): Annotation[] {
    const out: Annotation[] = []
    for (const id of interactionIds) {
      const previous = this.byInteraction.get(id)
      const labels = uniqueLabels([...(previous?.labels ?? []), ...(edit.addLabels ?? [])])
      const note = edit.note !== undefined && edit.note !== '' ? edit.note : (previous?.note ?? '')
      out.push(this.set(id, { status: edit.status, labels, note }, author, now))
    }
    return out
  }

  /** Removes the annotation of an interaction; true when there was one. */
  delete(interactionId: string): boolean {
    const previous = this.byInteraction.get(interactionId)
    if (!previous) return false
    this.byInteraction.delete(interactionId)
    this.byId.delete(previous.id)
    return true
  }

  /** JSONL, one line per annotation in the shape Langfuse and Phoenix use (status as the `review_status` score). */
  toJsonl(): string {
    return this.all()
      .map((a) => {
        const { id, interaction_id, status, labels, note, author, created, updated, ...extra } = a
        return JSON.stringify({ id, interaction_id, name: STATUS_SCORE_NAME, value: status, comment: note, author, created, updated, labels, ...extra })
      })
      .map((l) => l + '\n')
      .join('')
  }

  /**
   * Merges JSONL lines by id. A line whose id (or, failing that, interaction) is known and says the
   * same is unchanged; one that says something else is a conflict, settled for the newer `updated`
   * (ties keep ours) and listed. Lines of other score names are skipped and counted; malformed lines
   * are listed with their line numbers. Returns what changed so the caller can mirror it.
   */
  importJsonl(text: string): { result: AnnotationImportResult; changed: Annotation[] } {
    const result: AnnotationImportResult = { lines: 0, added: 0, updated: 0, unchanged: 0, conflicts: [], invalid: [], skipped: {} }
    const incoming = new Map<string, { a: Annotation; line: number }>()
    const lines = text.split(/\r?\n/)
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i].trim()
      if (!raw) continue
      result.lines++
      const lineNo = i + 1
      let json: unknown
      try {
        json = JSON.parse(raw)
      } catch {
        result.invalid.push({ line: lineNo, message: 'not JSON' })
        continue
      }
      const parsed = AnnotationLineSchema.safeParse(json)
      if (!parsed.success) {
        result.invalid.push({ line: lineNo, message: parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ') })
        continue
      }
      const l = parsed.data
      if (l.name !== STATUS_SCORE_NAME) {
        result.skipped[l.name] = (result.skipped[l.name] ?? 0) + 1
        continue
      }
      if (typeof l.value !== 'string' || !(ANNOTATION_STATUSES as readonly string[]).includes(l.value)) {
        result.invalid.push({ line: lineNo, message: `value must be one of ${ANNOTATION_STATUSES.join(', ')}` })
        continue
      }
      const { id, interaction_id, name: _name, value, comment, author, created, updated, labels, ...extra } = l
      const a: Annotation = {
        ...extra,
        id,
        interaction_id,
        status: value as AnnotationStatus,
        labels: uniqueLabels(labels ?? []),
        note: comment ?? '',
        author: author ?? '',
        created,
        updated: updated ?? created
      }
      const seen = incoming.get(interaction_id)
      if (seen) {
        // Two lines for one interaction in the same file: the newer wins, as against our own.
        result.invalid.push({ line: lineNo, message: `a second line for interaction ${interaction_id} (first at line ${seen.line}); the newer is used` })
        if (a.updated <= seen.a.updated) continue
      }
      incoming.set(interaction_id, { a, line: lineNo })
    }
    const changed: Annotation[] = []
    for (const { a: theirs, line } of incoming.values()) {
      const byId = this.byId.get(theirs.id)
      if (byId && byId.interaction_id !== theirs.interaction_id) {
        result.invalid.push({ line, message: `id ${theirs.id} already names the annotation of interaction ${byId.interaction_id}` })
        continue
      }
      const ours = byId ?? this.byInteraction.get(theirs.interaction_id)
      if (!ours) {
        this.put(theirs)
        changed.push(theirs)
        result.added++
        continue
      }
      if (sameContent(ours, theirs)) {
        result.unchanged++
        continue
      }
      const kept: AnnotationConflict['kept'] = theirs.updated > ours.updated ? 'theirs' : 'ours'
      result.conflicts.push({ interaction_id: theirs.interaction_id, line, ours, theirs, kept })
      if (kept === 'theirs') {
        this.put(theirs)
        changed.push(theirs)
        result.updated++
      }
    }
    return { result, changed }
  }
}
