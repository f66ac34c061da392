/** The host side of the analytics process: relays contract calls, restarts the process if it dies, and says so. */
import { fork } from 'node:child_process'
import { API_METHODS, type ApiMethod, type ApiResult, type LoadDatasetRequest, type WorkbenchApi, type WorkbenchEvent } from '../../shared/api'
import type { ChildToParent, ParentToChild } from './analyticsProtocol'
import { entryFile, tsExecArgv } from './paths'

/** What the client needs from a child process (Node's ChildProcess or Electron's UtilityProcess). */
export interface ChildLike {
  postMessage(message: ParentToChild): void
  onMessage(listener: (message: ChildToParent) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

export type SpawnChild = (args: string[]) => ChildLike

/** Spawns the analytics process with Node's fork (web mode and CLI). */
export const forkChild: SpawnChild = (args) => {
  const file = entryFile('analyticsProcess')
  const child = fork(file, args, { execArgv: tsExecArgv(file), serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return {
    postMessage: (m) => child.send(m),
    onMessage: (l) => child.on('message', (m) => l(m as ChildToParent)),
    onExit: (l) => child.on('exit', (code) => l(code)),
    kill: () => child.kill()
  }
}

type Pending = { resolve: (r: ApiResult<unknown>) => void }

/** Relays calls to the analytics process; a crash rejects the calls in flight and restarts the process. */
export class AnalyticsClient {
  private child!: ChildLike
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Set<(e: WorkbenchEvent) => void>()
  private lastLoad: LoadDatasetRequest | null = null
  private closing = false

  constructor(
    private readonly spawn: SpawnChild,
    private readonly args: string[]
  ) {
    this.start()
  }

  private start(): void {
    const child = this.spawn(this.args)
    this.child = child
    child.onMessage((m) => {
      if (m.kind === 'result') {
        this.pending.get(m.id)?.resolve(m.result)
        this.pending.delete(m.id)
      } else if (m.kind === 'event') {
        for (const l of this.listeners) l(m.event)
      }
    })
    child.onExit((code) => {
      if (this.closing || this.child !== child) return
      for (const p of this.pending.values()) {
        p.resolve({ ok: false, error: { code: 'engine_crashed', message: `the analytics process stopped unexpectedly (exit code ${code}); it has been restarted` } })
      }
      this.pending.clear()
      this.start()
      const reload = this.lastLoad
      const message = reload ? 'The analytics engine stopped unexpectedly and was restarted; reloading the last dataset.' : 'The analytics engine stopped unexpectedly and was restarted.'
      for (const l of this.listeners) l({ type: 'engineRestarted', message })
      if (reload) void this.call('loadDataset', { ...reload, jobId: reload.jobId + 1_000_000 })
    })
  }

  /** Relays one call; resolves with the child's result (never rejects). */
  call(method: ApiMethod, payload: unknown): Promise<ApiResult<unknown>> {
    if (method === 'loadDataset') this.lastLoad = payload as LoadDatasetRequest
    const id = this.nextId++
    return new Promise((resolve) => {
      this.pending.set(id, { resolve })
      try {
        this.child.postMessage({ kind: 'call', id, method, payload })
      } catch (err) {
        this.pending.delete(id)
        resolve({ ok: false, error: { code: 'engine_crashed', message: `the analytics process is not reachable: ${(err as Error).message}` } })
      }
    })
  }

  onDidEmit(listener: (e: WorkbenchEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A WorkbenchApi whose methods throw the error shape on failure (for in-process callers such as tests). */
  asApi(): WorkbenchApi {
    const api: Partial<Record<ApiMethod, (req: unknown) => Promise<unknown>>> = {}
    for (const m of API_METHODS) {
      api[m] = async (req: unknown) => {
        const r = await this.call(m, req)
        if (r.ok) return r.value
        throw Object.assign(new Error(r.error.message), { code: r.error.code, details: r.error.details })
      }
    }
    return api as WorkbenchApi
  }

  /** Kills the process (used in tests to check the restart path). */
  killForTest(): void {
    this.child.kill()
  }

  close(): void {
    this.closing = true
    this.child.kill()
  }
}
