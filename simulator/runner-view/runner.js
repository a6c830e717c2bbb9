// @ts-check
/**
 * A model of how the GitHub Actions runner (actions/runner) reads a step's stdout, and of how the
 * workflow log page then shows what the runner wrote. The action writes remote, untrusted build
 * log text to stdout, so tests need an independent judge of which stdout lines the runner would
 * execute as workflow commands, and the demo needs to show stdout as a reader of the log sees it.
 *
 * Where the model follows the runner's source, the comments name the file and member:
 *   src/Runner.Sdk/ProcessInvoker.cs            StartReadStream (line splitting)
 *   src/Runner.Worker/Handlers/OutputManager.cs OnDataReceived (which lines are tried as commands)
 *   src/Runner.Common/ActionCommand.cs          TryParseV2, TryParse, Unescape* (syntax)
 *   src/Runner.Worker/ActionCommandManager.cs   TryProcessCommand and the command extensions
 *   src/Runner.Worker/ExecutionContext.cs       Write, AddIssue (what reaches the log, masking)
 *   SecretMasker.MaskSecrets                    (how secrets become `***`)
 *
 * Deliberately left out: problem matchers (add-matcher needs files on the runner's disk), the
 * secret masker's value encoders (base64, JSON, URI… variants of each secret; leaving them out
 * can only make the model show more than the runner would), container path translation, and
 * server feature flags such as set-output deprecation warnings.
 */

import { matchMarkup } from './markup.js'
import {
  CommandFailure,
  dotnetTrim,
  foldCase,
  isCollationIgnorable,
  parseCommand,
  readLines,
  Registry,
  splitPhysicalLines
} from './commands.js'

/**
 * @typedef {object} RunnerOptions
 * @property {boolean} [debug] step debug logging (ACTIONS_STEP_DEBUG): `##[debug]` lines are
 *   written, and commands are echoed unless `echo` says otherwise
 * @property {boolean} [echo] initial `::echo::` state; the runner starts it from step debug
 * @property {boolean} [allowUnsecureCommands] ACTIONS_ALLOW_UNSECURE_COMMANDS: enables set-env
 *   and add-path, which the runner otherwise refuses
 * @property {boolean} [allowUnsecureStopCommandTokens] ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS:
 *   accepts an empty, `pause-logging` or command-named stop token
 *
 * @typedef {import('./markup.js').MarkupTag} MarkupTag
 *
 * @typedef {object} DisplayedLine
 * @property {string} text the log line, after masking
 * @property {string | null} group title of the group the line shows in (for a group's own
 *   header and its closing line, the group they open or close)
 * @property {number} lineIndex index of the stdout line that caused it
 * @property {MarkupTag | null} markup tag the log page renders specially, if the line starts with one
 * @property {boolean} fromRunner the runner wrote this tag itself for a command it executed; a
 *   tag on any other line is text the step printed, which the log page renders all the same
 *
 * @typedef {object} LogGroup
 * @property {string} title
 * @property {string[]} lines lines shown inside the group (its header and end not included)
 *
 * @typedef {object} Annotation
 * @property {'error' | 'warning' | 'notice'} level
 * @property {string} message after masking, at most 4096 characters
 * @property {Record<string, string>} properties title, file, line, col, endLine, endColumn…
 *
 * @typedef {object} ExecutedCommand
 * @property {string} name registered name (lower case), or the stop token for a resume
 * @property {Record<string, string>} properties
 * @property {string} data unescaped
 * @property {number} lineIndex
 * @property {'::' | '##['} syntax
 *
 * @typedef {object} RenderedMarkup
 * @property {number} lineIndex index of the stdout line that caused it
 * @property {string} text the displayed line
 *
 * @typedef {object} StepFailure
 * @property {number} lineIndex
 * @property {string} message
 * @property {boolean} fatal the runner stopped reading the step's output here
 *
 * @typedef {object} PossibleCommand
 * @property {number} lineIndex
 * @property {string} text the stdout line
 * @property {string} name the command it would be
 *
 * @typedef {object} RunnerView
 * @property {DisplayedLine[]} lines
 * @property {LogGroup[]} groups
 * @property {Annotation[]} annotations
 * @property {ExecutedCommand[]} commands every command the runner executed
 * @property {string[]} masks secrets registered, in order
 * @property {Record<string, string>} outputs from set-output
 * @property {Record<string, string>} state from save-state
 * @property {Record<string, string>} env from set-env (only with allowUnsecureCommands)
 * @property {string[]} paths from add-path (only with allowUnsecureCommands)
 * @property {number} nestingViolations groups opened while another was open
 * @property {RenderedMarkup[]} renderedMarkup displayed text the log page renders as markup
 *   although the runner did not write that tag itself
 * @property {boolean} fenceOpenAtEnd a stop-commands fence was never resumed
 * @property {StepFailure[]} failures commands that fail the step
 * @property {PossibleCommand[]} possibleCommands lines shown as text here that the runner's
 *   culture-sensitive search might still execute (see findPossibleCommand)
 */

