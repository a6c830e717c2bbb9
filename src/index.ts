import { run } from './main.js'
import { runPost } from './post.js'
import { isPostPhase } from './session/post-state.js'

// The action's entry point, bundled into dist/index.js for both phases of action.yml's
// `runs`: the post phase is told apart by the state its main phase saved first. Each phase
// sets the step's result itself; what it does not catch still fails the process.
void (isPostPhase(process.env) ? runPost() : run())
