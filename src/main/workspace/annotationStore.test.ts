import { describe, expect, it } from 'vitest'
import { reviewCounts, type Annotation } from '../../shared/annotations'
import { AnnotationStore } from './annotationStore'

const T0 = '2025-02-01T10:00:00.000Z'
const T1 = '2025-02-02T10:00:00.000Z'
const T2 = '2025-02-03T10:00:00.000Z'

function line(o: Record<string, unknown>): string {
  return JSON.stringify({ name: 'review_status', created: T0, updated: T0, ...o })
}

describe('AnnotationStore edits', () => {
  it('creates one annotation per interaction and keeps id and created on edit', () => {
    const s = new AnnotationStore()
    const a = s.set('i1', { status: 'open', labels: [' x ', 'x', 'y'], note: 'first' }, 'alice', T0)
    expect(a).toMatchObject({ interaction_id: 'i1', status: 'open', labels: ['x', 'y'], note: 'first', author: 'alice', created: T0, updated: T0 })
    const b = s.set('i1', { status: 'confirmed_failure', author: 'bob' }, 'alice', T1)
    expect(b.id).toBe(a.id)
    expect(b).toMatchObject({ status: 'confirmed_failure', labels: [], note: '', author: 'bob', created: T0, updated: T1 })
    expect(s.size).toBe(1)
    expect(s.delete('i1')).toBe(true)
    expect(s.delete('i1')).toBe(false)
    expect(s.size).toBe(0)
  })

  it('bulk edits add labels to what each has and replace the note only when given', () => {
    const s = new AnnotationStore()
    s.set('i1', { status: 'open', labels: ['a'], note: 'keep me' }, 'alice', T0)
    const out = s.setMany(['i1', 'i2'], { status: 'false_alarm', addLabels: ['b'] }, 'bob', T1)
    expect(out.map((a) => [a.interaction_id, a.status, a.labels, a.note])).toEqual([
      ['i1', 'false_alarm', ['a', 'b'], 'keep me'],
      ['i2', 'false_alarm', ['b'], '']
    ])
    s.setMany(['i2'], { status: 'fixed', note: 'deployed' }, 'bob', T2)
    expect(s.get('i2')?.note).toBe('deployed')
  })
})

describe('reviewCounts', () => {
  it('counts reviewed, verdicts and precision = (confirmed + fixed) / verdicts', () => {
    // 6 queued: 2 confirmed, 1 fixed, 1 false alarm, 1 open, 1 not reviewed -> precision 3 / 4
    const c = reviewCounts(['confirmed_failure', 'confirmed_failure', 'fixed', 'false_alarm', 'open', undefined])
    expect(c).toEqual({ total: 6, reviewed: 5, by_status: { open: 1, confirmed_failure: 2, false_alarm: 1, fixed: 1 }, verdicts: 4, precision: 0.75 })
    expect(reviewCounts([]).precision).toBeNull()
    expect(reviewCounts(['open', undefined]).precision).toBeNull()
  })
})

