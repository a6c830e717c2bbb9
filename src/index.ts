import { run } from './main.js'

// The action's entry point, bundled into dist/index.js.
await run()
