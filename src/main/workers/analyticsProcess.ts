/** Entry of the analytics process: hosts the Workbench (DuckDB + analyses) and answers calls relayed by its parent. */
import type { WorkbenchEvent } from '../../shared/api'
import { dispatch } from '../backend/dispatch'
import type { ChildToParent, ParentToChild } from '../backend/analyticsProtocol'
import { Workbench } from '../backend/workbench'
import { defaultStateDir } from '../workspace/appState'

interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort
const send = (msg: ChildToParent): void => {
  if (parentPort) parentPort.postMessage(msg)
  else process.send?.(msg)
}

const workbench = new Workbench({
  mode: arg('mode') === 'desktop' ? 'desktop' : 'web',
  engine: arg('engine') === 'wasm' ? 'wasm' : 'native',
  memoryLimit: arg('memory-limit'),
  tempDirectory: arg('temp-dir'),
  stateDir: arg('state-dir') ?? defaultStateDir(),
  downloadsDir: arg('downloads-dir') ?? null
})
workbench.onDidEmit((event: WorkbenchEvent) => send({ kind: 'event', event }))

const onMessage = (raw: unknown): void => {
  const msg = raw as ParentToChild
  if (!msg || msg.kind !== 'call' || typeof msg.id !== 'number') return
  void dispatch(workbench, msg.method, msg.payload).then((result) => send({ kind: 'result', id: msg.id, result }))
}

if (parentPort) parentPort.on('message', (e) => onMessage(e.data))
else process.on('message', onMessage)

process.on('disconnect', () => {
  void workbench.dispose().finally(() => process.exit(0))
})
send({ kind: 'ready' })
