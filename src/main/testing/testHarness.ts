/**
 * Test support shared by the backend's tests: the CLI run in-process with its output captured, and
 * scratch folders removed after the file's tests. Imported by tests only, never by app code.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'
import { runCli } from '../cli'

export interface CliRun {
  code: number
  out: string
  err: string
}

/** Runs `npm run cli -- <args>` in this process and returns its exit code and what it printed. */
export async function cli(args: string[]): Promise<CliRun> {
  let out = ''
  let err = ''
  const code = await runCli(args, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') })
  return { code, out, err }
}

/**
 * A factory of fresh temporary folders named `<prefix>…`; call it at a test file's top level: every
 * folder it made is removed after that file's tests.
 */
export function scratchDirs(prefix: string): () => string {
  const made: string[] = []
  afterAll(() => {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true })
  })
  return () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    made.push(d)
    return d
  }
}
