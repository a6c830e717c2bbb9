/**
 * Stands in for undici when the action is bundled (tsconfig.json `paths` maps the name here).
 *
 * @actions/http-client imports undici only for `getAgentDispatcher()`, the proxy dispatcher for
 * `fetch`. The action sends its requests through `getAgent()` (node:http agents, with proxy
 * support through `tunnel`), so the real library would be bundled and loaded at every start
 * (about three quarters of the bundle) for code that never runs.
 */
export class ProxyAgent {
  constructor() {
    throw new Error(
      'undici is not bundled with this action: HttpClient.getAgentDispatcher() is not available.'
    )
  }
}
