// Sorting doubles that carry a small tag each (a byte of flags), by LSD radix sort on their IEEE-754 bits: linear time, no comparator.

/**
 * Sorts `values` ascending in place and moves `tags` along with them (tags[i] stays with
 * values[i]). Values must not be NaN; -0 sorts just before +0 (they compare equal, so a caller
 * grouping equal values puts them together). Equal values keep their relative order (stable).
 *
 * Each double becomes a 64-bit key whose unsigned order is the numeric order (the sign bit flipped
 * for positives, every bit flipped for negatives); the keys are sorted one byte at a time from
 * the least significant, skipping bytes that are the same in every key (the low mantissa bytes of
 * integer-valued data, the exponent of data of one magnitude), so typical telemetry columns take
 * three to six passes over the data.
 */
export function sortWithTags(values: Float64Array, tags: Uint8Array): void {
  const n = values.length
  if (tags.length !== n) throw new Error('sortWithTags: values and tags lengths differ')
  if (n < 2) return
  const { words, payload } = radixSortKeys(toKeys(values.slice()), tags, (m) => new Uint8Array(m))
  values.set(fromKeys(words))
  if (payload !== tags) tags.set(payload)
}

/**
 * Sorts unsigned 32-bit keys ascending in place and moves `tags` along with them (stable). LSD
 * radix sort on the bits the largest key uses, in as few passes of at most 11 bits as they need
 * (two for keys below 2^22, which is what a fixed-point column's steps usually are), each pass
 * moving four bytes of key and one of tag.
 */
export function sortUint32WithTags(keys: Uint32Array, tags: Uint8Array): void {
  const n = keys.length
  if (tags.length !== n) throw new Error('sortUint32WithTags: keys and tags lengths differ')
  if (n < 2) return
  const max = maxKey(keys)
  const bits = max === 0 ? 0 : 32 - Math.clz32(max)
  const passes = Math.ceil(bits / 11)
  if (passes === 0) return
  const width = Math.ceil(bits / passes)
  const buckets = 1 << width
  const mask = buckets - 1
  let kIn: Uint32Array = keys
  let tIn: Uint8Array = tags
  let kOut: Uint32Array = new Uint32Array(n)
  let tOut: Uint8Array = new Uint8Array(n)
  const offsets = new Int32Array(buckets)
  for (let pass = 0; pass < passes; pass++) {
    const shift = pass * width
    offsets.fill(0)
    digitCounts(kIn, shift, mask, offsets)
    startsFromCounts(offsets)
    scatterByDigit(kIn, tIn, shift, mask, offsets, kOut, tOut)
    ;[kIn, kOut] = [kOut, kIn]
    ;[tIn, tOut] = [tOut, tIn]
  }
  if (kIn !== keys) {
    keys.set(kIn)
    tags.set(tIn)
  }
}

// The loops of sortUint32WithTags, each a function of its own: a process that sorts a few columns
// once runs each loop cold, and V8 then compiles each one whole instead of compiling the sort
// mid-loop (on-stack replacement) without feedback for the code after the loop, which it threw
// away again on reaching that code, sort after sort.

function maxKey(keys: Uint32Array): number {
  let max = 0
  for (let i = 0; i < keys.length; i++) if (keys[i] > max) max = keys[i]
  return max
}

function digitCounts(keys: Uint32Array, shift: number, mask: number, counts: Int32Array): void {
  for (let i = 0; i < keys.length; i++) counts[(keys[i] >>> shift) & mask]++
}

/** Counts per bucket -> each bucket's first position, in place. */
function startsFromCounts(offsets: Int32Array): void {
  let sum = 0
  for (let b = 0; b < offsets.length; b++) {
    const c = offsets[b]
    offsets[b] = sum
    sum += c
  }
}

function scatterByDigit(kIn: Uint32Array, tIn: Uint8Array, shift: number, mask: number, offsets: Int32Array, kOut: Uint32Array, tOut: Uint8Array): void {
  for (let i = 0; i < kIn.length; i++) {
    const k = kIn[i]
    const to = offsets[(k >>> shift) & mask]++
    kOut[to] = k
    tOut[to] = tIn[i]
  }
}

