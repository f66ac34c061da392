/** The renderer's root: theme, session state and the app shell. */
import type { ReactElement } from 'react'
import { AppShell } from './app/AppShell'
import { PaletteCommandsProvider } from './app/paletteCommands'
import { WorkbenchProvider } from './app/WorkbenchProvider'
import { ThemeProvider } from './components/ThemeProvider'

export function App(): ReactElement {
  return (
    <ThemeProvider>
      <WorkbenchProvider>
        <PaletteCommandsProvider>
          <AppShell />
        </PaletteCommandsProvider>
      </WorkbenchProvider>
    </ThemeProvider>
  )
}
