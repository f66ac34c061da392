/** Worker entry that hashes every interaction_id of a dataset for the sampling policy (SHA-256 then FNV-1a, ml/sampleHash), off the analytics thread. */
import { hashUnit } from '../ml/sampleHash'
import { serveWorker } from './runWorker'

/** The ids in rowid order, joined by NUL (one string crosses threads far faster than a million); '' marks a missing id. */
export interface SampleHashInput {
  ids: string
  salt: string
}

/** The shifted hash of each id as halves; 0 where the id is missing. */
export interface SampleHashOutput {
  uHi: Uint32Array
  uLo: Uint32Array
}

/** Hashes the NUL-joined ids (the work of the worker; exported for tests). */
export function hashIds(input: SampleHashInput, progress?: (fraction: number) => void): SampleHashOutput {
  const ids = input.ids.length ? input.ids.split('\u0000') : []
  const uHi = new Uint32Array(ids.length)
  const uLo = new Uint32Array(ids.length)
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === '') continue
    const u = hashUnit(ids[i], input.salt)
    uHi[i] = u.hi
    uLo[i] = u.lo
    if (progress && (i & 0xffff) === 0) progress(i / ids.length)
  }
  return { uHi, uLo }
}

serveWorker<SampleHashInput, SampleHashOutput>((input, progress) => {
  const out = hashIds(input, (f) => progress('hashing interaction ids', f))
  return { value: out, transfer: [out.uHi.buffer as ArrayBuffer, out.uLo.buffer as ArrayBuffer] }
})
