import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/** A throw-away self-signed certificate, made with openssl for one test file's run. */
export interface TestCertificate {
  /** Holds the key and the certificate; remove it when done. */
  readonly directory: string
  /** The certificate in PEM, e.g. for NODE_EXTRA_CA_CERTS. */
  readonly certFile: string
  /** What the simulator's `tls` option takes. */
  readonly tls: { key: Buffer; cert: Buffer }
}

/**
 * Makes a certificate valid for two days.
 * @param commonName the subject's CN
 * @param altNames subjectAltName entries, e.g. `IP:127.0.0.1`, `DNS:localhost`
 */
export function makeTestCertificate(
  commonName: string,
  altNames: readonly string[]
): TestCertificate {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codearts-cert-'))
  const certFile = path.join(directory, 'cert.pem')
  const keyFile = path.join(directory, 'key.pem')
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile],
      ...[
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        `subjectAltName=${altNames.join(',')}`
      ]
    ],
    { stdio: 'ignore' }
  )
  return {
    directory,
    certFile,
    tls: { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }
  }
}