describe('JSONL export and import', () => {
  it('exports the shape Langfuse and Phoenix use and imports it back unchanged', () => {
    const s = new AnnotationStore()
    s.set('i1', { status: 'confirmed_failure', labels: ['hallucination'], note: 'made up' }, 'alice', T0)
    s.set('i2', { status: 'open' }, 'bob', T1)
    const text = s.toJsonl()
    const first = JSON.parse(text.split('\n')[0]) as Record<string, unknown>
    expect(Object.keys(first).slice(0, 8)).toEqual(['id', 'interaction_id', 'name', 'value', 'comment', 'author', 'created', 'updated'])
    expect(first).toMatchObject({ interaction_id: 'i1', name: 'review_status', value: 'confirmed_failure', comment: 'made up', author: 'alice', created: T0, updated: T0, labels: ['hallucination'] })
    const other = new AnnotationStore()
    const { result } = other.importJsonl(text)
    expect(result).toMatchObject({ lines: 2, added: 2, updated: 0, unchanged: 0, conflicts: [], invalid: [] })
    expect(other.all()).toEqual(s.all())
    // importing the same file again changes nothing
    expect(other.importJsonl(text).result).toMatchObject({ added: 0, updated: 0, unchanged: 2, conflicts: [] })
  })

  it('merges by id: new ids added, same content unchanged, conflicts settled for the newer and listed', () => {
    const ours = new AnnotationStore([
      { id: 'A', interaction_id: 'i1', status: 'open', labels: [], note: '', author: 'alice', created: T0, updated: T1 },
      { id: 'B', interaction_id: 'i2', status: 'confirmed_failure', labels: ['x'], note: 'n', author: 'alice', created: T0, updated: T2 },
      { id: 'C', interaction_id: 'i3', status: 'fixed', labels: [], note: '', author: 'alice', created: T0, updated: T0 }
    ])
    const text = [
      line({ id: 'A', interaction_id: 'i1', value: 'confirmed_failure', author: 'bob', updated: T2 }), // theirs newer -> taken
      line({ id: 'B', interaction_id: 'i2', value: 'false_alarm', author: 'bob', updated: T1 }), // ours newer -> kept
      line({ id: 'Z', interaction_id: 'i3', value: 'fixed', labels: [], comment: '' }), // another id, same content -> unchanged
      line({ id: 'D', interaction_id: 'i4', value: 'open', comment: 'look', labels: ['slow'] }), // new
      line({ id: 'E', interaction_id: 'i5', name: 'helpfulness', value: 0.8 }), // another score name -> skipped
      '{"id": "F"', // not JSON
      line({ id: 'G', interaction_id: 'i6', value: 'maybe' }) // not a status
    ].join('\n')
    const { result, changed } = ours.importJsonl(text)
    expect(result.lines).toBe(7)
    expect(result.added).toBe(1)
    expect(result.updated).toBe(1)
    expect(result.unchanged).toBe(1)
    expect(result.skipped).toEqual({ helpfulness: 1 })
    expect(result.invalid).toEqual([
      { line: 6, message: 'not JSON' },
      { line: 7, message: 'value must be one of open, confirmed_failure, false_alarm, fixed' }
    ])
    expect(result.conflicts.map((c) => [c.interaction_id, c.line, c.ours.status, c.theirs.status, c.kept])).toEqual([
      ['i1', 1, 'open', 'confirmed_failure', 'theirs'],
      ['i2', 2, 'confirmed_failure', 'false_alarm', 'ours']
    ])
    expect(changed.map((a) => a.interaction_id).sort()).toEqual(['i1', 'i4'])
    expect(ours.get('i1')?.status).toBe('confirmed_failure')
    expect(ours.get('i2')?.status).toBe('confirmed_failure')
    expect(ours.get('i3')?.id).toBe('C')
    expect(ours.get('i4')).toMatchObject({ id: 'D', note: 'look', labels: ['slow'] })
    expect(ours.size).toBe(4)
  })

  it('a conflict on the same interaction under another id is settled by time too (tie keeps ours)', () => {
    const ours = new AnnotationStore([{ id: 'A', interaction_id: 'i1', status: 'open', labels: [], note: '', author: 'a', created: T0, updated: T1 } satisfies Annotation])
    const { result } = ours.importJsonl(line({ id: 'X', interaction_id: 'i1', value: 'fixed', updated: T1 }))
    expect(result.conflicts.map((c) => c.kept)).toEqual(['ours'])
    expect(ours.get('i1')?.id).toBe('A')
  })

  it('refuses an id that names another interaction, and flags two lines for one interaction', () => {
    const ours = new AnnotationStore([{ id: 'A', interaction_id: 'i1', status: 'open', labels: [], note: '', author: 'a', created: T0, updated: T0 }])
    const { result } = ours.importJsonl([line({ id: 'A', interaction_id: 'i9', value: 'fixed' }), line({ id: 'Q', interaction_id: 'i7', value: 'open' }), line({ id: 'R', interaction_id: 'i7', value: 'fixed', updated: T1 })].join('\n'))
    expect(result.invalid.map((i) => i.line)).toEqual([3, 1])
    expect(result.invalid[1].message).toContain('already names the annotation of interaction i1')
    expect(ours.get('i7')).toMatchObject({ id: 'R', status: 'fixed' })
    expect(ours.get('i9')).toBeUndefined()
  })
})
