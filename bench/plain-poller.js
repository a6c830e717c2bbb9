// @ts-check
/**
 * The memory floor of following a silent build: a plain `node:http` loop that only polls the
 * real-time-log route once a poll interval, keeps the cursor and drops the content. No file,
 * no stdout, no status calls. Its resident set is what Node itself, one keep-alive socket and
 * a timer cost; the action's resident set while a build is silent is measured against it.
 *
 *   node bench/plain-poller.js --endpoint URL --job-id ID --build-no N --token T \
 *     [--poll-interval SECONDS]
 *
 * It polls until it is stopped, or until an empty answer says no more data will come.
 */
import http from 'node:http'
import { followerArgs } from './follower-args.js'

const args = followerArgs('plain-poller.js', { needsLogFile: false })
const base = `${args.endpoint}/v3/jobs/${args.jobId}/${args.buildNo}/real-time-log`
const pollIntervalMs = args.pollIntervalMs
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
const headers = { 'X-Auth-Token': args.token, 'User-Agent': 'bench-plain-poller/1.0' }

let cursor = 0
const poll = () => {
  http
    .get(`${base}?offset=${cursor}&length=262144`, { agent, headers }, (response) => {
      /** @type {Buffer[]} */
      const parts = []
      response.on('data', (part) => parts.push(part))
      response.on('end', () => {
        const result = JSON.parse(Buffer.concat(parts).toString('utf8')).result
        cursor = Number(result.offset)
        const over = result.has_more_data === false && result.content === ''
        if (over) agent.destroy()
        else setTimeout(poll, pollIntervalMs)
      })
    })
    .on('error', (error) => {
      console.error(error.message)
      process.exit(1)
    })
}
poll()
