/** A small, strict command-line parser: known flags only, clear messages for anything else. */

export interface FlagSpec {
  /** true when the flag takes a value */
  value: boolean
  description: string
}

export type ParsedArgs = { command: string | undefined; flags: Record<string, string | true>; positional: string[] }

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export function parseArgs(argv: readonly string[], specs: Record<string, FlagSpec>): ParsedArgs {
  const flags: Record<string, string | true> = {}
  const positional: string[] = []
  let command: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2)
      const spec = specs[name]
      if (!spec) throw new UsageError(`unknown option --${name}`)
      if (spec.value) {
        const v = inline ?? argv[++i]
        if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`)
        flags[name] = v
      } else {
        flags[name] = true
      }
    } else if (command === undefined) {
      command = a
    } else {
      positional.push(a)
    }
  }
  return { command, flags, positional }
}
