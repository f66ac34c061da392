/** Web Worker entry of the cluster map: renders and hit-tests off the page's thread (see mapRenderer.ts). */
import { MapRenderer, type MapReply, type MapRequest } from './mapRenderer'

const renderer = new MapRenderer()
const scope = self as unknown as { onmessage: ((e: MessageEvent<MapRequest>) => void) | null; postMessage(m: MapReply, transfer?: Transferable[]): void }

scope.onmessage = (e) => {
  const reply = renderer.handle(e.data)
  if (!reply) return
  scope.postMessage(reply, reply.type === 'frame' && reply.bitmap ? [reply.bitmap] : [])
}