/** @typedef {import('./commands.js').ParsedCommand} ParsedCommand */

// ---------------------------------------------------------------------------------------------
// ExecutionContext and the log page.

const STOP_COMMAND = 'stop-commands'

/**
 * Commands with an extension, and whether the runner leaves out the echo of the input line
 * (IActionCommandExtension.OmitEcho). `stop-commands` is registered separately.
 *
 * @type {Readonly<Record<string, boolean>>}
 */
const EXTENSIONS = {
  'set-env': false,
  'set-output': false,
  'save-state': false,
  'add-mask': true,
  'add-path': false,
  'add-matcher': false,
  'remove-matcher': false,
  debug: true,
  warning: true,
  error: true,
  notice: true,
  group: false,
  endgroup: false,
  echo: false
}

/** ExecutionContext: issue messages longer than this are cut. */
const MAX_ISSUE_MESSAGE_LENGTH = 4096

/** Constants.Runner.InternalTelemetryIssueDataKey, which never reaches an annotation. */
const TELEMETRY_ISSUE_KEY = '_internal_telemetry'

/** @param {string} command */
function unsupportedCommandMessage(command) {
  return (
    `The \`${command}\` command is disabled. Please upgrade to using Environment Files or opt ` +
    'into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment ' +
    'variable to `true`. For more information see: ' +
    'https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/'
  )
}

const UNSUPPORTED_STOP_TOKEN_MESSAGE =
  "You cannot use a endToken that is an empty string, the string 'pause-logging', or another " +
  'workflow command. For more information see: ' +
  'https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands ' +
  'or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` ' +
  'environment variable to `true`.'

/**
 * SecretMasker.MaskSecrets: every occurrence of every secret (overlapping ones too) is found,
 * ranges that overlap or touch are merged, and each merged range becomes `***`.
 *
 * @param {string} text
 * @param {readonly string[]} secrets
 */
function maskSecrets(text, secrets) {
  /** @type {Array<[number, number]>} */
  const ranges = []
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
      ranges.push([at, at + secret.length])
    }
  }
  if (ranges.length === 0) return text
  ranges.sort((a, b) => a[0] - b[0])
  let result = ''
  let written = 0
  let [start, end] = ranges[0]
  for (const [nextStart, nextEnd] of ranges.slice(1)) {
    if (nextStart <= end) {
      end = Math.max(end, nextEnd)
    } else {
      result += text.slice(written, start) + '***'
      written = end
      start = nextStart
      end = nextEnd
    }
  }
  return result + text.slice(written, start) + '***' + text.slice(end)
}

/**
 * Reads stdout the way the runner does and reports what it executed and what the log shows.
 *
 * @param {string} stdoutText everything the step wrote to stdout
 * @param {RunnerOptions} [options]
 * @returns {RunnerView}
 */