/**
 * The permutation that sorts `values` ascending, stable (equal values keep their index order); NaN
 * counts as -Infinity and -0 as 0. `values` is left as it is.
 */
export function sortedOrder(values: Float64Array): Int32Array {
  const n = values.length
  const keys = values.slice()
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(keys[i])) keys[i] = -Infinity
    else if (keys[i] === 0) keys[i] = 0 // -0 equals 0: one key, so their rows keep index order
  }
  const index = Int32Array.from({ length: n }, (_, i) => i)
  if (n < 2) return index
  return radixSortKeys(toKeys(keys), index, (m) => new Int32Array(m)).payload
}

/** The doubles' bits as (lo, hi) 32-bit halves, transformed so that unsigned key order is numeric order (in place on `values`' buffer). */
function toKeys(values: Float64Array): Uint32Array {
  const n = values.length
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2)
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]
    if (hi & 0x80000000) {
      words[2 * i + 1] = ~hi >>> 0
      words[2 * i] = ~words[2 * i] >>> 0
    } else {
      words[2 * i + 1] = (hi | 0x80000000) >>> 0
    }
  }
  return words
}

/** The inverse of {@link toKeys}, in place; returns the doubles. */
function fromKeys(words: Uint32Array): Float64Array {
  const n = words.length / 2
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]
    if (hi & 0x80000000) {
      words[2 * i + 1] = (hi & 0x7fffffff) >>> 0
    } else {
      words[2 * i + 1] = ~hi >>> 0
      words[2 * i] = ~words[2 * i] >>> 0
    }
  }
  return new Float64Array(words.buffer, words.byteOffset, n)
}

/** LSD radix sort of the keys one byte at a time, skipping bytes that are the same in every key; the payload moves along. */
function radixSortKeys<P extends Uint8Array | Int32Array>(keys: Uint32Array, payload: P, make: (n: number) => P): { words: Uint32Array; payload: P } {
  const n = keys.length / 2
  let words = keys
  // One histogram per byte, all in one pass.
  const counts = new Int32Array(8 * 256)
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]
    const hi = words[2 * i + 1]
    counts[lo & 0xff]++
    counts[256 + ((lo >>> 8) & 0xff)]++
    counts[512 + ((lo >>> 16) & 0xff)]++
    counts[768 + (lo >>> 24)]++
    counts[1024 + (hi & 0xff)]++
    counts[1280 + ((hi >>> 8) & 0xff)]++
    counts[1536 + ((hi >>> 16) & 0xff)]++
    counts[1792 + (hi >>> 24)]++
  }
  let otherWords: Uint32Array | null = null
  let pIn = payload
  let pOut: P | null = null
  const offsets = new Int32Array(256)
  for (let byte = 0; byte < 8; byte++) {
    const h = byte * 256
    let trivial = false
    for (let b = 0; b < 256; b++) {
      if (counts[h + b] === n) trivial = true
      if (counts[h + b] !== 0) break
    }
    if (trivial) continue
    let sum = 0
    for (let b = 0; b < 256; b++) {
      offsets[b] = sum
      sum += counts[h + b]
    }
    otherWords ??= new Uint32Array(n * 2)
    pOut ??= make(n)
    const half = byte < 4 ? 0 : 1
    const shift = (byte % 4) * 8
    for (let i = 0; i < n; i++) {
      const lo = words[2 * i]
      const hi = words[2 * i + 1]
      const b = ((half ? hi : lo) >>> shift) & 0xff
      const to = offsets[b]++
      otherWords[2 * to] = lo
      otherWords[2 * to + 1] = hi
      pOut[to] = pIn[i]
    }
    ;[words, otherWords] = [otherWords, words]
    ;[pIn, pOut] = [pOut, pIn]
  }
  return { words, payload: pIn }
}
