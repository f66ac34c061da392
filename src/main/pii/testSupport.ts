/** Test support for the detector tests: the values a detector finds in a text, and whether a text holds no finding of a type. */
import type { PiiEntityType } from '../../shared/pii'
import { detectText } from './detect'

/** The substrings reported as `type` in `text` (after overlap resolution, at the report score). */
export function found(text: string, type: PiiEntityType): string[] {
  return detectText(text)
    .filter((c) => c.entity_type === type)
    .map((c) => text.slice(c.start, c.end))
}

/** Every finding of `text` as "TYPE:value" (to assert a look-alike yields nothing at all). */
export function everything(text: string): string[] {
  return detectText(text).map((c) => `${c.entity_type}:${text.slice(c.start, c.end)}`)
}
