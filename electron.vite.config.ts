import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

// Three builds: main (Electron shell + every Node process entry, side by side in out/main),
// preload (the contextBridge), renderer (React). Dependencies stay external to the main bundle,
// so @duckdb/* native and wasm files load from node_modules (and unpacked from the asar when packaged).
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/main/web/serve.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          analyticsProcess: resolve(__dirname, 'src/main/workers/analyticsProcess.ts'),
          triageWorker: resolve(__dirname, 'src/main/workers/triageWorker.ts'),
          driftWorker: resolve(__dirname, 'src/main/workers/driftWorker.ts'),
          clusterWorker: resolve(__dirname, 'src/main/workers/clusterWorker.ts'),
          piiWorker: resolve(__dirname, 'src/main/workers/piiWorker.ts'),
          sampleHashWorker: resolve(__dirname, 'src/main/workers/sampleHashWorker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    },
    plugins: [react()]
  }
})
