/** Saving renderer-made content as files: text via a Blob and an anchor (web mode and Electron's download handler), charts as PNG data URLs. */

/** A file name without path separators or characters Windows rejects, never empty. */
export function safeFileName(name: string, fallback = 'export'): string {
  const cleaned = name
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
  return cleaned.slice(0, 180) || fallback
}

/** Starts a download of `href` under `filename` through a temporary anchor. */
function clickDownload(href: string, filename: string, doc: Document): void {
  const a = doc.createElement('a')
  a.href = href
  a.download = safeFileName(filename)
  a.rel = 'noopener'
  a.style.display = 'none'
  doc.body.appendChild(a)
  a.click()
  a.remove()
}

/** Downloads a Blob; the object URL is revoked after the click has been handled. */
export function downloadBlob(filename: string, blob: Blob, doc: Document = document): void {
  const url = URL.createObjectURL(blob)
  try {
    clickDownload(url, filename, doc)
  } finally {
    // revoking synchronously can cancel the download in some browsers; a tick later is safe
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }
}

/** Downloads a string (CSV, JSON, YAML...) as a UTF-8 file. */
export function downloadText(filename: string, text: string, mime = 'text/plain;charset=utf-8', doc: Document = document): void {
  downloadBlob(filename, new Blob([text], { type: mime }), doc)
}

