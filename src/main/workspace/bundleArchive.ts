/**
 * Reads a bundle's ZIP defensively (yauzl): only the entry names the format defines, no duplicates,
 * no encryption, sizes within limits and consistent with the file, every byte checked against its
 * CRC-32 and the manifest's SHA-256. Entry names are never used as paths. Any problem is an error
 * naming the bundle file.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { ApiError } from '../backend/errors'
import { DATA_ENTRY_NAME, ENTRY, LIMITS } from './bundleFormat'

/** A bundle that cannot be read: the message names the file and what is wrong. */
export function bundleError(label: string, problem: string): ApiError {
  return new ApiError('load_failed', `${label}: damaged or not a valid bundle (${problem})`)
}

const KNOWN = new Set<string>(Object.values(ENTRY))

/** Hashes (SHA-256) and CRC-32s what passes through, counting bytes. */
class Checker extends Transform {
  readonly hash = createHash('sha256')
  crc = 0
  bytes = 0
  constructor(private readonly max: number) {
    super()
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length
    if (this.bytes > this.max) {
      cb(new Error(`more than the ${this.max} bytes declared`))
      return
    }
    this.hash.update(chunk)
    this.crc = zlib.crc32(chunk, this.crc)
    cb(null, chunk)
  }
}

export interface BundleArchive {
  readonly label: string
  readonly fileSize: number
  /** entries by name */
  readonly entries: ReadonlyMap<string, Entry>
  /** an entry's text, after its CRC-32 (and SHA-256 when given) are checked */
  readText(name: string, limit: number, sha256?: string): Promise<string>
  /** copies an entry to `dest` (a new file), checking its CRC-32 and SHA-256 */
  extract(name: string, dest: string, sha256: string): Promise<number>
  /** an entry's bytes as a stream, unchecked (the caller checks them, e.g. while copying) */
  openRaw(name: string): Promise<NodeJS.ReadableStream>
  close(): void
}

/** Opens and lists a bundle; throws a bundleError for anything outside the format. */
export async function openBundleArchive(file: string, label = path.basename(file)): Promise<BundleArchive> {
  let zip: ZipFile
  try {
    zip = await yauzl.openPromise(file, { autoClose: false, strictFileNames: true, validateEntrySizes: true, decodeStrings: true })
  } catch (err) {
    throw bundleError(label, `not a readable ZIP archive: ${(err as Error).message}`)
  }
  const entries = new Map<string, Entry>()
  try {
    if (zip.entryCount > LIMITS.entries) throw bundleError(label, `${zip.entryCount} entries; a bundle has at most ${LIMITS.entries}`)
    for await (const e of zip.eachEntry()) {
      const name = e.fileName
      if (!KNOWN.has(name) && !DATA_ENTRY_NAME.test(name)) throw bundleError(label, `unexpected entry ${JSON.stringify(name.slice(0, 120))}`)
      if (entries.has(name)) throw bundleError(label, `entry ${name} appears twice`)
      if (e.isEncrypted()) throw bundleError(label, `entry ${name} is encrypted`)
      if (e.compressionMethod !== 0 && e.compressionMethod !== 8) throw bundleError(label, `entry ${name} uses compression method ${e.compressionMethod}`)
      if (DATA_ENTRY_NAME.test(name)) {
        // Parquet is compressed already: data entries are stored, so their size is bounded by the file's.
        if (e.compressionMethod !== 0 || e.uncompressedSize !== e.compressedSize) throw bundleError(label, `data entry ${name} is not stored uncompressed`)
      }
      if (e.compressedSize > zip.fileSize) throw bundleError(label, `entry ${name} declares ${e.compressedSize} bytes in a ${zip.fileSize}-byte file`)
      entries.set(name, e)
    }
    // Entries must not overlap (a trick of ZIP bombs): each one's data ends before the next header.
    const byOffset = [...entries.values()].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader)
    for (let i = 0; i + 1 < byOffset.length; i++) {
      const a = byOffset[i]
      if (a.relativeOffsetOfLocalHeader + 30 + a.fileNameLength + a.compressedSize > byOffset[i + 1].relativeOffsetOfLocalHeader) {
        throw bundleError(label, `entries ${a.fileName} and ${byOffset[i + 1].fileName} overlap`)
      }
    }
  } catch (err) {
    zip.close()
    if (err instanceof ApiError) throw err
    throw bundleError(label, (err as Error).message)
  }

  const open = async (name: string): Promise<{ entry: Entry; stream: NodeJS.ReadableStream }> => {
    const entry = entries.get(name)
    if (!entry) throw bundleError(label, `entry ${name} is missing`)
    try {
      return { entry, stream: await zip.openReadStreamPromise(entry) }
    } catch (err) {
      throw bundleError(label, `entry ${name}: ${(err as Error).message}`)
    }
  }
  const verify = (name: string, entry: Entry, checker: Checker, sha256?: string): void => {
    if (checker.bytes !== entry.uncompressedSize) throw bundleError(label, `entry ${name} is truncated (${checker.bytes} of ${entry.uncompressedSize} bytes)`)
    if (checker.crc >>> 0 !== entry.crc32 >>> 0) throw bundleError(label, `entry ${name} fails its CRC-32 check`)
    if (sha256 !== undefined && checker.hash.digest('hex') !== sha256) throw bundleError(label, `entry ${name} does not match the SHA-256 in the manifest`)
  }

  return {
    label,
    fileSize: zip.fileSize,
    entries,
    async readText(name, limit, sha256) {
      const { entry, stream } = await open(name)
      if (entry.uncompressedSize > limit) throw bundleError(label, `entry ${name} declares ${entry.uncompressedSize} bytes (limit ${limit})`)
      const checker = new Checker(entry.uncompressedSize)
      const chunks: Buffer[] = []
      try {
        await pipeline(stream, checker, async function* (source: AsyncIterable<Buffer>) {
          for await (const c of source) chunks.push(c)
        })
      } catch (err) {
        throw err instanceof ApiError ? err : bundleError(label, `entry ${name}: ${(err as Error).message}`)
      }
      verify(name, entry, checker, sha256)
      return Buffer.concat(chunks).toString('utf8')
    },
    async extract(name, dest, sha256) {
      const { entry, stream } = await open(name)
      const checker = new Checker(entry.uncompressedSize)
      try {
        await pipeline(stream, checker, fs.createWriteStream(dest, { flags: 'wx', mode: 0o600 }))
      } catch (err) {
        throw err instanceof ApiError ? err : bundleError(label, `entry ${name}: ${(err as Error).message}`)
      }
      verify(name, entry, checker, sha256)
      return checker.bytes
    },
    openRaw: async (name) => (await open(name)).stream,
    close: () => zip.close()
  }
}
