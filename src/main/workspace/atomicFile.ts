/**
 * Writes that never leave a half-written file: the new content goes to a temp file beside the
 * target (fsynced), the previous version is kept as `<file>.bak`, then a rename replaces the target
 * and the folder is fsynced so the rename itself survives a power cut.
 */
import fs from 'node:fs'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'

export const BACKUP_SUFFIX = '.bak'

/** fsync of a folder (makes a rename durable); a no-op where folders cannot be opened (Windows). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
    // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/**
 * Keeps the current content of `file` as `<file>.bak` (replacing an older one atomically). A hard
 * link costs nothing and leaves the old bytes in place; where links are refused, a copy is made.
 */
export function keepBackup(file: string): void {
  if (!fs.existsSync(file)) return
  const bak = file + BACKUP_SUFFIX
  const tmp = `${bak}.${process.pid}.tmp`
  fs.rmSync(tmp, { force: true })
  try {
    fs.linkSync(file, tmp)
  } catch {
    fs.copyFileSync(file, tmp)
    const fd = fs.openSync(tmp, 'r+')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  }
  fs.renameSync(tmp, bak)
}

/** Saves `data` to `file` atomically (write-file-atomic: temp file, fsync, rename), keeping the previous version as `.bak`. */
export async function saveAtomically(file: string, data: string | Buffer, opts: { backup?: boolean } = {}): Promise<void> {
  const abs = path.resolve(file)
  fs.mkdirSync(path.dirname(abs), { recursive: true })
  if (opts.backup !== false) keepBackup(abs)
  await writeFileAtomic(abs, data, { fsync: true })
  fsyncDir(path.dirname(abs))
}

/** A temp file beside `file` for content written by a stream (a bundle); commit it with commitTempFile. */
export function tempPathFor(file: string): string {
  return `${path.resolve(file)}.${process.pid}.${Date.now().toString(36)}.partial`
}

/** Makes a fully written temp file the new `file`: fsync, keep the old as `.bak`, rename, fsync the folder. */
export function commitTempFile(tmp: string, file: string, opts: { backup?: boolean } = {}): void {
  const abs = path.resolve(file)
  const fd = fs.openSync(tmp, 'r+')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  if (opts.backup !== false) keepBackup(abs)
  fs.renameSync(tmp, abs)
  fsyncDir(path.dirname(abs))
}
