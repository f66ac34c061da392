/** Checks a file before DuckDB reads it: present, readable, not empty, text, its encoding, and no giant first line. */
import fs from 'node:fs'

export interface FileCheck {
  ok: boolean
  /** why the file cannot be read, naming the problem (the caller adds the file name) */
  problem?: string
  bytes: number
  encoding: 'utf-8' | 'latin-1'
  hasBom: boolean
}

const SAMPLE_BYTES = 1 << 20
/** DuckDB's CSV reader limit for one line; a longer line cannot be a telemetry row. */
export const MAX_LINE_BYTES = 8 << 20

/** True when the bytes decode as UTF-8 (a multi-byte character cut at the end of the sample is allowed). */
export function isUtf8(bytes: Uint8Array): boolean {
  let end = bytes.length
  // Back off up to 3 bytes so a character split by the sample boundary does not count as invalid.
  for (let k = 0; k < 3 && end > 0 && (bytes[end - 1] & 0xc0) === 0x80; k++) end--
  if (end > 0 && bytes[end - 1] >= 0xc0) end--
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end))
    return true
  } catch {
    return false
  }
}

/** Heuristic for binary content: NUL bytes or many control characters in the sample. */
export function looksBinary(bytes: Uint8Array): boolean {
  let control = 0
  const n = Math.min(bytes.length, 65536)
  for (let i = 0; i < n; i++) {
    const b = bytes[i]
    if (b === 0) return true
    if (b < 9 || (b > 13 && b < 32)) control++
  }
  return n > 0 && control / n > 0.05
}

export function checkFile(path: string): FileCheck {
  let fd: number
  let bytes: number
  try {
    const st = fs.statSync(path)
    if (!st.isFile()) return { ok: false, problem: 'not a regular file', bytes: 0, encoding: 'utf-8', hasBom: false }
    bytes = st.size
    fd = fs.openSync(path, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' || code === 'EPERM' ? 'permission denied (cannot read the file)' : (err as Error).message
    return { ok: false, problem: why, bytes: 0, encoding: 'utf-8', hasBom: false }
  }
  try {
    if (bytes === 0) return { ok: false, problem: 'empty file (0 bytes)', bytes, encoding: 'utf-8', hasBom: false }
    const buf = Buffer.alloc(Math.min(bytes, SAMPLE_BYTES))
    fs.readSync(fd, buf, 0, buf.length, 0)
    const hasBom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf
    if (looksBinary(buf)) return { ok: false, problem: 'binary file, not CSV text', bytes, encoding: 'utf-8', hasBom }
    if (buf.indexOf(0x0a) < 0 && buf.indexOf(0x0d) < 0 && bytes > SAMPLE_BYTES && !hasLineBreakWithin(fd, MAX_LINE_BYTES)) {
      return { ok: false, problem: `line 1 is longer than ${MAX_LINE_BYTES >> 20} MB (no line break), so this is not a CSV of rows`, bytes, encoding: 'utf-8', hasBom }
    }
    const encoding = isUtf8(buf) ? 'utf-8' : 'latin-1'
    return { ok: true, bytes, encoding, hasBom }
  } finally {
    fs.closeSync(fd)
  }
}

function hasLineBreakWithin(fd: number, limit: number): boolean {
  const chunk = Buffer.alloc(1 << 20)
  for (let pos = 0; pos <= limit; pos += chunk.length) {
    const n = fs.readSync(fd, chunk, 0, chunk.length, pos)
    if (n === 0) return false
    const view = chunk.subarray(0, n)
    if (view.indexOf(0x0a) >= 0 || view.indexOf(0x0d) >= 0) return true
  }
  return false
}
