import { prepareHeap } from './heap.js'
import { run } from './main.js'

// The action's entry point, bundled into dist/index.js.
prepareHeap()
await run()
