import { parseRunnerOutput } from '../../simulator/runner-view.js'

export type RunnerView = ReturnType<typeof parseRunnerOutput>

/** Lines of the action's own, as opposed to lines of the remote log. */
const OWN_LINE =
  /^(Following CodeArts build |CodeArts build \S+ (succeeded|failed|was aborted)|Last \d+ lines of step |Still waiting: |The build status call is not available|Waiting for build #|Build #\d+ found|Reading the log failed|Asking for the build status failed|Stopped following)/

/** The runner echoes the fence's own commands, with the token masked. */
const FENCE_ECHO = /^::(stop-commands::)?\*\*\*(::)?$/

/** What the runner displays of the remote log: its lines as the runner splits them, in order. */
export function displayedRemoteLines(view: RunnerView): string[] {
  return view.lines
    .filter((line) => !line.fromRunner && !FENCE_ECHO.test(line.text) && !OWN_LINE.test(line.text))
    .map((line) => line.text)
}

/** The lines a log holds, split the way the runner splits displayed text. */
export function logLines(log: Buffer | string): string[] {
  const lines = log.toString().split(/\r\n|\n|\r/)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}
