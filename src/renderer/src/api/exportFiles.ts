/** Exports files the one way every page uses: the desktop's native save dialog, else browser downloads (web mode). */
import { downloadBlob, downloadText } from '../lib/download'
import { call } from './client'

export interface ExportFile {
  name: string
  /** text, or base64 when `encoding` is 'base64' (PNG) */
  content: string
  encoding?: 'utf8' | 'base64'
  mime?: string
}

export interface ExportOutcome {
  /** 'dialog' when saved through the desktop dialog, 'download' when handed to the browser, 'cancelled' */
  via: 'dialog' | 'download' | 'cancelled'
  location?: string
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64)
  const out = new Uint8Array(new ArrayBuffer(bin.length))
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

/** Saves through the backend when it can show a dialog (desktop); otherwise downloads each file. */
export async function exportFiles(files: ExportFile[], canPickFiles: boolean): Promise<ExportOutcome> {
  if (canPickFiles) {
    const r = await call('saveFiles', { files: files.map((f) => ({ name: f.name, content: f.content, encoding: f.encoding ?? 'utf8' })) })
    return r.saved ? { via: 'dialog', location: r.location } : { via: 'cancelled' }
  }
  for (const [i, f] of files.entries()) {
    // Browsers drop downloads started in one burst: space them out.
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 250))
    if (f.encoding === 'base64') downloadBlob(f.name, new Blob([base64ToBytes(f.content)], { type: f.mime ?? 'application/octet-stream' }))
    else downloadText(f.name, f.content, f.mime ?? (f.name.endsWith('.json') ? 'application/json' : 'text/csv;charset=utf-8'))
  }
  return { via: 'download' }
}

/** A chart's PNG data URL as an export file. */
export function pngFile(name: string, dataUrl: string): ExportFile {
  return { name: name.endsWith('.png') ? name : `${name}.png`, content: dataUrl.replace(/^data:image\/png;base64,/, ''), encoding: 'base64', mime: 'image/png' }
}
