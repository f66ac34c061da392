/** The palette's command registry: any component adds its commands with `usePaletteCommands` while it is mounted, and the palette lists them. */
import { createContext, useContext, useEffect, useRef, type ReactElement, type ReactNode } from 'react'
import type { PaletteCommand } from './commandPalette'

interface Registry {
  /** the commands each mounted source currently offers, read when the palette opens */
  sources: Map<symbol, () => readonly PaletteCommand[]>
}

const RegistryContext = createContext<Registry | null>(null)

export function PaletteCommandsProvider({ children }: { children: ReactNode }): ReactElement {
  const registry = useRef<Registry>({ sources: new Map() })
  return <RegistryContext.Provider value={registry.current}>{children}</RegistryContext.Provider>
}

/**
 * Offers `commands` in the palette while the calling component is mounted. The latest list is read when the
 * palette opens, so callers need not memoise it.
 */
export function usePaletteCommands(commands: readonly PaletteCommand[]): void {
  const registry = useContext(RegistryContext)
  const latest = useRef(commands)
  latest.current = commands
  useEffect(() => {
    if (!registry) return
    const key = Symbol('palette-source')
    registry.sources.set(key, () => latest.current)
    return () => {
      registry.sources.delete(key)
    }
  }, [registry])
}

/** Every registered command, in registration order. */
export function useRegisteredCommands(): () => PaletteCommand[] {
  const registry = useContext(RegistryContext)
  return () => (registry ? [...registry.sources.values()].flatMap((get) => get()) : [])
}