export function parseRunnerOutput(stdoutText, options = {}) {
  const {
    debug = false,
    echo: initialEcho = debug,
    allowUnsecureCommands = false,
    allowUnsecureStopCommandTokens = false
  } = options

  const registry = new Registry([STOP_COMMAND, ...Object.keys(EXTENSIONS)])
  let echo = initialEcho
  let stopped = false
  /** @type {string | null} */
  let stopToken = null
  let aborted = false

  /** @type {RunnerView} */
  const view = {
    lines: [],
    groups: [],
    annotations: [],
    commands: [],
    masks: [],
    outputs: Object.create(null),
    state: Object.create(null),
    env: Object.create(null),
    paths: [],
    nestingViolations: 0,
    renderedMarkup: [],
    fenceOpenAtEnd: false,
    failures: [],
    possibleCommands: []
  }
  /** @type {LogGroup | null} */
  let openGroup = null

  /** @param {string} value */
  function addMask(value) {
    if (value && !view.masks.includes(value)) view.masks.push(value)
  }

  /**
   * ExecutionContext.Write: masks tag and message together, then the log page shows it. A
   * message can hold line breaks (from `%0A` or `%0D`); each becomes a line of its own in the
   * log, and only the first starts with the tag the runner wrote.
   *
   * @param {string} tag '' for plain output
   * @param {string} message
   * @param {number} lineIndex
   */
  function write(tag, message, lineIndex) {
    const physical = splitPhysicalLines(maskSecrets(tag + message, view.masks))
    physical.forEach((text, k) => {
      const markup = matchMarkup(text)
      const fromRunner = tag !== '' && k === 0
      /** @type {string | null} */
      let group
      if (markup?.tag === 'group') {
        // The log page does not nest groups: a new group ends the open one.
        if (openGroup) view.nestingViolations++
        openGroup = { title: markup.rest, lines: [] }
        view.groups.push(openGroup)
        group = openGroup.title
      } else if (markup?.tag === 'endgroup') {
        group = openGroup ? openGroup.title : null
        openGroup = null
      } else {
        group = openGroup ? openGroup.title : null
        openGroup?.lines.push(text)
      }
      view.lines.push({ text, group, lineIndex, markup: markup ? markup.tag : null, fromRunner })
      if (markup && !fromRunner) view.renderedMarkup.push({ lineIndex, text })
    })
  }

  /**
   * ExecutionContext.AddIssue: the annotation gets the masked, shortened message; the log line
   * is written only for a non-empty message. Property values are passed on as they are.
   *
   * @param {'error' | 'warning' | 'notice'} level
   * @param {string} message
   * @param {Record<string, string>} properties
   * @param {number} lineIndex
   */
  function addIssue(level, message, properties, lineIndex) {
    /** @type {Record<string, string>} */
    const data = Object.create(null)
    for (const [key, value] of Object.entries(properties)) {
      if (foldCase(key) !== foldCase(TELEMETRY_ISSUE_KEY)) data[key] = value
    }
    view.annotations.push({
      level,
      message: maskSecrets(message, view.masks).slice(0, MAX_ISSUE_MESSAGE_LENGTH),
      properties: data
    })
    if (message) write(`##[${level}]`, message, lineIndex)
  }

  /**
   * The command extensions' ProcessCommand methods.
   *
   * @param {ParsedCommand} command
   * @param {number} lineIndex
   */
  function runExtension(command, lineIndex) {
    const { name, properties, data } = command
    const property = (/** @type {string} */ key) => {
      for (const [k, v] of Object.entries(properties)) if (foldCase(k) === foldCase(key)) return v
      return undefined
    }
    const requireName = () => {
      const value = property('name')
      if (!value)
        throw new CommandFailure(`Required field 'name' is missing in ##[${name}] command.`)
      return value
    }
    switch (name) {
      case 'add-mask':
        if (!dotnetTrim(data)) {
          addIssue(
            'warning',
            "Can't add secret mask for empty string in ##[add-mask] command.",
            {},
            lineIndex
          )
          return
        }
        if (echo) write('', '::add-mask::***', lineIndex)
        // A multi-line value is masked whole and line by line, since a later command's output
        // reaches the log one line at a time (ActionCommandManagerL0.AddMaskWithMultilineValue).
        addMask(data)
        for (const part of splitPhysicalLines(data)) addMask(dotnetTrim(part))
        return
      case 'debug':
        if (debug) write('##[debug]', data, lineIndex)
        return
      case 'error':
      case 'warning':
      case 'notice':
        addIssue(/** @type {'error' | 'warning' | 'notice'} */ (name), data, properties, lineIndex)
        return
      case 'group':
        write('##[group]', data, lineIndex)
        return
      case 'endgroup':
        write('##[endgroup]', '', lineIndex)
        return
      case 'echo': {
        if (!data) throw new CommandFailure("Value cannot be null. (Parameter 'value')")
        const value = dotnetTrim(data).toUpperCase()
        if (value === 'ON') echo = true
        else if (value === 'OFF') echo = false
        else {
          throw new CommandFailure(
            `Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${data}'.`
          )
        }
        return
      }
      case 'set-output':
        view.outputs[requireName()] = data
        return
      case 'save-state':
        view.state[requireName()] = data
        return
      case 'set-env': {
        if (!allowUnsecureCommands) throw new CommandFailure(unsupportedCommandMessage(name))
        const envName = requireName()
        if (foldCase(envName) === 'NODE_OPTIONS') {
          addIssue(
            'error',
            "Can't update NODE_OPTIONS environment variable using ::set-env:: command.",
            {},
            lineIndex
          )
          return
        }
        view.env[envName] = data
        return
      }
      case 'add-path':
        if (!allowUnsecureCommands) throw new CommandFailure(unsupportedCommandMessage(name))
        if (!data) throw new CommandFailure("Value cannot be null. (Parameter 'path')")
        view.paths = view.paths.filter((path) => path !== data)
        view.paths.push(data)
        return
      case 'add-matcher':
        // Loading the matcher file is not modelled; only the runner's check on the argument.
        if (!data) addIssue('warning', 'File path must be specified.', {}, lineIndex)
        return
      case 'remove-matcher': {
        const owner = property('owner')
        if (owner && data) {
          addIssue(
            'warning',
            'Either specify an owner name or a file path in ##[remove-matcher] command. Both values cannot be set.',
            {},
            lineIndex
          )
        } else if (!owner && !data) {
          addIssue(
            'warning',
            'Either an owner name or a file path must be specified in ##[remove-matcher] command.',
            {},
            lineIndex
          )
        }
        return
      }
      default:
        // Reached only when an opted-in stop token named a command and its resume removed that
        // command from the registered set: the runner then warns and drops the line.
        addIssue('warning', `Can't find command extension for ##[${name}.command].`, {}, lineIndex)
    }
  }

  /**
   * ActionCommandManager.TryProcessCommand.
   *
   * @param {string} line
   * @param {number} lineIndex
   * @returns {boolean} whether the runner consumed the line (it is then not shown as text)
   */
  function tryProcessCommand(line, lineIndex) {
    const command = parseCommand(line, registry)
    if (!command) return false
    const record = () =>
      view.commands.push({
        name: command.name,
        properties: command.properties,
        data: command.data,
        lineIndex,
        syntax: command.syntax
      })

    if (stopped) {
      // Only the token resumes, by name alone, and its line is shown; every other command
      // stays plain text.
      if (stopToken && foldCase(command.name) === foldCase(stopToken)) {
        write('', line, lineIndex)
        registry.delete(stopToken)
        stopped = false
        stopToken = null
        record()
        return true
      }
      return false
    }

    if (command.name === STOP_COMMAND) {
      // ValidateStopToken (ActionCommandManagerL0.StopProcessCommand__FailOnInvalidStopTokens):
      // a guessable token throws out of TryProcessCommand; nothing in OutputManager catches it,
      // so the step fails and its remaining output is not read.
      const token = command.data
      const invalid =
        token === '' ||
        registry.lookup(token) !== undefined ||
        foldCase(token) === foldCase('pause-logging')
      if (invalid && !allowUnsecureStopCommandTokens) {
        view.failures.push({ lineIndex, message: UNSUPPORTED_STOP_TOKEN_MESSAGE, fatal: true })
        aborted = true
        return true
      }
      stopToken = token
      stopped = true
      registry.add(token)
      // The command line itself is always shown (actions/runner#807, #1318), and since
      // actions/runner#1371 the token is masked for the rest of the run when longer than six
      // characters (ActionCommandManagerL0.StopProcessCommandMasksValidTokenForEntireRun).
      if (token.length > 6) addMask(token)
      write('', line, lineIndex)
      record()
      return true
    }

    const omitEcho = EXTENSIONS[command.name] ?? false
    if (echo && !omitEcho) write('', line, lineIndex)
    record()
    try {
      runExtension(command, lineIndex)
    } catch (error) {
      if (!(error instanceof CommandFailure)) throw error
      // The echo-less commands are named, not quoted, so their data stays out of the log.
      const shown = omitEcho ? command.name : line
      addIssue('error', `Unable to process command '${shown}' successfully.`, {}, lineIndex)
      addIssue('error', error.message, {}, lineIndex)
      view.failures.push({ lineIndex, message: error.message, fatal: false })
    }
    return true
  }

  /**
   * A cross-check on the model's one known blind spot. The runner finds `::` and `##[` with
   * culture-sensitive String.StartsWith/IndexOf (ICU on Linux), which skip characters the
   * collation ignores: `::error:\u00AD:x` may be found as a command there. A line counts here
   * when deleting such characters turns it into a command the runner would execute now. This
   * reports more than the runner can act on (the name itself is matched ordinally).
   *
   * @param {string} line
   * @param {number} lineIndex
   */
  function findPossibleCommand(line, lineIndex) {
    let stripped = ''
    for (const ch of line) if (!isCollationIgnorable(ch)) stripped += ch
    if (stripped === line) return
    const command = parseCommand(stripped, registry)
    if (!command) return
    if (stopped && !(stopToken && foldCase(command.name) === foldCase(stopToken))) return
    view.possibleCommands.push({ lineIndex, text: line, name: command.name })
  }

  const lines = readLines(stdoutText)
  for (let lineIndex = 0; lineIndex < lines.length && !aborted; lineIndex++) {
    const line = lines[lineIndex]
    // OutputManager.OnDataReceived hands a line to the command manager only if it holds `##[`
    // or `::`; anything not consumed is regular output.
    const mayBeCommand = line.includes('##[') || line.includes('::')
    if (line && mayBeCommand && tryProcessCommand(line, lineIndex)) continue
    findPossibleCommand(line, lineIndex)
    write('', line, lineIndex)
  }
  view.fenceOpenAtEnd = stopped
  return view
}
