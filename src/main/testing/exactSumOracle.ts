/**
 * The tests' oracle for sums of doubles: the exact sum of the values (as one big integer) rounded
 * once to the nearest double. Imported by tests only, never by app code.
 */

/** The exact value of a finite double as mantissa * 2^exponent (integers). */
function decompose(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const sign = hi >>> 31 ? -1n : 1n
  const e = (hi >>> 20) & 0x7ff
  const m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  return e === 0 ? [sign * m, -1074] : [sign * (m | (1n << 52n)), e - 1075]
}

/** The correctly rounded sum of finite doubles. */
export function correctlyRoundedSum(xs: Iterable<number>): number {
  const SHIFT = 1100
  let total = 0n
  for (const x of xs) {
    const [m, e] = decompose(x)
    total += m << BigInt(e + SHIFT)
  }
  const negative = total < 0n
  let a = negative ? -total : total
  let shift = SHIFT
  const bits = a.toString(2).length
  if (bits > 64) {
    // keep 64 bits and a sticky bit: Number() of a BigInt rounds to nearest, ties to even
    const drop = BigInt(bits - 64)
    const sticky = (a & ((1n << drop) - 1n)) !== 0n
    a = (a >> drop) | (sticky ? 1n : 0n)
    shift -= bits - 64
  }
  return (negative ? -1 : 1) * Number(a) * 2 ** -shift
}
