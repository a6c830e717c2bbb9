/**
 * `npm run simulator` ends with npm, however npm is stopped: a SIGTERM or SIGHUP to npm's
 * process ID ends npm and the script's shell but not the simulator, and a killed npm leaves
 * the shell waiting. (A SIGINT to npm's process ID alone is passed to the shell, which keeps
 * waiting; Ctrl-C in a terminal signals the whole process group, as the last test does.)
 */
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { sleep } from '../support/simulator-calls.js'

const root = path.resolve(import.meta.dirname, '../..')

/** Starts `npm run simulator` and waits for the URL it prints. */
async function startThroughNpm() {
  const npm = spawn('npm', ['run', 'simulator', '--', '--port', '0', '--lifetime-seconds', '60'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let out = ''
  npm.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const deadline = Date.now() + 20_000
  let match: RegExpExecArray | null
  while (!(match = /CODEARTS_SIMULATOR_URL=http:\/\/127\.0\.0\.1:(\d+)/.exec(out))) {
    if (Date.now() > deadline) throw new Error(`no URL printed: ${out}`)
    await sleep(20)
  }
  return { npm, port: Number(match[1]) }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

/** How long the port still accepted connections after npm ended, or null after 5 s. */
async function msUntilFree(port: number) {
  const start = Date.now()
  while (Date.now() - start < 5000) {
    if (!(await accepts(port))) return Date.now() - start
    await sleep(50)
  }
  return null
}

describe('npm run simulator', () => {
  it.each(['SIGTERM', 'SIGHUP', 'SIGKILL'] as const)(
    'frees its port when npm gets %s',
    async (signal) => {
      const { npm, port } = await startThroughNpm()
      expect(await accepts(port)).toBe(true)
      const exited = new Promise((resolve) => npm.once('exit', resolve))
      expect(npm.kill(signal)).toBe(true)
      await exited
      expect(await msUntilFree(port)).not.toBeNull()
    },
    30_000
  )

  it('frees its port on Ctrl-C (SIGINT to the process group)', async () => {
    const { npm, port } = await startThroughNpm()
    const exited = new Promise((resolve) => npm.once('exit', resolve))
    process.kill(-(npm.pid as number), 'SIGINT')
    await exited
    expect(await msUntilFree(port)).not.toBeNull()
  }, 30_000)
})
