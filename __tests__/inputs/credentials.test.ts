import { describe, expect, it } from '@jest/globals'
import { parseCredentials, secretValues } from '../../src/inputs/credentials.js'
import {
  ACCESS_KEY,
  inputError,
  PROJECT_ID,
  reader,
  SECRET_KEY,
  TOKEN
} from '../support/input-fixtures.js'
import type { ActionEnvironment } from '../../src/inputs/input-error.js'

describe('parseCredentials', () => {
  const noEnv: ActionEnvironment = {}
  const authActionEnv: ActionEnvironment = {
    HUAWEI_CLOUD_ACCESS_KEY_ID: ACCESS_KEY,
    HUAWEI_CLOUD_SECRET_ACCESS_KEY: SECRET_KEY,
    HUAWEI_CLOUD_PROJECT_ID: PROJECT_ID,
    HUAWEI_CLOUD_REGION: 'ap-southeast-3'
  }

  it('uses the token input', () => {
    expect(parseCredentials(reader({ token: ` ${TOKEN}\n` }), noEnv)).toEqual({
      kind: 'token',
      token: TOKEN
    })
  })

  it('uses an access key pair from the inputs', () => {
    expect(
      parseCredentials(
        reader({
          'access-key': ACCESS_KEY,
          'secret-key': SECRET_KEY,
          'security-token': 'temporary-token',
          'project-id': PROJECT_ID
        }),
        noEnv
      )
    ).toEqual({
      kind: 'aksk',
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
      securityToken: 'temporary-token',
      projectId: PROJECT_ID
    })
  })

  it('uses an access key pair left in the environment by huaweicloud/auth-action', () => {
    expect(parseCredentials(reader({}), authActionEnv)).toMatchObject({
      kind: 'aksk',
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
      projectId: PROJECT_ID
    })
  })

  it('prefers the inputs to the environment', () => {
    const credentials = parseCredentials(
      reader({ 'access-key': 'OTHERACCESSKEY', 'secret-key': 'other-secret' }),
      authActionEnv
    )
    expect(credentials).toMatchObject({ accessKey: 'OTHERACCESSKEY', secretKey: 'other-secret' })
  })

  it('prefers the token input to keys in the environment', () => {
    expect(parseCredentials(reader({ token: TOKEN }), authActionEnv)).toEqual({
      kind: 'token',
      token: TOKEN
    })
  })

  it.each([
    ['a token and an access key', { token: TOKEN, 'access-key': ACCESS_KEY }, 'access-key'],
    ['a token and a secret key', { token: TOKEN, 'secret-key': SECRET_KEY }, 'token'],
    ['nothing', {}, 'token'],
    ['an access key alone', { 'access-key': ACCESS_KEY }, 'secret-key'],
    ['a secret key alone', { 'secret-key': SECRET_KEY }, 'access-key'],
    [
      'a secret key with a line break',
      { 'access-key': ACCESS_KEY, 'secret-key': `${SECRET_KEY}\nmore` },
      'secret-key'
    ],
    [
      'an access key with a space',
      { 'access-key': `${ACCESS_KEY} X`, 'secret-key': SECRET_KEY },
      'access-key'
    ],
    [
      'a security token with a line break',
      { 'access-key': ACCESS_KEY, 'secret-key': SECRET_KEY, 'security-token': 'a\nb' },
      'security-token'
    ],
    [
      'a bad project id',
      { 'access-key': ACCESS_KEY, 'secret-key': SECRET_KEY, 'project-id': '../x' },
      'project-id'
    ]
  ])('refuses %s without quoting a secret', (_label, values, inputName) => {
    const message = inputError(
      () => parseCredentials(reader(values), noEnv),
      inputName,
      /Expected|Set |Give |needs|Pass /
    )
    expect(message).not.toContain(TOKEN)
    expect(message).not.toContain(SECRET_KEY)
    expect(message).not.toContain(ACCESS_KEY)
  })
})

describe('secretValues', () => {
  it('lists every secret given, trimmed, from the inputs and the environment', () => {
    const secrets = secretValues(
      reader({
        token: ` ${TOKEN}\n`,
        'access-key': ACCESS_KEY,
        'secret-key': SECRET_KEY,
        'security-token': 'temporary-token',
        'project-id': PROJECT_ID
      }),
      {
        HUAWEI_CLOUD_ACCESS_KEY_ID: 'ENVACCESSKEY',
        HUAWEI_CLOUD_SECRET_ACCESS_KEY: 'env-secret-key',
        HUAWEI_CLOUD_SECURITY_TOKEN: 'env-security-token',
        HUAWEI_CLOUD_PROJECT_ID: PROJECT_ID
      }
    )
    expect(secrets).toEqual(
      expect.arrayContaining([
        TOKEN,
        ACCESS_KEY,
        SECRET_KEY,
        'temporary-token',
        'ENVACCESSKEY',
        'env-secret-key',
        'env-security-token'
      ])
    )
    // Not secrets: masking them would break links and readability.
    expect(secrets).not.toContain(PROJECT_ID)
  })

  it('lists no blank values', () => {
    expect(secretValues(reader({ token: '  ' }), { HUAWEI_CLOUD_SECRET_ACCESS_KEY: '' })).toEqual(
      []
    )
  })
})
