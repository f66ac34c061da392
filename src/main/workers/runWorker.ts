/** Starts a worker_threads entry by name with transferred input, relays its progress, and cancels it through an AbortSignal. */
import { createRequire } from 'node:module'
import { parentPort, type TransferListItem, Worker, workerData } from 'node:worker_threads'
import { entryFile } from '../backend/paths'

/** Progress a worker reports: a phase name and its share of the whole (0..1, null when unknown). */
export interface WorkerProgress {
  phase: string
  fraction: number | null
}

/** Messages a worker started by {@link runWorker} posts to its parent. */
export type WorkerMessage<O> =
  | ({ type: 'progress' } & WorkerProgress)
  | { type: 'result'; value: O }
  | { type: 'error'; message: string; stack?: string }

export interface RunWorkerOptions {
  onProgress?: (p: WorkerProgress) => void
  /** aborting terminates the worker; the promise then rejects with WorkerCancelled */
  signal?: AbortSignal
  /** ArrayBuffers inside the input to move, not copy, into the worker */
  transfer?: TransferListItem[]
}

/** workerData is wrapped so an entry only serves when {@link runWorker} started it (not in, say, a test runner's own thread). */
const ENVELOPE = '__workbenchWorker'
interface WorkerEnvelope<I> {
  [ENVELOPE]: string
  input: I
}

export class WorkerCancelled extends Error {
  constructor(name: string) {
    super(`${name} cancelled`)
    this.name = 'WorkerCancelled'
  }
}

/**
 * How to start entry `name`: bundled builds (electron-vite) put it beside this code as
 * out/main/<name>.js. From TypeScript sources (under tsx or vitest) the worker first registers
 * tsx's CommonJS hook, then requires src/main/workers/<name>.ts: inheriting tsx's `--import`
 * loader through execArgv is not enough, because on Node 20 tsx installs its ESM hooks on the
 * main thread only, and vitest's parent carries no loader at all.
 */
export function workerEntry(name: string): { filename: string; eval: boolean } {
  const file = entryFile(name)
  if (!file.endsWith('.ts')) return { filename: file, eval: false }
  const tsxApi = createRequire(__filename).resolve('tsx/cjs/api')
  return { filename: `require(${JSON.stringify(tsxApi)}).register();\nrequire(${JSON.stringify(file)});`, eval: true }
}

/**
 * Runs the entry `name` in a worker thread with `input` as its workerData (the buffers listed in
 * `transfer` move instead of being copied) and resolves with the value it posts back.
 */
export function runWorker<I, O>(name: string, input: I, opts: RunWorkerOptions = {}): Promise<O> {
  if (opts.signal?.aborted) return Promise.reject(new WorkerCancelled(name))
  const entry = workerEntry(name)
  return new Promise<O>((resolve, reject) => {
    let settled = false
    const data: WorkerEnvelope<I> = { [ENVELOPE]: name, input }
    const worker = new Worker(entry.filename, { eval: entry.eval, workerData: data, transferList: opts.transfer })
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      opts.signal?.removeEventListener('abort', onAbort)
      fn()
    }
    const onAbort = (): void => {
      finish(() => reject(new WorkerCancelled(name)))
      void worker.terminate()
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (msg: WorkerMessage<O>) => {
      if (settled) return
      if (msg.type === 'progress') opts.onProgress?.({ phase: msg.phase, fraction: msg.fraction })
      else if (msg.type === 'result') {
        finish(() => resolve(msg.value))
        void worker.terminate()
      } else if (msg.type === 'error') {
        const err = new Error(`${name}: ${msg.message}`)
        if (msg.stack) err.stack = msg.stack
        finish(() => reject(err))
        void worker.terminate()
      }
    })
    worker.on('error', (err) => finish(() => reject(err)))
    worker.on('exit', (code) => finish(() => reject(new Error(`${name} exited with code ${code} before it answered`))))
  })
}

/** What a worker handler returns: the value and the ArrayBuffers inside it to move to the parent. */
export interface WorkerReply<O> {
  value: O
  transfer?: TransferListItem[]
}

/**
 * The worker side of {@link runWorker}: runs `handler` on workerData and posts its progress and
 * its result (or its error) to the parent. Does nothing outside a thread runWorker started, so an
 * entry file can also be imported for its functions.
 */
export function serveWorker<I, O>(handler: (input: I, progress: (phase: string, fraction: number | null) => void) => WorkerReply<O> | Promise<WorkerReply<O>>): void {
  const port = parentPort
  const data = workerData as WorkerEnvelope<I> | null
  if (!port || !data || typeof data !== 'object' || typeof data[ENVELOPE] !== 'string') return
  const post = (msg: WorkerMessage<O>, transfer?: TransferListItem[]): void => port.postMessage(msg, transfer)
  Promise.resolve()
    .then(() => handler(data.input, (phase, fraction) => post({ type: 'progress', phase, fraction })))
    .then(
      (reply) => post({ type: 'result', value: reply.value }, reply.transfer),
      (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined })
    )
}
