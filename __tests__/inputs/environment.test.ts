import { describe, expect, it } from '@jest/globals'
import { credentialsFromEnvironment } from '../../src/inputs/environment.js'

describe('credentialsFromEnvironment', () => {
  it.each([
    [{}, {}],
    [
      {
        HUAWEI_CLOUD_ACCESS_KEY_ID: 'AK',
        HUAWEI_CLOUD_SECRET_ACCESS_KEY: 'SK',
        HUAWEI_CLOUD_REGION: 'cn-north-4',
        HUAWEI_CLOUD_PROJECT_ID: 'pid'
      },
      { accessKey: 'AK', secretKey: 'SK', region: 'cn-north-4', projectId: 'pid' }
    ],
    [
      {
        HUAWEI_CLOUD_ACCESS_KEY_ID: ' AK\n',
        HUAWEI_CLOUD_SECRET_ACCESS_KEY: 'SK',
        HUAWEI_CLOUD_SECURITY_TOKEN: 'token'
      },
      { accessKey: 'AK', secretKey: 'SK', securityToken: 'token' }
    ],
    [
      {
        HUAWEI_CLOUD_ACCESS_KEY_ID: '',
        HUAWEI_CLOUD_SECRET_ACCESS_KEY: '   ',
        HUAWEI_CLOUD_REGION: undefined
      },
      {}
    ],
    [
      // Names used by other tools are not guessed at.
      {
        HUAWEICLOUD_SDK_AK: 'AK',
        HUAWEICLOUD_SDK_SK: 'SK',
        HW_ACCESS_KEY: 'AK',
        ACCESS_KEY: 'AK'
      },
      {}
    ]
  ])('reads %j as %j', (env, expected) => {
    const found = credentialsFromEnvironment(env)
    expect(found).toEqual(expected)
    expect(Object.values(found)).not.toContain(undefined)
  })
})
