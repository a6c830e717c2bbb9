/**
 * The runner's proxy through the committed bundle: with `https_proxy` set, every request goes
 * through a CONNECT tunnel made by @actions/http-client's tunnel agents (loaded on first use,
 * stubs/tunnel/index.cjs), and the build is followed to its end with every byte once, gzipped
 * answers included.
 */
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { generateBuildLog } from '../../simulator/logs.js'
import { runAction } from '../support/run-action.js'
import { closeSimulators, inputsFor, simulate } from '../support/simulated-run.js'
import { makeTestCertificate } from '../support/test-certificate.js'

afterEach(closeSimulators)

/** Not a loopback name: @actions/http-client sends loopback addresses past any proxy. */
const HOST = 'codearts.proxied.test'
const LOG = generateBuildLog({ result: 'SUCCESS', seed: 23 })

/** A CONNECT proxy on loopback that takes every host it is asked for to one local port. */
async function startProxy(targetPort: number): Promise<{
  url: string
  tunnels: string[]
  authorizations: string[]
  close: () => Promise<void>
}> {
  const tunnels: string[] = []
  const authorizations: string[] = []
  const sockets = new Set<net.Socket>()
  const server = http.createServer((_req, res) => res.writeHead(405).end())
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '')
    authorizations.push(String(req.headers['proxy-authorization'] ?? ''))
    sockets.add(client)
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

describe('a runner behind an HTTP proxy', () => {
  let directory: string
  let certFile: string
  let tls: { key: Buffer; cert: Buffer }

  beforeAll(() => {
    // A throw-away certificate for the proxied host name, trusted through NODE_EXTRA_CA_CERTS.
    ;({ directory, tls, certFile } = makeTestCertificate(HOST, [`DNS:${HOST}`]))
  })
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }))

  it.each([
    ['plain', false],
    ['gzipped', true]
  ])('follows an https endpoint through the tunnel, %s answers byte for byte', async (_, gzip) => {
    const sim = await simulate({ tls, gzip, log: LOG, finished: true, maxReadBytes: 16384 })
    const proxy = await startProxy(sim.port)
    try {
      const endpoint = `https://${HOST}:${sim.port}`
      const run = await runAction(inputsFor(sim, { endpoint }), {
        https_proxy: proxy.url,
        NODE_EXTRA_CA_CERTS: certFile
      })
      expect(run.exitCode).toBe(0)
      expect(run.outputs.result).toBe('success')
      expect(run.logBytes?.equals(sim.servedLog(1))).toBe(true)
      // Every connection went through the proxy, to the host the endpoint names.
      expect(proxy.tunnels.length).toBeGreaterThan(0)
      expect(new Set(proxy.tunnels)).toEqual(new Set([`${HOST}:${sim.port}`]))
      const logReads = sim.requests.filter((request) => request.route === 'log')
      expect(logReads.length).toBeGreaterThan(1)
      if (gzip) expect(logReads.some((request) => request.gzipped)).toBe(true)
    } finally {
      await proxy.close()
    }
  })

  it('sends the proxy password as Basic, with nothing on stderr (no DEP0005, whatever the Node)', async () => {
    const sim = await simulate({ tls, log: LOG, finished: true, maxReadBytes: 16384 })
    const proxy = await startProxy(sim.port)
    try {
      const endpoint = `https://${HOST}:${sim.port}`
      const run = await runAction(inputsFor(sim, { endpoint }), {
        https_proxy: proxy.url.replace('http://', 'http://builder:s3cret@'),
        NODE_EXTRA_CA_CERTS: certFile
      })
      expect(run.exitCode).toBe(0)
      expect(run.stderr).toBe('')
      expect(proxy.authorizations.length).toBeGreaterThan(0)
      const basic = `Basic ${Buffer.from('builder:s3cret').toString('base64')}`
      expect(new Set(proxy.authorizations)).toEqual(new Set([basic]))
    } finally {
      await proxy.close()
    }
  })
})
