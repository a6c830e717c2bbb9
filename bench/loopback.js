// @ts-check
/**
 * Starts a bench server on 127.0.0.1 with the keep-alive a follower's pooled connection
 * expects (longer than Node's client keeps sockets open) and no per-request time limit.
 *
 * @param {import('node:http').Server} server
 * @returns {Promise<string>} the server's base URL
 */
export async function listenOnLoopback(server) {
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 70_000
  server.requestTimeout = 0
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(undefined))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return `http://127.0.0.1:${port}`
}
