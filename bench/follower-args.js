// @ts-check
/**
 * The command line the bench's baseline followers share (bench/raw-follower.js and
 * bench/plain-poller.js), as bench/harness.js passes it.
 */
import { parseArgs } from 'node:util'

/**
 * @param {string} script the script's name, for the usage line
 * @param {{ needsLogFile: boolean }} needs
 */
export function followerArgs(script, { needsLogFile }) {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      'job-id': { type: 'string' },
      'build-no': { type: 'string', default: '1' },
      token: { type: 'string', default: '' },
      'log-file': { type: 'string' },
      'poll-interval': { type: 'string', default: '2' }
    }
  })
  if (!values.endpoint || !values['job-id'] || (needsLogFile && !values['log-file'])) {
    const logFile = needsLogFile ? ' --log-file PATH' : ''
    console.error(`Usage: ${script} --endpoint URL --job-id ID${logFile} [options]`)
    process.exit(2)
  }
  return {
    endpoint: values.endpoint.replace(/\/+$/, ''),
    jobId: values['job-id'],
    buildNo: values['build-no'] ?? '1',
    token: values.token ?? '',
    logFile: values['log-file'] ?? '',
    pollIntervalMs: Math.max(1, Math.round(Number(values['poll-interval']) * 1000))
  }
}
