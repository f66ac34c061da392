/** Job ids for long backend jobs started by this window: unique per window (a random base) and increasing. */

// The backend uses 0 for the load it starts itself and adds 1,000,000 for reloads after a crash; stay clear of both.
const BASE = 2_000_000 + Math.floor(Math.random() * 1_000_000) * 1000
let counter = 0

export function nextJobId(): number {
  counter += 1
  return BASE + counter
}
