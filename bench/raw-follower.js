// @ts-check
/**
 * The floor the action is measured against: the least a follower of the real-time log can do.
 * A keep-alive GET loop with the server's cursor, JSON.parse, each chunk's content to stdout
 * (waiting for 'drain' when asked) and appended to a file. No lines, no steps, no fence.
 *
 *   node bench/raw-follower.js --endpoint URL --job-id ID --build-no N --token T \
 *     --log-file PATH [--poll-interval SECONDS]
 *
 * It asks for the build status once at the start and again whenever it has caught up with
 * the log; it ends on the first caught-up read that started after the build was over, so on
 * an already finished build it reads straight through, as the action does.
 */
import * as fs from 'node:fs'
import http from 'node:http'
import { followerArgs } from './follower-args.js'

const USER_AGENT = 'bench-raw-follower/1.0'
const READ_LENGTH = 1_000_000

const args = followerArgs('raw-follower.js', { needsLogFile: true })
const { endpoint, jobId, buildNo, pollIntervalMs } = args
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
const headers = {
  Accept: 'application/json',
  'X-Auth-Token': args.token,
  'User-Agent': USER_AGENT
}

/**
 * @param {string} path
 * @returns {Promise<any>} the answer's `result`
 */
function getResult(path) {
  return new Promise((resolve, reject) => {
    const request = http.get(`${endpoint}${path}`, { agent, headers }, (response) => {
      /** @type {Buffer[]} */
      const parts = []
      response.on('data', (part) => parts.push(part))
      response.on('error', reject)
      response.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(parts).toString('utf8'))
          if (response.statusCode !== 200 || !body.result) {
            reject(new Error(`HTTP ${response.statusCode} on ${path}`))
          } else {
            resolve(body.result)
          }
        } catch (error) {
          reject(error)
        }
      })
    })
    request.on('error', reject)
  })
}

/** @returns {Promise<boolean>} true once the build is over */
async function buildIsOver() {
  const info = await getResult(`/v1/job/${jobId}/${buildNo}/build-info`)
  return info.building === false || info.building === 'false'
}

/** @param {string} text */
function toStdout(text) {
  if (process.stdout.write(text)) return undefined
  return new Promise((resolve) => process.stdout.once('drain', resolve))
}

const fd = fs.openSync(args.logFile, 'w')
let cursor = '0'
let over = await buildIsOver()
for (;;) {
  const overBeforeRead = over
  const result = await getResult(
    `/v3/jobs/${jobId}/${buildNo}/real-time-log?offset=${cursor}&length=${READ_LENGTH}`
  )
  const content = typeof result.content === 'string' ? result.content : ''
  if (content) {
    const bytes = Buffer.from(content, 'utf8')
    for (let written = 0; written < bytes.length;) {
      written += fs.writeSync(fd, bytes, written, bytes.length - written)
    }
    await toStdout(content)
  }
  cursor = String(result.offset)
  const hasMoreData = result.has_more_data === true || result.has_more_data === 'true'
  if (content && hasMoreData) continue
  if (overBeforeRead) break
  over = await buildIsOver()
  if (!over) await new Promise((resolve) => setTimeout(resolve, pollIntervalMs))
}
fs.closeSync(fd)
agent.destroy()
