import { AkSkCredentials } from '../codearts/signer.js'

/**
 * Credentials that an earlier workflow step left in the environment.
 *
 * `huaweicloud/auth-action` exports `HUAWEI_CLOUD_ACCESS_KEY_ID`,
 * `HUAWEI_CLOUD_SECRET_ACCESS_KEY`, `HUAWEI_CLOUD_REGION` and, when given,
 * `HUAWEI_CLOUD_PROJECT_ID` (its src/credential.ts). It has no security token;
 * `HUAWEI_CLOUD_SECURITY_TOKEN` follows the same naming as other Huawei Cloud tooling, so a
 * step that sets temporary credentials by hand is understood too.
 *
 * @param env An environment such as `process.env`.
 * @returns Whatever was found, trimmed; blank variables count as absent.
 */
export function credentialsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>
): Partial<AkSkCredentials> & { region?: string } {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value ? value : undefined
  }
  const found = {
    accessKey: read('HUAWEI_CLOUD_ACCESS_KEY_ID'),
    secretKey: read('HUAWEI_CLOUD_SECRET_ACCESS_KEY'),
    securityToken: read('HUAWEI_CLOUD_SECURITY_TOKEN'),
    projectId: read('HUAWEI_CLOUD_PROJECT_ID'),
    region: read('HUAWEI_CLOUD_REGION')
  }
  // Absent keys rather than `undefined` values, so spreading the result over defaults is safe.
  return Object.fromEntries(
    Object.entries(found).filter(([, value]) => value !== undefined)
  ) as Partial<AkSkCredentials> & { region?: string }
}
