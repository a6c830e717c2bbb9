import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var net = __nccwpck_require__(278);
var tls = __nccwpck_require__(756);
var http = __nccwpck_require__(611);
var https = __nccwpck_require__(692);
var events = __nccwpck_require__(434);
var assert = __nccwpck_require__(613);
var util = __nccwpck_require__(23);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
exports.debug = debug; // for test


/***/ }),

/***/ 613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 23:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 100:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/**
 * Stands in for tunnel when the action is bundled (tsconfig.json `paths` maps the name here),
 * and loads the real one on first use.
 *
 * @actions/http-client imports tunnel at its top for the agents of a proxied run: only a runner
 * with `https_proxy`/`http_proxy` set (and the endpoint not in `no_proxy`) ever creates one. A
 * static import would load tunnel, and with it node:tls, node:https and node:assert, at every
 * start; this stand-in defers that to the first tunnelling agent, with the same functions and
 * the same results.
 */


/**
 * @typedef {(options: object) => import('node:http').Agent} AgentFactory
 * @typedef {Record<'httpOverHttp' | 'httpsOverHttp' | 'httpOverHttps' | 'httpsOverHttps', AgentFactory>} Tunnel
 */

/** @type {Tunnel | undefined} */
let real

/** The real tunnel, loaded once (a deep path, which the `paths` entry does not map here). */
function tunnel() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!real) real = /** @type {Tunnel} */ (__nccwpck_require__(218))
  return real
}

/**
 * tunnel turns `proxy.proxyAuth` (user:password of a proxy URL) into its header with
 * `new Buffer()`, which Node deprecates (DEP0005, a warning on stderr on every proxied run with
 * a password). The header is made here instead, with Buffer.from, and added to the CONNECT
 * request: the same header, without the deprecated call.
 *
 * @param {keyof Tunnel} name
 * @returns {AgentFactory}
 */
function factory(name) {
  return (options) => {
    const proxy = /** @type {{ proxy?: { proxyAuth?: string } }} */ (options ?? {}).proxy
    if (!proxy || !proxy.proxyAuth) return tunnel()[name](options)
    const { proxyAuth, ...rest } = proxy
    const header = `Basic ${Buffer.from(proxyAuth).toString('base64')}`
    const agent = /** @type {import('node:http').Agent & { request: Function }} */ (
      tunnel()[name]({ ...options, proxy: rest })
    )
    const request = agent.request
    agent.request = (/** @type {{ headers?: Record<string, string> }} */ connect, ...more) =>
      request(
        { ...connect, headers: { ...connect.headers, 'Proxy-Authorization': header } },
        ...more
      )
    return agent
  }
}

exports.xj = factory('httpOverHttp')
exports.I9 = factory('httpsOverHttp')
exports.aQ = factory('httpOverHttps')
exports.vX = factory('httpsOverHttps')


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: ./src/codearts/sleep.ts
/**
 * The one timer every wait of the action uses (the follower's through `realClock`, the API
 * client's between tries of a host name): waits `ms`; rejects with the signal's reason as soon
 * as the signal aborts.
 */
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(signal.reason);
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}

;// CONCATENATED MODULE: ./src/follow/clock.ts

/** The wall clock, and the timer in codearts/ (below this folder) that the API client uses too. */
const realClock = { now: () => Date.now(), sleep: sleep };

;// CONCATENATED MODULE: ./src/inputs/input-error.ts
/** What the input modules share: the error for a bad input and how inputs are read. */
/** A bad input: the message names the input and says how to fix it. */
class InputError extends Error {
    constructor(message) {
        super(message);
        this.name = 'InputError';
    }
}
/** The error for a bad value: quotes it (never use it for a secret) and says what is expected. */
function invalid(name, value, expected) {
    return new InputError(`Invalid '${name}' input: '${value}'. ${expected}`);
}

;// CONCATENATED MODULE: ./src/inputs/environment.ts
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
function credentialsFromEnvironment(env) {
    const read = (name) => {
        const value = env[name]?.trim();
        return value ? value : undefined;
    };
    const found = {
        accessKey: read('HUAWEI_CLOUD_ACCESS_KEY_ID'),
        secretKey: read('HUAWEI_CLOUD_SECRET_ACCESS_KEY'),
        securityToken: read('HUAWEI_CLOUD_SECURITY_TOKEN'),
        projectId: read('HUAWEI_CLOUD_PROJECT_ID'),
        region: read('HUAWEI_CLOUD_REGION')
    };
    // Absent keys rather than `undefined` values, so spreading the result over defaults is safe.
    return Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined));
}

;// CONCATENATED MODULE: ./src/inputs/boolean-input.ts
/**
 * The one rule for boolean-like inputs ('show-log', 'trigger', 'wait', and the true/false
 * values of 'stop-on-cancel'). It accepts what `core.getBooleanInput` accepts (true, True,
 * TRUE, false, False, FALSE) and, as this action always has, any letter case of those and of
 * yes/no and on/off, so a workflow written against an earlier release keeps working.
 */

/** Spellings read as true, compared without regard to letter case. */
const TRUE_SPELLINGS = ['true', 'yes', 'on'];
/** Spellings read as false, compared without regard to letter case. */
const FALSE_SPELLINGS = ['false', 'no', 'off'];
/** The accepted spellings as an error message lists them. */
const BOOLEAN_SPELLINGS_TEXT = "'true' or 'false' (also 'yes'/'no' or 'on'/'off'; any letter case, e.g. 'True', 'FALSE')";
/** true or false for an accepted spelling, undefined for anything else. */
function booleanFromSpelling(value) {
    const lower = value.toLowerCase();
    if (TRUE_SPELLINGS.includes(lower))
        return true;
    if (FALSE_SPELLINGS.includes(lower))
        return false;
    return undefined;
}
/** A boolean-like input; the error names the input, quotes the value and lists the spellings. */
function parseBoolean(name, value) {
    const parsed = booleanFromSpelling(value);
    if (parsed === undefined)
        throw invalid(name, value, `Expected ${BOOLEAN_SPELLINGS_TEXT}.`);
    return parsed;
}

;// CONCATENATED MODULE: ./src/inputs/endpoint.ts

function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
/**
 * A base URL input: https anywhere, plain http only to this machine (the simulator). `example`
 * is a valid value named in messages.
 */
function parseBaseUrl(name, value, example) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw invalid(name, value, `Expected an absolute URL such as '${example}', or leave it empty to use the region's default.`);
    }
    const plainHttpToLoopback = url.protocol === 'http:' && isLoopbackHost(url.hostname);
    if (url.protocol !== 'https:' && !plainHttpToLoopback) {
        throw invalid(name, value, 'Expected an https:// URL (plain http:// is allowed only to 127.0.0.1, localhost or ::1).');
    }
    if (url.username || url.password) {
        // The value is not quoted: it holds a password.
        throw new InputError(`Invalid '${name}' input: Expected a base URL without credentials; credentials go in 'token' or 'access-key'/'secret-key'.`);
    }
    if (value.includes('?') || value.includes('#')) {
        throw invalid(name, value, `Expected a base URL without query or fragment, such as ${example}.`);
    }
    return url.toString().replace(/\/+$/, '');
}
/** The base URL: https anywhere, plain http only to this machine (the simulator). */
function parseEndpoint(value, region) {
    if (!value)
        return `https://cloudbuild-ext.${region}.myhuaweicloud.com`;
    return parseBaseUrl('endpoint', value, 'https://cloudbuild-ext.cn-north-4.myhuaweicloud.com');
}
/** IAM's base URL for a keyless sign-in; the region's IAM by default. */
function parseIamEndpoint(value, region) {
    if (!value)
        return `https://iam.${region}.myhuaweicloud.com`;
    return parseBaseUrl('iam-endpoint', value, 'https://iam.cn-north-4.myhuaweicloud.com');
}

;// CONCATENATED MODULE: ./src/inputs/keyless.ts


/**
 * The audience asked of the runner's ID token service. The identity provider's client ID in
 * IAM must equal it (docs/keyless.md).
 */
const KEYLESS_AUDIENCE = 'huaweicloud-iam';
/** The inputs that give stored credentials, refused beside 'identity-provider'. */
const STORED_CREDENTIAL_INPUTS = ['token', 'access-key', 'secret-key', 'security-token'];
/**
 * The keyless settings when 'identity-provider' is set, else undefined. Everything is checked
 * before any request: no other credential input beside it, and an ID token service, which the
 * runner provides only to jobs with `permissions: id-token: write`.
 */
function parseKeyless(read, env, region, projectId) {
    const identityProvider = read('identity-provider').trim();
    const iamEndpointInput = read('iam-endpoint').trim();
    if (!identityProvider)
        return undefined;
    const others = STORED_CREDENTIAL_INPUTS.filter((name) => read(name).trim());
    if (others.length > 0) {
        throw new InputError(`Invalid inputs: 'identity-provider' and '${others.join("', '")}' are both set. A keyless sign-in needs no stored credential: remove '${others.join("', '")}', or remove 'identity-provider' to use them.`);
    }
    if (!/^[A-Za-z0-9][\w.-]{0,127}$/.test(identityProvider)) {
        throw invalid('identity-provider', identityProvider, "Expected the ID of an IAM identity provider (letters, digits, '-', '_' or '.'), as shown in the IAM console under Identity Providers.");
    }
    const regionName = region();
    const iamEndpoint = parseIamEndpoint(iamEndpointInput, regionName);
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
    const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim();
    if (!url || !token) {
        throw new InputError("A keyless sign-in ('identity-provider') needs the workflow's ID token, and the runner offers none to this job. Add 'permissions: id-token: write' to the job (or the workflow), beside 'contents: read'.");
    }
    return {
        identityProvider,
        iamEndpoint,
        audience: KEYLESS_AUDIENCE,
        projectId: projectId(),
        projectName: regionName,
        idTokenRequest: { url, token }
    };
}

;// CONCATENATED MODULE: ./src/inputs/credentials.ts
/** The credential inputs: a token, or an access key pair (from inputs or the environment). */



function parseToken(value) {
    // A header value cannot carry control characters; refusing them here gives a clear
    // message instead of an HTTP library error. The value itself is never quoted.
    if (/[\s\x00-\x1f\x7f]/.test(value)) {
        throw new InputError("Invalid 'token' input: it contains spaces or line breaks. Pass the IAM token exactly as issued (the X-Subject-Token header), e.g. from a secret.");
    }
    return value;
}
function parseProjectId(read, env) {
    const projectId = read('project-id').trim() || credentialsFromEnvironment(env).projectId;
    if (projectId && !/^[0-9a-zA-Z]{32}$/.test(projectId)) {
        throw invalid('project-id', projectId, 'Expected the 32 letters and digits of a Huawei Cloud project ID.');
    }
    return projectId;
}
/**
 * Exactly one way to authenticate: a keyless sign-in ('identity-provider'), the 'token'
 * input, or an AK/SK pair (from the inputs, or left in the environment by
 * huaweicloud/auth-action). `region` is asked only by a keyless sign-in.
 */
function parseCredentials(read, env, region = () => 'cn-north-4') {
    const keyless = parseKeyless(read, env, region, () => parseProjectId(read, env));
    if (keyless)
        return { kind: 'keyless', ...keyless };
    const token = read('token').trim();
    const fromEnvironment = credentialsFromEnvironment(env);
    const accessKey = read('access-key').trim() || fromEnvironment.accessKey || '';
    const secretKey = read('secret-key').trim() || fromEnvironment.secretKey || '';
    const explicitKeys = Boolean(read('access-key').trim() || read('secret-key').trim());
    if (token && explicitKeys) {
        throw new InputError("Invalid inputs: both 'token' and 'access-key'/'secret-key' are set. Give exactly one way to authenticate: a token, or an access key with its secret key.");
    }
    if (token)
        return { kind: 'token', token: parseToken(token) };
    if (!accessKey && !secretKey) {
        throw new InputError("Input required and not supplied: 'token'. Set 'identity-provider' for a keyless sign-in, 'token' to a project-scoped IAM token, or 'access-key' and 'secret-key' (or run huaweicloud/auth-action before this step).");
    }
    if (!accessKey || !secretKey) {
        const missing = accessKey ? 'secret-key' : 'access-key';
        throw new InputError(`Input required and not supplied: '${missing}'. An access key needs its secret key, and the other way round.`);
    }
    const securityToken = read('security-token').trim() || fromEnvironment.securityToken;
    const projectId = parseProjectId(read, env);
    for (const [name, value] of [
        ['access-key', accessKey],
        ['secret-key', secretKey],
        ['security-token', securityToken ?? '']
    ]) {
        if (/[\s\x00-\x1f\x7f]/.test(value)) {
            throw new InputError(`Invalid '${name}' input: it contains spaces or line breaks. Pass the value exactly as issued.`);
        }
    }
    return { kind: 'aksk', accessKey, secretKey, securityToken, projectId };
}
/** Every value that must never be printed: masked first, redacted from anything written. */
function secretValues(read, env) {
    const fromEnvironment = credentialsFromEnvironment(env);
    return [
        read('token'),
        read('access-key'),
        read('secret-key'),
        read('security-token'),
        fromEnvironment.accessKey,
        fromEnvironment.secretKey,
        fromEnvironment.securityToken,
        // The runner's own secret for ID token requests: never to be printed either.
        read('identity-provider').trim() ? env.ACTIONS_ID_TOKEN_REQUEST_TOKEN : undefined
    ]
        .map((value) => value?.trim())
        .filter((value) => Boolean(value));
}

;// CONCATENATED MODULE: ./src/inputs/trigger.ts
/** The inputs of a build the action starts: its parameters and what to build. */

/** Reserved by CodeArts (RunJob docs): these names would change how the build machine runs. */
const RESERVED_PARAMETER_NAMES = new Set([
    'PATH',
    'LD_PRELOAD',
    'LD_LIBRARY_PATH',
    'BASH_ENV',
    'GIT_SSH_COMMAND'
]);
const MAX_PARAMETER_VALUE_CHARS = 8192;
/**
 * Multi-line `NAME=value` build parameters. Blank lines and lines starting with `#` are
 * skipped. Values may be secret, so no message quotes one.
 */
function parseParameters(text) {
    const parameters = [];
    for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
        const line = rawLine.trim();
        if (!line || line.startsWith('#'))
            continue;
        const equals = line.indexOf('=');
        const name = (equals === -1 ? line : line.slice(0, equals)).trim();
        const where = `Invalid 'parameters' input, line ${index + 1}:`;
        if (equals === -1) {
            throw new InputError(`${where} expected NAME=value, one parameter a line.`);
        }
        if (!/^[A-Za-z0-9_]{1,128}$/.test(name)) {
            throw new InputError(`${where} parameter name '${name.slice(0, 140)}' may hold only letters, digits and '_' (at most 128).`);
        }
        if (RESERVED_PARAMETER_NAMES.has(name.toUpperCase())) {
            throw new InputError(`${where} parameter name '${name}' is reserved by CodeArts; rename the build parameter.`);
        }
        if (parameters.some((parameter) => parameter.name === name)) {
            throw new InputError(`${where} parameter '${name}' is given twice; keep one.`);
        }
        const value = line.slice(equals + 1);
        if (value.length > MAX_PARAMETER_VALUE_CHARS) {
            throw new InputError(`${where} the value of '${name}' is longer than ${MAX_PARAMETER_VALUE_CHARS} characters.`);
        }
        parameters.push({ name, value });
    }
    return parameters;
}
/** The `scm` object for the branch, tag or commit inputs; undefined when none is given. */
function parseScmSelection(branch, tag, commit) {
    if (tag && (branch || commit)) {
        throw new InputError("Invalid 'tag' input: give either 'tag', or 'branch' and/or 'commit', not both.");
    }
    if (commit && !/^[0-9a-fA-F]{7,64}$/.test(commit)) {
        throw invalid('commit', commit, 'Expected a commit ID of 7 to 64 hexadecimal digits.');
    }
    for (const [name, value] of [
        ['branch', branch],
        ['tag', tag]
    ]) {
        if (value && /[\s\x00-\x1f~^:?*[\\]|\.\.|@\{/.test(value)) {
            throw invalid(name, value, `Expected a git ${name} name.`);
        }
    }
    if (commit)
        return { build_type: 'commitId', build_commit_id: commit, ...(branch ? { branch } : {}) };
    if (tag)
        return { build_type: 'tag', build_tag: tag };
    if (branch)
        return { build_type: 'branch', branch };
    return undefined;
}

;// CONCATENATED MODULE: ./src/inputs/workspace-prefix.ts

/**
 * The `workspace-prefix` input: the directory the remote build checked the repository out
 * to, stripped from the paths its compilers print. Empty means "learn it from the log".
 * Only an absolute directory can be stripped from the absolute paths compilers print.
 */
function parseWorkspacePrefix(value) {
    if (value === '')
        return undefined;
    if (!/^(?:\/|[A-Za-z]:[\\/])/.test(value) || /[\0\r\n]/.test(value)) {
        throw invalid('workspace-prefix', value, "Expected the remote build's absolute checkout directory, e.g. /codearts/workspace, or leave it empty to learn it from the log.");
    }
    return value;
}

;// CONCATENATED MODULE: ./src/inputs/action-inputs.ts







/** The mode the inputs ask for: a start when triggered, else a follow, or a check without wait. */
function modeFor(trigger, buildNo, wait) {
    if (trigger)
        return { kind: 'start', trigger, follow: wait };
    return wait ? { kind: 'follow', buildNo } : { kind: 'check', buildNo };
}
/** Defaults, kept equal to action.yml (a test checks) so that `node dist/index.js` works alone. */
const INPUT_DEFAULTS = {
    'poll-interval': '2',
    'show-log': 'true',
    trigger: 'false',
    wait: 'true',
    'stop-on-cancel': 'auto'
};
const MAX_BUILD_NO = 2147483647;
const DEFAULT_REGION = 'cn-north-4';
function withDefault(read, name) {
    return read(name).trim() || INPUT_DEFAULTS[name];
}
function required(read, name, what) {
    const value = read(name).trim();
    if (!value) {
        throw new InputError(`Input required and not supplied: '${name}'. Set it to ${what}.`);
    }
    return value;
}
function parseJobId(value) {
    if (!/^[0-9A-Za-z]{32}$/.test(value)) {
        throw invalid('job-id', value, 'Expected the 32 letters and digits of the build task ID (the last part of the task URL in CodeArts Build).');
    }
    return value;
}
function parseBuildNo(value) {
    const wholeNumber = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(wholeNumber >= 1 && wholeNumber <= MAX_BUILD_NO)) {
        throw invalid('build-no', value, `Expected a whole number from 1 to ${MAX_BUILD_NO}.`);
    }
    return wholeNumber;
}
function parseRegion(value) {
    if (!/^[a-z]{2,}(-[a-z]+)+-\d+$/.test(value)) {
        throw invalid('region', value, "Expected a Huawei Cloud region ID such as 'cn-north-4'.");
    }
    return value;
}
function parseDecimal(name, value, unit, allowZero) {
    const number = /^\d+(\.\d+)?$|^\.\d+$/.test(value) ? Number(value) : NaN;
    const bound = allowZero ? 'zero or more' : 'above zero';
    if (!Number.isFinite(number) || number < 0 || (!allowZero && number === 0)) {
        throw invalid(name, value, `Expected a number of ${unit}, ${bound}; decimals are allowed.`);
    }
    return number;
}
function parsePollIntervalMs(value) {
    const seconds = parseDecimal('poll-interval', value, 'seconds', false);
    if (seconds > 300) {
        throw invalid('poll-interval', value, 'Expected at most 300 seconds.');
    }
    return Math.max(1, Math.round(seconds * 1000));
}
/** setTimeout's limit: a longer delay would fire at once. */
const MAX_TIMEOUT_MINUTES = Math.floor(2 ** 31 / 60_000) - 1;
function parseTimeoutMs(value) {
    const minutes = parseDecimal('timeout', value, 'minutes (0 for no limit)', true);
    if (minutes > MAX_TIMEOUT_MINUTES) {
        throw invalid('timeout', value, `Expected at most ${MAX_TIMEOUT_MINUTES} minutes, or 0 for no limit.`);
    }
    // A tiny positive value must not round to 0, which would mean "no limit".
    return minutes === 0 ? 0 : Math.max(1, Math.round(minutes * 60_000));
}
/** The `timeout` of a build given by `build-no` when the input is empty, in minutes. */
const FOLLOWED_BUILD_TIMEOUT_MINUTES = 60;
/**
 * The `timeout` input, resolved. Empty means: a build this step starts is followed as long as
 * the job lives (the job's `timeout-minutes` and cancel end it, and the post step stops a
 * build the main step could not), since stopping a build the user asked for after an
 * arbitrary hour is nobody's wish; a build given by `build-no` is followed for 60 minutes, as
 * ever. A value given applies to both; `0` is no limit.
 */
function resolveTimeoutMs(value, startedHere) {
    if (value === '')
        return startedHere ? 0 : FOLLOWED_BUILD_TIMEOUT_MINUTES * 60_000;
    return parseTimeoutMs(value);
}
/** 'auto', or any spelling of true or false that the other boolean-like inputs accept. */
function parseStopOnCancel(value, triggered) {
    if (/^auto$/i.test(value))
        return triggered;
    const parsed = booleanFromSpelling(value);
    if (parsed !== undefined)
        return parsed;
    throw invalid('stop-on-cancel', value, `Expected 'auto' (stop only builds this step started) or ${BOOLEAN_SPELLINGS_TEXT}.`);
}
/**
 * Reads and validates every input. Throws InputError for the first bad one; no input that
 * may be secret is ever quoted in a message.
 */
function readInputs(read, env) {
    const jobId = parseJobId(required(read, 'job-id', 'the 32-character ID of the CodeArts Build task'));
    const triggered = parseBoolean('trigger', withDefault(read, 'trigger'));
    const buildNoText = read('build-no').trim();
    if (triggered && buildNoText) {
        throw new InputError("Invalid 'build-no' input: it must be empty when 'trigger' is true (the build number comes from the build the action starts).");
    }
    const buildNo = triggered
        ? 0
        : parseBuildNo(required(read, 'build-no', "the number of the build to follow (1 or more), or set 'trigger: true'"));
    // huaweicloud/auth-action leaves its region in the environment; the input wins over it.
    // Parsed when first asked: a keyless sign-in asks while its own inputs are read.
    let parsedRegion;
    const regionOf = () => (parsedRegion ??= parseRegion(read('region').trim() || credentialsFromEnvironment(env).region || DEFAULT_REGION));
    const credentials = parseCredentials(read, env, regionOf);
    const region = regionOf();
    const parameters = parseParameters(read('parameters'));
    const scm = parseScmSelection(read('branch').trim(), read('tag').trim(), read('commit').trim());
    if (!triggered && (parameters.length > 0 || scm)) {
        throw new InputError("Invalid inputs: 'parameters', 'branch', 'tag' and 'commit' apply only to a build the action starts. Set 'trigger: true', or remove them.");
    }
    const logFileInput = read('log-file').trim();
    if (logFileInput.includes('\0'))
        throw invalid('log-file', logFileInput, 'Expected a file path.');
    // Read in the order of action.yml, so that the first bad input is the one reported.
    const endpoint = parseEndpoint(read('endpoint').trim(), region);
    const pollIntervalMs = parsePollIntervalMs(withDefault(read, 'poll-interval'));
    const timeoutMs = resolveTimeoutMs(read('timeout').trim(), triggered);
    const showLog = parseBoolean('show-log', withDefault(read, 'show-log'));
    const wait = parseBoolean('wait', withDefault(read, 'wait'));
    return {
        jobId,
        mode: modeFor(triggered ? { parameters, scm } : undefined, buildNo, wait),
        credentials,
        region,
        endpoint,
        pollIntervalMs,
        timeoutMs,
        logFileInput,
        showLog,
        stopOnCancel: parseStopOnCancel(withDefault(read, 'stop-on-cancel'), triggered),
        workspacePrefix: parseWorkspacePrefix(read('workspace-prefix').trim())
    };
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function utils_toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_namespaceObject.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_namespaceObject.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_namespaceObject.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_namespaceObject.EOL}${convertedValue}${external_os_namespaceObject.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(611);
var external_http_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_http_, 2);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(692);
var external_https_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_https_, 2);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./stubs/tunnel/index.cjs
var tunnel = __nccwpck_require__(100);
;// CONCATENATED MODULE: ./stubs/undici/index.js
/**
 * Stands in for undici when the action is bundled (tsconfig.json `paths` maps the name here).
 *
 * @actions/http-client imports undici only for `getAgentDispatcher()`, the proxy dispatcher for
 * `fetch`. The action sends its requests through `getAgent()` (node:http agents, with proxy
 * support through `tunnel`), so the real library would be bundled and loaded at every start
 * (about three quarters of the bundle) for code that never runs.
 */
class ProxyAgent {
  constructor() {
    throw new Error(
      'undici is not bundled with this action: HttpClient.getAgentDispatcher() is not available.'
    )
  }
}

;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = pm.getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class lib_HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? external_https_namespaceObject : external_http_namespaceObject;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || external_http_.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel/* httpsOverHttps */.vX : tunnel/* httpsOverHttp */.I9;
            }
            else {
                tunnelAgent = overHttps ? tunnel/* httpOverHttps */.aQ : tunnel/* httpOverHttp */.xj;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new external_https_.Agent(options) : new external_http_.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/auth.js
var auth_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class auth_BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var oidc_utils_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_namespaceObject.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_namespaceObject.constants.R_OK | external_fs_namespaceObject.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_namespaceObject.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_namespaceObject.platform();
const arch = external_os_namespaceObject.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_namespaceObject.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + os.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return file_command_issueFileCommand('STATE', file_command_prepareKeyValueMessage(name, value));
    }
    command_issueCommand('save-state', { name }, utils_toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map
;// CONCATENATED MODULE: ./src/runner/action-core.ts

/** The real commands, through `@actions/core`. */
const ACTIONS_CORE = {
    setSecret: (value) => core_setSecret(value),
    setOutput: (name, value) => setOutput(name, value),
    setFailed: (message) => setFailed(message),
    warning: (message) => warning(message),
    debug: (message) => core_debug(message),
    saveState: (name, value) => {
        // Without the runner's state file there is no post phase to read it, and @actions/core
        // would fall back to the deprecated `::save-state` command in the middle of the log.
        if (process.env.GITHUB_STATE)
            saveState(name, value);
    },
    writeSummary: async (markdown) => {
        await summary.addRaw(markdown).write();
    }
};

;// CONCATENATED MODULE: ./src/text/glyphs.ts
/** The marks the action writes itself, and the one way it shortens text it shows. */
/** Ends text cut short. */
const ELLIPSIS = '…';
/** `text` cut to its first `maxChars` characters, with an ellipsis when anything was cut. */
function clip(text, maxChars) {
    return text.length > maxChars ? `${text.slice(0, maxChars)}${ELLIPSIS}` : text;
}
/** Marks and punctuation of the job summary. */
const GLYPH = {
    check: '✅',
    cross: '❌',
    noEntry: '⛔',
    stopwatch: '⏱️',
    prohibited: '🚫',
    hourglass: '⏳',
    whiteCircle: '⚪',
    nextTrack: '⏭️',
    emDash: '—',
    middleDot: '·',
    leftQuote: '“',
    rightQuote: '”'
};

;// CONCATENATED MODULE: ./src/runner/secrets.ts

/**
 * The secrets of this run. The runner masks registered secrets in what it displays, but the
 * raw stdout, the log file and the job summary are written by the action itself, so any text
 * that may echo a secret (a server error body, say) goes through `redact` first.
 */
class SecretRedactor {
    secrets = [];
    /** The same as UTF-8, for bytes: Buffer#includes would encode a string needle each call. */
    secretBytes = [];
    /** Remembers a secret; values too short to be meaningful are ignored, as the runner does. */
    add(secret) {
        if (secret.length >= 4 && !this.secrets.includes(secret)) {
            this.secrets.push(secret);
            // Longest first so that a secret containing another is replaced whole.
            this.secrets.sort((a, b) => b.length - a.length);
            this.secretBytes = this.secrets.map((value) => Buffer.from(value));
        }
    }
    /** True when the text contains any secret: a cheap test before the rarely needed rewrite. */
    appearsIn(text) {
        if (typeof text === 'string')
            return this.secrets.some((secret) => text.includes(secret));
        return this.secretBytes.some((secret) => text.includes(secret));
    }
    /** The text with every secret replaced by ***, then shortened to `maxChars` if longer. */
    safe(text, maxChars = 2000) {
        return clip(this.redact(text), maxChars);
    }
    /**
     * For text that was cut before it could be redacted (an excerpt line): also hides a secret's
     * beginning left at the very end of the text.
     */
    redactCut(text) {
        let result = this.redact(text);
        for (const secret of this.secrets) {
            for (let length = Math.min(secret.length - 1, result.length); length >= 4; length--) {
                if (result.endsWith(secret.slice(0, length))) {
                    result = `${result.slice(0, result.length - length)}***`;
                    break;
                }
            }
        }
        return result;
    }
    /** The bytes with every secret (as UTF-8) replaced by ***; `bytes` itself when none is in them. */
    redactBytes(bytes) {
        let result = bytes;
        for (const secret of this.secretBytes) {
            if (!result.includes(secret))
                continue;
            const parts = [];
            let from = 0;
            const { length } = secret;
            for (let at = result.indexOf(secret); at !== -1; at = result.indexOf(secret, from)) {
                parts.push(result.subarray(from, at), MASK);
                from = at + length;
            }
            parts.push(result.subarray(from));
            result = Buffer.concat(parts);
        }
        return result;
    }
    /**
     * Where the bytes that may not be written yet begin, for text that goes on in a later piece:
     * at a secret's beginning left at the very end (the rest may come next), or at a secret whose
     * whole occurrence crosses that point. `bytes.length` when nothing needs holding back.
     */
    heldFrom(bytes) {
        let held = bytes.length;
        const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
        for (const secret of this.secretBytes) {
            const first = secret[0];
            for (let at = Math.max(0, view.length - secret.length + 1); at < held; at++) {
                if (view[at] !== first)
                    continue;
                if (secret.subarray(0, view.length - at).equals(view.subarray(at))) {
                    held = at;
                    break;
                }
            }
        }
        // A whole secret that starts before the point and ends after it is held back whole (which
        // moves the point: checked again until no secret crosses it).
        for (let moved = true; moved;) {
            moved = false;
            for (const secret of this.secretBytes) {
                const at = view.indexOf(secret, Math.max(0, held - secret.length + 1));
                if (at !== -1 && at < held) {
                    held = at;
                    moved = true;
                }
            }
        }
        return held;
    }
    redact(text) {
        let result = text;
        for (const secret of this.secrets) {
            result = result.split(secret).join('***');
        }
        return result;
    }
}
const MASK = Buffer.from('***');

;// CONCATENATED MODULE: ./src/runner/command-hazards.ts
/**
 * Which remote lines the runner could take for a workflow command, decided on bytes. The
 * runner reads a line as a command when, after leading whitespace, it starts with `::`, or
 * when it holds `##[` anywhere; it starts a new line at `\r` as at `\n`. Its search is
 * culture-sensitive (ICU), which skips characters the collation ignores (soft hyphens, zero
 * width characters, most controls), so `:\u00AD:` may count as `::`. The test here is wider
 * than the runner's on purpose: any byte outside printable ASCII may stand for whitespace or
 * an ignorable character. A false alarm costs two fence lines; a miss would run a command.
 */
const COLON = 0x3a;
const HASH = 0x23;
const BRACKET = 0x5b;
const CR = 0x0d;
/** Whitespace, an ignorable control, or part of a non-ASCII character. */
function mayBeBlank(byte) {
    return byte < 0x21 || byte >= 0x7f;
}
/** A control other than whitespace, or part of a non-ASCII character: possibly ignorable. */
function mayBeIgnorable(byte) {
    return byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte >= 0x7f;
}
/** Whether the runner's line that starts at `at` may start with `::` once trimmed. */
function startsLikeCommand(text, at, end) {
    let i = at;
    while (i < end && mayBeBlank(text[i]))
        i++;
    if (i >= end || text[i] !== COLON)
        return false;
    i++;
    while (i < end && mayBeIgnorable(text[i]))
        i++;
    return i < end && text[i] === COLON;
}
/** Whether `##[` (perhaps with ignorable characters between) starts at the `#` at `at`. */
function legacyCommandAt(text, at, end) {
    let i = at + 1;
    while (i < end && mayBeIgnorable(text[i]))
        i++;
    if (i >= end || text[i] !== HASH)
        return false;
    i++;
    while (i < end && mayBeIgnorable(text[i]))
        i++;
    return i < end && text[i] === BRACKET;
}
/**
 * Tells, line after line of one text, whether a line needs the stop-commands fence. Where the
 * next `\r` and `#` are is remembered, so a text of many lines is searched once per byte.
 */
class FenceNeeds {
    text;
    nextCr = -1;
    nextHash = -1;
    constructor(text) {
        this.text = text;
        this.nextCr = text.indexOf(CR);
        this.nextHash = text.indexOf(HASH);
    }
    /** Whether the line `text[start, end)` (its `\n` included or not) needs the fence. */
    line(start, end) {
        const { text } = this;
        const first = text[start];
        if (mayBeBlank(first) || first === COLON) {
            if (startsLikeCommand(text, start, end))
                return true;
        }
        while (this.nextCr !== -1 && this.nextCr < start)
            this.nextCr = text.indexOf(CR, start);
        for (let cr = this.nextCr; cr !== -1 && cr < end; cr = text.indexOf(CR, cr + 1)) {
            this.nextCr = cr;
            if (startsLikeCommand(text, cr + 1, end))
                return true;
        }
        while (this.nextHash !== -1 && this.nextHash < start)
            this.nextHash = text.indexOf(HASH, start);
        for (let hash = this.nextHash; hash !== -1 && hash < end; hash = text.indexOf(HASH, hash + 1)) {
            this.nextHash = hash;
            if (legacyCommandAt(text, hash, end))
                return true;
        }
        return false;
    }
}
const ZERO_WIDTH_SPACE = Buffer.from('\u200b');
/** As bytes: Buffer#indexOf would encode a string needle on every call. */
const LEGACY_MARK = Buffer.from('##[');
/**
 * The bytes with a zero-width space after every `##` that comes before `[`, so that the log
 * page does not draw remote text as a group or an annotation; `hashesBefore` counts the `#`
 * that ended the previous piece of the same line. Returns `bytes` itself when there is none.
 */
function neutralizeRemoteBytes(bytes, hashesBefore = 0) {
    const cuts = [];
    if (hashesBefore >= 2 && bytes[0] === BRACKET)
        cuts.push(0);
    else if (hashesBefore >= 1 && bytes[0] === HASH && bytes[1] === BRACKET)
        cuts.push(1);
    for (let at = bytes.indexOf(LEGACY_MARK); at !== -1; at = bytes.indexOf(LEGACY_MARK, at + 3)) {
        cuts.push(at + 2);
    }
    if (cuts.length === 0)
        return bytes;
    const parts = [];
    let from = 0;
    for (const cut of cuts) {
        parts.push(bytes.subarray(from, cut), ZERO_WIDTH_SPACE);
        from = cut;
    }
    parts.push(bytes.subarray(from));
    return Buffer.concat(parts);
}
/** How many `#` (0 to 2) end `bytes`, counting those before it when it is all `#`. */
function trailingHashes(bytes, hashesBefore = 0) {
    let count = 0;
    while (count < 2 && count < bytes.length && bytes[bytes.length - 1 - count] === HASH)
        count++;
    return count === bytes.length ? Math.min(2, count + hashesBefore) : count;
}

;// CONCATENATED MODULE: ./src/runner/staged-output.ts
/** The size of one staged write: a chunk of the log in one write, not one write per line. */
const STAGE_BYTES = 256 * 1024;
/** Free stage buffers kept for reuse. */
const KEEP_FREE = 4;
/**
 * How much stdout may hold that its reader has not taken yet before the log waits for it. A
 * pipe takes a write only as fast as the runner reads it; waiting after every write leaves
 * the action idle each time the reader falls a write behind, while with this much in hand it
 * goes on reading and walking the log meanwhile. Two stages: the memory stays small.
 */
const STDOUT_BACKLOG_BYTES = 2 * STAGE_BYTES;
/**
 * Collects what is written to stdout into one buffer and writes it in one piece. The bytes
 * given are copied, so the caller may reuse its memory at once (the log's answer buffers go
 * back to their pool as soon as a chunk is taken).
 *
 * A stage buffer is reused only after the stream's callback says its write is done, and only
 * when the stream writes to a file descriptor: stdout to a pipe is synchronous on Linux but
 * not on every OS, and an in-memory stream (a PassThrough) may hand the very buffer on to a
 * reader that keeps it, so those get a copy of their own instead.
 */
class StagedOutput {
    out;
    stage;
    used = 0;
    free = [];
    reusable;
    constructor(out) {
        this.out = out;
        this.reusable = typeof out.fd === 'number';
    }
    /** Adds text or bytes to what the next `flush` writes. */
    append(data) {
        if (typeof data === 'string') {
            const length = Buffer.byteLength(data);
            if (length > STAGE_BYTES - this.used)
                this.flush();
            if (length > STAGE_BYTES)
                this.out.write(data);
            else
                this.used += this.current().write(data, this.used);
            return;
        }
        for (let from = 0; from < data.length;) {
            if (this.used === STAGE_BYTES)
                this.flush();
            const stage = this.current();
            const count = Math.min(data.length - from, STAGE_BYTES - this.used);
            stage.set(data.subarray(from, from + count), this.used);
            this.used += count;
            from += count;
        }
    }
    /**
     * Writes what was staged; false when the writer should wait for the stream's 'drain': it asks
     * to (see OutputStream.write) and holds more than STDOUT_BACKLOG_BYTES not yet taken.
     */
    flush() {
        const stage = this.stage;
        if (!stage || this.used === 0)
            return this.hasRoom(!this.out.writableNeedDrain);
        const view = stage.subarray(0, this.used);
        this.used = 0;
        if (!this.reusable)
            return this.hasRoom(this.out.write(Buffer.from(view)));
        this.stage = undefined;
        const accepted = this.out.write(view, () => {
            if (this.free.length < KEEP_FREE)
                this.free.push(stage);
        });
        return this.hasRoom(accepted);
    }
    hasRoom(accepted) {
        const pending = this.out.writableLength;
        return accepted || (pending !== undefined && pending <= STDOUT_BACKLOG_BYTES);
    }
    current() {
        this.stage ??= this.free.pop() ?? Buffer.allocUnsafeSlow(STAGE_BYTES);
        return this.stage;
    }
}

;// CONCATENATED MODULE: ./src/runner/command-text.ts
/**
 * The text of workflow commands as the runner parses them, and remote text made safe to stand
 * inside one.
 */
/** Escaping of a command's message, as the runner unescapes it. */
function escapeCommandData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** Escaping of a command's property values. */
function escapeCommandProperty(text) {
    return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
/** A workflow command line such as `::error title=Build::message`. */
function formatCommand(name, properties, message) {
    const props = Object.entries(properties)
        .filter((entry) => entry[1] !== undefined && entry[1] !== '')
        .map(([key, value]) => `${key}=${escapeCommandProperty(value)}`)
        .join(',');
    return `::${name}${props ? ` ${props}` : ''}::${escapeCommandData(message)}\n`;
}
/**
 * Keeps the log page from rendering remote text as markup: a displayed line that starts with
 * `##[group]`, `##[error]`, ... is drawn as a group or annotation even when the runner did not act
 * on it (inside the fence), so every `##[` gets an invisible break. A `\r` needs nothing: the
 * runner splits lines there by itself, and the new line is neutralized like any other. The
 * same for bytes: neutralizeRemoteBytes.
 */
function neutralizeRemoteText(text) {
    return text.indexOf('##[') === -1 ? text : text.replace(/##\[/g, '##\u200b[');
}
/**
 * Remote text used inside a command (a group title, an annotation's message): on one line,
 * since the runner would split the command's output at a `\r` or `\n` and show the rest as a
 * line of its own, and with every `##[` neutralized.
 */
function singleLineRemoteText(text) {
    return neutralizeRemoteText(text.replace(/[\r\n]+/g, ' '));
}

;// CONCATENATED MODULE: ./src/runner/workflow-log.ts



/**
 * The action's stdout as the runner reads it. Remote text is untrusted: the runner executes a
 * line that starts with `::` (after whitespace) or holds `##[name]`, and it splits lines on
 * `\r` too. So a remote line that could read as a command (see command-hazards.ts) is written
 * inside a `::stop-commands::<token>` fence, with a token no remote text can guess. The fence
 * is closed again at the next line that needs none and before the action's own commands (groups,
 * annotations, outputs): a clean log shows no fence line at all.
 *
 * Every line the action writes ends in `\n`, on Windows too (not `os.EOL`): the runner ends a
 * line at `\n` on every OS, and one ending keeps the output byte for byte the same everywhere.
 */
class WorkflowLog {
    out;
    fenceToken;
    fenceOpen = false;
    openGroupTitle;
    staged;
    /** Inside `batch`: writes are staged and written together at its end. */
    batchDepth = 0;
    /**
     * @param out where the runner reads from
     * @param fenceToken a random secret, masked before first use
     */
    constructor(out, fenceToken) {
        this.out = out;
        this.fenceToken = fenceToken;
        this.staged = new StagedOutput(out);
    }
    get groupIsOpen() {
        return this.openGroupTitle !== undefined;
    }
    /**
     * Runs `write` with everything it writes staged, then writes it all at once. Returns false
     * when stdout asks to wait (see whenDrained).
     */
    batch(write) {
        this.batchDepth++;
        try {
            write();
        }
        finally {
            this.batchDepth--;
        }
        return this.batchDepth > 0 || this.staged.flush();
    }
    /** Remote lines, shown as plain text. Returns false under backpressure. */
    remoteLines(lines) {
        if (lines.length === 0)
            return true;
        return this.remoteText(lines.join('\n') + '\n');
    }
    /**
     * Remote text made of whole lines (each ending in `\n`); the bytes are copied before this
     * returns. Only the lines that need it are fenced. Returns false under backpressure.
     */
    remoteText(text) {
        const bytes = typeof text === 'string' ? Buffer.from(text) : text;
        return this.remoteLinesOf(bytes, 0, bytes.length);
    }
    /**
     * The same for the whole lines `text[start, until)`; `breaks`, when it holds their newlines
     * (the mirror's walk found them), spares searching for them again.
     */
    remoteLinesOf(text, start, until, breaks) {
        // The fence's own searches stay within these lines: `text` may go on far beyond them.
        const bytes = text.subarray(start, until);
        const known = breaks !== undefined && breaks.covers(text, start, until);
        const needs = new FenceNeeds(bytes);
        let runStart = 0;
        let next = known ? breaks.indexFrom(start) : 0;
        for (let line = 0; line < bytes.length;) {
            const newline = known ? breaks.at(next++) - start : bytes.indexOf(0x0a, line);
            const end = newline === -1 ? bytes.length : newline + 1;
            const fenced = needs.line(line, end);
            if (fenced !== this.fenceOpen) {
                this.writeRemote(bytes.subarray(runStart, line));
                runStart = line;
                if (fenced)
                    this.openFence();
                else
                    this.closeFence();
            }
            line = end;
        }
        return this.writeRemote(bytes.subarray(runStart));
    }
    /**
     * A piece of a remote line too long to hold whole, fenced unless the caller found that the
     * line needs no fence (the fence state only changes at the line's first piece).
     * `hashesBefore`: the `#` that ended the previous piece (see neutralizeRemoteBytes).
     */
    remotePiece(bytes, hashesBefore = 0, fenced = true) {
        if (fenced)
            this.openFence();
        else
            this.closeFence();
        this.write(neutralizeRemoteBytes(bytes, hashesBefore));
        return this.written();
    }
    /** The action's own status line: plain text, fenced when it quotes remote text that needs it. */
    info(message) {
        return this.remoteText(message.endsWith('\n') ? message : message + '\n');
    }
    /** Opens a collapsible group; any open group is closed first (groups never nest). */
    startGroup(title) {
        this.endGroup();
        this.command('group', {}, title);
        this.openGroupTitle = title;
    }
    endGroup() {
        if (this.openGroupTitle === undefined)
            return;
        this.command('endgroup', {}, '');
        this.openGroupTitle = undefined;
    }
    /** An annotation, always outside any fence so that the runner acts on it. */
    annotate(level, message, where = {}) {
        this.command(level, where, message);
    }
    /** Runs code that writes workflow commands through other means (e.g. @actions/core). */
    outsideFence(write) {
        this.closeFence();
        // What is staged goes first: the other means write to the stream directly.
        this.staged.flush();
        return write();
    }
    /** Leaves stdout as a plain workflow log: no fence, no open group. Safe to call twice. */
    close() {
        this.endGroup();
        this.closeFence();
        this.staged.flush();
    }
    /**
     * Resolves once stdout has taken what was written (pipes can push back), or once it is gone:
     * a reader that went away must not stop the log file from being completed. Each wait takes
     * its listeners away again, so waiting often on a slow pipe adds none.
     */
    whenDrained() {
        return new Promise((resolve) => {
            if (!this.out.writableNeedDrain) {
                resolve();
                return;
            }
            const done = () => {
                for (const event of ['drain', 'error', 'close']) {
                    this.out.removeListener?.(event, done);
                }
                resolve();
            };
            this.out.once('drain', done);
            this.out.once('error', done);
            this.out.once('close', done);
        });
    }
    writeRemote(bytes) {
        if (bytes.length > 0)
            this.write(neutralizeRemoteBytes(bytes));
        return this.written();
    }
    write(data) {
        this.staged.append(data);
    }
    /** Outside a batch, what was staged goes out now. */
    written() {
        return this.batchDepth > 0 ? true : this.staged.flush();
    }
    command(name, properties, message) {
        this.closeFence();
        this.write(formatCommand(name, properties, message));
        this.written();
    }
    openFence() {
        if (this.fenceOpen)
            return;
        this.write(`::stop-commands::${this.fenceToken}\n`);
        this.fenceOpen = true;
    }
    closeFence() {
        if (!this.fenceOpen)
            return;
        this.write(`::${this.fenceToken}::\n`);
        this.fenceOpen = false;
    }
}

;// CONCATENATED MODULE: ./src/session/run-deps.ts






/** The process's own stdout, environment, inputs and runner commands. */
function defaultDeps() {
    return {
        stdout: process.stdout,
        env: process.env,
        readInput: (name) => getInput(name),
        core: ACTIONS_CORE
    };
}
/**
 * Registers every secret with the runner before anything else is printed, so that it hides
 * them wherever they appear, and returns the redactor for the text the action writes itself.
 */
function maskSecrets(deps) {
    const redactor = new SecretRedactor();
    for (const secret of secretValues(deps.readInput, deps.env)) {
        deps.core.setSecret(secret);
        redactor.add(secret);
    }
    return redactor;
}
/**
 * Where secrets received during the run go (a keyless sign-in's ID and IAM tokens): the
 * action's redactor first, then the runner's mask. `around` runs the mask command where the
 * runner reads commands (outside the log's command fence in the main phase).
 */
function secretSink(redactor, actionCore, around = (write) => write()) {
    return (value) => {
        redactor.add(value);
        around(() => actionCore.setSecret(value));
    };
}
/**
 * The workflow log of either phase, and its warning: every secret masked first, then a fresh
 * fence token (masked before its first use), so remote text is fenced by the same rules in
 * both phases. A closed stdout (the runner gone) must not stop the run from finishing.
 */
function openWorkflowLog(deps) {
    const redactor = maskSecrets(deps);
    const fenceToken = (0,external_node_crypto_namespaceObject.randomBytes)(16).toString('hex');
    deps.core.setSecret(fenceToken);
    deps.stdout.on('error', () => undefined);
    const log = new WorkflowLog(deps.stdout, fenceToken);
    const warn = (message) => log.outsideFence(() => deps.core.warning(redactor.safe(message)));
    return { redactor, log, warn };
}

;// CONCATENATED MODULE: ./src/build-log/build-result.ts
/**
 * The final words of the API notes' sets, and a few spellings seen in public material. Matched
 * case-insensitively.
 */
const KNOWN_RESULTS = new Map([
    ['SUCCESS', 'success'],
    ['SUCCEEDED', 'success'],
    ['SUCCESSFUL', 'success'],
    ['FAILURE', 'failure'],
    ['FAILED', 'failure'],
    ['ERROR', 'failure'],
    ['SCHEDULE_FAILURE', 'failure'],
    ['TIMEOUT', 'failure'],
    ['ABORTED', 'aborted'],
    ['STOPPED', 'aborted'],
    ['CANCELED', 'aborted'],
    ['CANCELLED', 'aborted']
]);
/** True when the server's word for a finished build is one this action knows. */
function isKnownBuildResult(serverResult) {
    return serverResult !== undefined && KNOWN_RESULTS.has(serverResult.trim().toUpperCase());
}
/**
 * Maps the server's word for a finished build to the action's result. Anything unknown counts
 * as a failure: a deployment gate must not open on a result it cannot read (the report quotes
 * the word, see isKnownBuildResult).
 */
function classifyBuildResult(serverResult) {
    return KNOWN_RESULTS.get(serverResult.trim().toUpperCase()) ?? 'failure';
}
/**
 * The build's final word from its two sources: the status call's when it is a known one, else
 * the log's `Finished:` word, else whatever the status said (an unknown word is reported as
 * such), else UNKNOWN.
 */
function finalBuildWord(statusWord, logWord) {
    const fromStatus = !!statusWord && (isKnownBuildResult(statusWord) || !logWord);
    return { word: (fromStatus ? statusWord : logWord || statusWord) || 'UNKNOWN', fromStatus };
}

;// CONCATENATED MODULE: ./src/follow/backoff.ts
const DEFAULT_BACKOFF = { baseDelayMs: 500, maxDelayMs: 30_000 };
/**
 * Delay before retry number `failuresInARow` (1 for the first retry): half of the capped
 * exponential delay plus a random part of the other half, which spreads the clients of one
 * overloaded server apart while keeping a floor; a server's Retry-After is a floor, never shortened,
 * but capped so a bogus value cannot stall the action past its own timeout checks.
 * The caller resets `failuresInARow` after any success, so delays come back down.
 */
function backoffDelayMs(failuresInARow, policy, random, retryAfterMs) {
    const exponent = Math.min(Math.max(failuresInARow - 1, 0), 30);
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
    const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
    if (retryAfterMs === undefined)
        return jittered;
    return Math.min(Math.max(jittered, retryAfterMs), Math.max(policy.maxDelayMs, 60_000));
}

;// CONCATENATED MODULE: ./src/text/duration.ts
/** "1h 02m 03s", "2m 05s", "7s": short enough for a status line. */
function formatDuration(ms) {
    const totalSeconds = Math.max(0, Math.round(ms / 1000));
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds % 60;
    const pad = (n) => String(n).padStart(2, '0');
    if (hours > 0)
        return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
    if (minutes > 0)
        return `${minutes}m ${pad(seconds)}s`;
    return `${seconds}s`;
}

;// CONCATENATED MODULE: ./src/follow/error-runs.ts

/**
 * Watches one call's failures for a run of the same error: retries go on under the usual
 * policy, but an error that has not changed for `warnAfterMs` is worth one warning, so nobody
 * watches a silent step. A success or a different error starts a new run.
 */
class SameErrorWatch {
    warnAfterMs;
    warn;
    current;
    constructor(warnAfterMs, warn) {
        this.warnAfterMs = warnAfterMs;
        this.warn = warn;
    }
    /** Records a failure at `nowMs`; warns once when the same error has lasted long enough. */
    failed(what, message, nowMs) {
        if (this.current?.key !== message)
            this.current = { key: message, since: nowMs, warned: false };
        const run = this.current;
        if (run.warned || nowMs - run.since < this.warnAfterMs)
            return;
        run.warned = true;
        this.warn(`${what} has failed with the same error for ${formatDuration(nowMs - run.since)}; still retrying: ${message}`);
    }
    succeeded() {
        this.current = undefined;
    }
}

;// CONCATENATED MODULE: ./src/follow/follow-types.ts
/** Says trouble worth a warning through the listener: its onWarning, else a status line. */
function warnThrough(listener, message) {
    if (listener.onWarning)
        listener.onWarning(message);
    else
        listener.onStatus(message);
}
/**
 * The length asked of each log read unless the options say otherwise: the most the API serves
 * in one answer. Larger reads cost fewer round trips; the memory behind an answer no longer
 * grows with it, since the buffers Node read it into are freed at its end (read-buffers.ts)
 * and its body lives in a reused pooled buffer. Measured on Node 24 with the bundle (200 MiB
 * real-log mix, alternating runs): 1,000,000 against 384 KiB took 1.91-2.44 s against
 * 2.25-2.40 s, peaking at 86-87 MiB against 87-98 MiB.
 */
const DEFAULT_READ_LENGTH = 1_000_000;
/** The smallest length a slow link shrinks reads to: still a useful step forward. */
const MIN_READ_LENGTH = 16 * 1024;
/** How often the status call is asked while the log is quiet, unless the options say otherwise. */
const DEFAULT_STATUS_INTERVAL_MS = 10_000;
/** How long an ended build's log may lack its `Finished:` line before the follow ends anyway. */
const DEFAULT_LOG_SETTLE_MS = 15_000;
/** How long a `Finished:` line waits for the status call to agree before it decides alone. */
const DEFAULT_FINISHED_LINE_PATIENCE_MS = 5000;
/** The quiet time between two "still waiting" lines. */
const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
/** How long a build number above the job's last one is waited for when another step starts it. */
const NEW_BUILD_GRACE_MS = 2 * 60_000;
/** After how long a run of the same error is reported as a warning. */
const SAME_ERROR_WARN_MS = 3 * 60_000;

;// CONCATENATED MODULE: ./src/follow/heartbeat.ts

/**
 * The "still waiting" line: a quiet log for a whole interval is worth one line, so a silent
 * step does not look hung; never more often than the interval.
 */
class Heartbeat {
    clock;
    intervalMs;
    onStatus;
    startedAt;
    lastContentAt;
    lastBeatAt;
    bytesSeen = false;
    constructor(clock, intervalMs, onStatus) {
        this.clock = clock;
        this.intervalMs = intervalMs;
        this.onStatus = onStatus;
        this.startedAt = clock.now();
        this.lastContentAt = this.startedAt;
        this.lastBeatAt = this.startedAt;
    }
    /** New log content arrived: the quiet time starts again. */
    contentSeen() {
        this.bytesSeen = true;
        this.lastContentAt = this.clock.now();
    }
    /** Says "still waiting" when the log has been quiet, and no line said so, for an interval. */
    beat() {
        const now = this.clock.now();
        if (now - this.lastContentAt < this.intervalMs || now - this.lastBeatAt < this.intervalMs) {
            return;
        }
        this.lastBeatAt = now;
        const state = this.bytesSeen
            ? `running, no new log lines for ${formatDuration(now - this.lastContentAt)}`
            : 'queued or starting, no log yet';
        this.onStatus(`Still waiting: build ${state} (${formatDuration(now - this.startedAt)} elapsed).`);
    }
}

;// CONCATENATED MODULE: ./src/codearts/errors.ts
/** A failed API call, its meaning and, for throttling, how long the server asked us to wait. */
class ApiError extends Error {
    kind;
    httpStatus;
    errorCode;
    retryAfterMs;
    /** The server surely did not act on the request: safe to repeat even a start. */
    neverReachedServer;
    /** No answer, or no further byte of it, came in time. */
    timedOut;
    constructor(fields) {
        super(fields.message);
        this.name = 'ApiError';
        this.kind = fields.kind;
        this.httpStatus = fields.httpStatus;
        this.errorCode = fields.errorCode;
        this.retryAfterMs = fields.retryAfterMs;
        this.neverReachedServer = fields.neverReachedServer ?? false;
        this.timedOut = fields.timedOut;
    }
}
/** How the server answered, for a message: `HTTP 404 APIGW.0101`. */
function describeAnswer(error) {
    return [error.httpStatus === undefined ? undefined : `HTTP ${error.httpStatus}`, error.errorCode]
        .filter(Boolean)
        .join(' ');
}
/** Throttling, in the gateway's spellings and the service's own (which comes as HTTP 500). */
/** Codes the API gateway and CodeArts answer when the quota is spent. */
const THROTTLING_CODES = new Set(['CB.00060100', 'CB.00060211', 'APIGW.0308', 'APIG.0308']);
/** Whether a failure says the quota is spent, in any of its spellings (retried, and paced). */
function isThrottling(error) {
    if (!(error instanceof ApiError))
        return false;
    return (error.httpStatus === 429 ||
        (error.errorCode !== undefined && THROTTLING_CODES.has(error.errorCode)));
}
const RECORD_MISSING_CODES = new Set(['CB.00031006', 'DEVCB.00031006']);
const INVALID_JOB_CODES = new Set(['CB.00060201']);
/** A route that is not there: the gateway's "not published" and the service's "URL not found". */
const ROUTE_MISSING_CODES = new Set(['APIGW.0101', 'APIG.0101', 'CB.00060214']);
/** The advice of an error that ends the follow because no route answers the call. */
const ROUTE_MISSING_ADVICE = "This API route is not there at the endpoint in use: check the 'region' and 'endpoint' inputs (the endpoint must be the CodeArts Build endpoint of the region that holds the job).";
function describe(status, body) {
    // An error inside a successful answer is told as such: "HTTP 200 with status fail, CB.xxx".
    const sentOther = body.sentStatus !== undefined && body.sentStatus !== status;
    const head = sentOther
        ? [
            `HTTP ${body.sentStatus} with ${body.status === 'fail' ? 'status fail' : 'an error code'}`,
            body.errorCode
        ]
            .filter(Boolean)
            .join(', ')
        : [status === undefined ? undefined : `HTTP ${status}`, body.errorCode]
            .filter(Boolean)
            .join(' ');
    return body.errorMessage ? `${head}: ${body.errorMessage}` : head;
}
/**
 * Classifies an error answer. `what` names the call for the message, e.g. "reading the log".
 * The advice in each message is what a user can do about it.
 */
function classifyFailure(what, httpStatus, body, retryAfterMs) {
    const code = body.errorCode;
    const detail = describe(httpStatus, body);
    // 429 and 503 are the server declining the request before acting on it: even a start
    // request answered so may be sent again.
    const declined = httpStatus === 429 || httpStatus === 503;
    const make = (kind, advice) => new ApiError({
        message: `CodeArts refused ${what} (${detail}). ${advice}`.trim(),
        kind,
        httpStatus,
        errorCode: code,
        retryAfterMs,
        neverReachedServer: declined
    });
    if (code && THROTTLING_CODES.has(code))
        return make('transient', '');
    if (httpStatus === 404 && code && ROUTE_MISSING_CODES.has(code)) {
        return make('route-missing', ROUTE_MISSING_ADVICE);
    }
    if (code && RECORD_MISSING_CODES.has(code))
        return make('not-found', '');
    if (code && INVALID_JOB_CODES.has(code)) {
        return make('fatal', "Check the 'job-id' input: it must be the ID of an existing build task in the project the token is scoped to.");
    }
    if (httpStatus === 401) {
        return make('unauthorized', "They are not sent again: API Gateway locks an access key for five minutes after five failed signatures, so wait five minutes before a rerun. Check the credentials: an IAM token ('token') may be invalid, expired (tokens live 24 hours) or scoped to a domain instead of the project that owns the build task; an access key pair ('access-key', 'secret-key') may be wrong, or the runner's clock more than 15 minutes off.");
    }
    if (httpStatus === 403) {
        // 403 is not only "no permission" (CB.00031059 is "no build history"): the server's own
        // message, quoted in the detail, says which.
        return make('fatal', body.errorMessage
            ? 'If the reason is a permission, grant the user access to the build task in CodeArts.'
            : 'The credentials were accepted but this call was refused: the user may lack permission on the build task.');
    }
    if (httpStatus === 404 || httpStatus === 422)
        return make('not-found', '');
    if (httpStatus === 429 || httpStatus >= 500)
        return make('transient', '');
    if (httpStatus >= 300 && httpStatus < 400) {
        return make('fatal', "Redirects are not followed with credentials: set the 'endpoint' input to the final URL.");
    }
    return make('fatal', '');
}
/** A network-level failure or an unreadable answer: always worth another try. */
function transientFailure(what, reason, neverReachedServer = false, timedOut = false) {
    return new ApiError({
        message: `${what} failed: ${reason}`,
        kind: 'transient',
        neverReachedServer,
        timedOut: timedOut || undefined
    });
}
/** Retry-After in seconds or as an HTTP date, in milliseconds from `nowMs`. */
function parseRetryAfterMs(header, nowMs) {
    if (!header)
        return undefined;
    const trimmed = header.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed))
        return Math.round(Number(trimmed) * 1000);
    const dateMs = Date.parse(trimmed);
    return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

;// CONCATENATED MODULE: ./src/follow/missing-build.ts



/**
 * A build record that is not there: the API answers an unknown job the same way, so the
 * per-job question decides (once) whether to fail now (unknown job), wait a short while (a
 * build number above the job's last one, not started here), or wait as usual. The waiting is
 * said once, and the record's arrival too.
 */
class MissingBuild {
    context;
    plan;
    waitingReported = false;
    constructor(context) {
        this.context = context;
    }
    /** The record was not there (`error`): fails when it will not come, else says it is awaited. */
    async notThere(error) {
        const plan = await this.decide();
        if (plan.kind === 'short-wait' && this.context.clock.now() >= plan.until) {
            const { buildNo, jobId = '', host = 'this endpoint' } = this.context.options;
            const last = plan.lastBuildNo === undefined
                ? "the job's builds could not be asked"
                : `the job's last build is #${plan.lastBuildNo}`;
            throw new ApiError({
                message: `Job or build not found: build #${buildNo} of CodeArts job '${jobId}' did not appear at ${host} within ${formatDuration(this.graceMs())} (${last}). Check the 'job-id', 'build-no' and 'region' (or 'endpoint') inputs.`,
                kind: 'fatal',
                httpStatus: error.httpStatus,
                errorCode: error.errorCode
            });
        }
        if (this.waitingReported)
            return;
        this.waitingReported = true;
        this.context.listener.onStatus(`Build #${this.context.options.buildNo} does not exist yet (CodeArts answered ${describeAnswer(error)}); waiting for it until ${this.untilText(plan)}.`);
    }
    /** A read succeeded: the record is there, which is news only after a waiting line. */
    found() {
        if (!this.waitingReported)
            return;
        this.waitingReported = false;
        this.context.listener.onStatus(`Build #${this.context.options.buildNo} found.`);
    }
    untilText(plan) {
        const { timeoutMs } = this.context.options;
        if (plan.kind === 'short-wait') {
            const why = plan.lastBuildNo === undefined
                ? 'the job cannot be asked about its builds'
                : `the job's last build is #${plan.lastBuildNo}`;
            return `${formatDuration(this.graceMs())} have passed (${why})`;
        }
        return timeoutMs > 0 ? `the timeout (${formatDuration(timeoutMs)})` : 'it appears';
    }
    graceMs() {
        return this.context.options.newBuildGraceMs ?? NEW_BUILD_GRACE_MS;
    }
    async decide() {
        if (this.plan)
            return this.plan;
        const { api, options, listener, signal } = this.context;
        const { jobId = 'the job', host = 'this endpoint' } = options;
        let job;
        try {
            job = await api.getJobStatus(signal);
        }
        catch (error) {
            if (signal.aborted)
                throw this.context.fatal() ?? signal.reason;
            if (error instanceof ApiError && error.kind === 'not-found') {
                throw new ApiError({
                    message: `CodeArts job '${jobId}' was not found at ${host}: check the 'job-id' and 'region' (or 'endpoint') inputs.`,
                    kind: 'fatal',
                    httpStatus: error.httpStatus,
                    errorCode: error.errorCode
                });
            }
            // Without the per-job question, a build this step did not start is waited for a short
            // while only: an unknown job or a wrong number must not hold the step to its timeout.
            listener.onDebug(`The job status request could not tell whether the job exists (${error instanceof Error ? error.message : String(error)}).`);
            this.plan = this.planFor({ running: undefined, lastBuildNo: undefined });
            return this.plan;
        }
        this.plan = this.planFor(job);
        return this.plan;
    }
    planFor(job) {
        const last = job.lastBuildNo;
        // A job that runs may be about to record the build; a number at or below the last is one
        // the job had. Neither known (the legacy question says only "not running", or no answer):
        // the short wait.
        const comingSoon = this.context.options.startedByThisStep ||
            job.running === true ||
            (last !== undefined && this.context.options.buildNo <= last);
        if (comingSoon)
            return { kind: 'wait' };
        return {
            kind: 'short-wait',
            lastBuildNo: last,
            until: this.context.clock.now() + this.graceMs()
        };
    }
}

;// CONCATENATED MODULE: ./src/follow/read-length.ts

/**
 * The length asked of each log read, adapted to the link: a read that got no answer in time
 * asks for half as much next time (a slow link still moves forward), and each success doubles
 * it back towards the full length.
 */
class AdaptiveReadLength {
    full;
    onDebug;
    length;
    constructor(full, onDebug) {
        this.full = full;
        this.onDebug = onDebug;
        this.length = full;
    }
    /** The length to ask for now. */
    get current() {
        return this.length;
    }
    /** Reads ask for less than the full length, after one timed out. */
    get shrunk() {
        return this.length < this.full;
    }
    /** A read timed out: ask for less, down to a floor that is still a useful step. */
    timedOut() {
        this.set(Math.max(Math.min(MIN_READ_LENGTH, this.full), Math.floor(this.length / 2)), true);
    }
    /** A read succeeded: grow back towards the full length. */
    succeeded() {
        if (this.length < this.full)
            this.set(Math.min(this.full, this.length * 2), false);
    }
    set(next, timedOut) {
        if (next === this.length)
            return;
        this.onDebug(timedOut
            ? `A log read got no answer in time; asking for ${next} bytes per read.`
            : `Log reads answer again; asking for ${next} bytes per read.`);
        this.length = next;
    }
}

;// CONCATENATED MODULE: ./src/follow/retry.ts


/**
 * Runs `call` until it succeeds, pausing between tries with capped exponential backoff (a
 * server's Retry-After is a floor), or as a shared pace says (throttling), on the injected
 * clock, so tests run on virtual time.
 */
async function withRetries(call, options) {
    const { clock, signal } = options;
    const backoff = options.backoff ?? DEFAULT_BACKOFF;
    const random = options.random ?? Math.random;
    for (let failuresInARow = 0;;) {
        signal.throwIfAborted();
        const sentAt = clock.now();
        try {
            const value = await call(signal);
            if (failuresInARow > 0)
                options.onRecovered?.(failuresInARow);
            return value;
        }
        catch (error) {
            if (signal.aborted || !options.shouldRetry(error))
                throw error;
            failuresInARow++;
            if (options.maxAttempts !== undefined && failuresInARow >= options.maxAttempts)
                throw error;
            const retryAfterMs = error instanceof ApiError ? error.retryAfterMs : undefined;
            const delayMs = options.pacedDelayMs?.(error, sentAt) ??
                backoffDelayMs(failuresInARow, backoff, random, retryAfterMs);
            options.onRetry?.({ error, failuresInARow, delayMs });
            await clock.sleep(delayMs, signal);
            await options.afterPause?.();
        }
    }
}
/** A failure of the network or the server that another try may heal. */
function isTransient(error) {
    // Throttling is transient whether its kind says so or names it apart.
    return error instanceof ApiError && error.kind === 'transient';
}

;// CONCATENATED MODULE: ./src/codearts/answers.ts
/** Whether `value` is a JSON object (not an array, not null). */
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The body's JSON object, or undefined when it is not JSON or not an object. */
function parseJsonBody(body) {
    let value;
    try {
        value = JSON.parse(body.toString('utf8'));
        // Some gateways answer with the JSON document serialised once more as a string.
        if (typeof value === 'string')
            value = JSON.parse(value);
    }
    catch {
        return undefined;
    }
    return isObject(value) ? value : undefined;
}
/** A JSON document that is not an object (an array, a number) still comes from an API. */
function looksLikeJson(body) {
    try {
        JSON.parse(body.toString('utf8'));
        return true;
    }
    catch {
        return false;
    }
}
/** The error code and message of a body, whichever of the documented shapes it has. */
function errorFields(body) {
    const nested = isObject(body.error) ? body.error : {};
    const code = body.error_code ?? nested.error_code ?? nested.code;
    const message = body.error_msg ?? nested.error_msg ?? nested.message;
    return {
        errorCode: typeof code === 'string' && code ? code : undefined,
        // Not shortened here: a cut through an echoed secret would slip past redaction.
        errorMessage: typeof message === 'string' && message ? message : undefined
    };
}
/** A boolean, also when sent as the string "true" or "false". */
function asBoolean(value) {
    if (typeof value === 'boolean')
        return value;
    if (value === 'true' || value === 'false')
        return value === 'true';
    return undefined;
}
/** A non-negative whole number as its decimal text (a log cursor, a build number). */
function asCursor(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
        return String(value);
    if (typeof value === 'string' && /^\d+$/.test(value))
        return value;
    return undefined;
}
/** A digit-string cursor as a number to compare; undefined for one that is not (opaque). */
function cursorValue(cursor) {
    return cursor !== undefined && /^\d+$/.test(cursor) ? BigInt(cursor) : undefined;
}
/** The v3 route (`/v3/jobs/{job_id}/{build_no}/real-time-log`). */
const V3_LOG_FIELDS = {
    nextOffset: 'offset',
    hasMoreData: 'has_more_data',
    startOffset: 'current_offset',
    content: 'content'
};
/** The v1 route (`/v1/log/{job_id}/{build_no}/real-time-log`). */
const V1_LOG_FIELDS = {
    nextOffset: 'end_offset',
    hasMoreData: 'has_more',
    startOffset: 'start_offset',
    content: 'log'
};
/**
 * The chunk a log answer's envelope stands for, or undefined when a field it needs is missing.
 * `split` carries the content when the answer was read without parsing it whole; `release`
 * gives the answer's memory back.
 */
function toLogChunk(envelope, fields, split, release) {
    const result = isObject(envelope.result) ? envelope.result : undefined;
    const nextOffset = asCursor(result?.[fields.nextOffset]);
    const hasMoreData = asBoolean(result?.[fields.hasMoreData]);
    const content = result?.[fields.content] ?? '';
    if (!result || nextOffset === undefined || hasMoreData === undefined)
        return undefined;
    if (typeof content !== 'string')
        return undefined;
    const startOffset = asCursor(result[fields.startOffset]);
    return {
        content: split ? split.content : Buffer.from(content, 'utf8'),
        newlines: split?.newlines,
        release: () => {
            split?.newlines?.release();
            release();
        },
        nextOffset,
        hasMoreData,
        startOffset
    };
}
/** The fields a log answer lacks, named for the message of its transient failure. */
function missingLogFields(fields) {
    return `it lacks result.${fields.nextOffset}, result.${fields.hasMoreData} or result.${fields.content}`;
}

;// CONCATENATED MODULE: ./src/follow/stale-answers.ts


/** Answers in a row that began behind the cursor and mean the log restarted, not a lag. */
const RESTART_AFTER_BEHIND_ANSWERS = 4;
/** How much of the log's start is kept, to tell a new log from a lagging answer at once. */
const HEAD_BYTES = 1024;
/**
 * Judges where each log answer starts against the cursor. An answer that starts behind it (a
 * lagging replica, a retried request answered late) repeats what was taken: it is dropped
 * whole. Several such answers in a row mean the log restarted under the same build number:
 * said once as a warning naming both offsets, and the new log is followed from where the
 * answers now begin. An answer from the very start whose text differs from the log's start as
 * taken is a new log at once (a lagging answer repeats the same text). One that starts ahead
 * is the server's word and is taken.
 */
class StaleAnswers {
    listener;
    behindInARow = 0;
    /** The first bytes taken (at most HEAD_BYTES), copied: the content is lent. */
    head = Buffer.alloc(0);
    constructor(listener) {
        this.listener = listener;
    }
    /** Content taken, in order: its first bytes are kept. */
    taken(content) {
        if (this.head.length >= HEAD_BYTES || content.length === 0)
            return;
        const more = content.subarray(0, HEAD_BYTES - this.head.length);
        this.head = Buffer.concat([this.head, more]);
    }
    /**
     * True when the answer starting at `startOffset` with `content` is to be dropped, given
     * `cursor`.
     */
    isStale(startOffset, cursor, content) {
        const start = cursorValue(startOffset);
        const at = cursorValue(cursor);
        if (start === undefined || at === undefined || start >= at)
            this.behindInARow = 0;
        if (start === undefined || at === undefined || start === at)
            return false;
        const { listener } = this;
        if (start > at) {
            listener.onDebug(`A log answer starts at ${startOffset}, ahead of the cursor ${cursor}; taking the server's word.`);
            return false;
        }
        if (start === 0n && content && this.differsFromHead(content)) {
            this.behindInARow = 0;
            this.head = Buffer.alloc(0);
            this.warn(`The build's log restarted: an answer began at offset ${startOffset} with other text than the log shown, behind offset ${cursor} already shown; following the new log from offset ${startOffset}.`);
            return false;
        }
        if (++this.behindInARow < RESTART_AFTER_BEHIND_ANSWERS) {
            listener.onDebug(`Dropped a stale log answer: it starts at ${startOffset}, behind the cursor ${cursor}.`);
            return true;
        }
        this.behindInARow = 0;
        if (start === 0n)
            this.head = Buffer.alloc(0);
        this.warn(`The build's log restarted: ${RESTART_AFTER_BEHIND_ANSWERS} answers in a row began at offset ${startOffset}, behind offset ${cursor} already shown; following the new log from offset ${startOffset}, so lines may repeat below.`);
        return false;
    }
    differsFromHead(content) {
        const length = Math.min(content.length, this.head.length);
        return length > 0 && content.compare(this.head, 0, length, 0, length) !== 0;
    }
    /** Says the restart: the old log's last line is ended first, then the warning. */
    warn(message) {
        const { listener } = this;
        listener.onLogRestart?.();
        warnThrough(listener, message);
    }
}

;// CONCATENATED MODULE: ./src/follow/log-reader.ts






/** Log-route codes seen for builds that never ran: with the status saying over, nothing will come. */
const NEVER_RAN_CODES = new Set(['CB.00030004']);
/**
 * How long a log that has answered may fail in a row, with the build over, before the follow
 * ends with the part read: one failed answer never truncates a log.
 */
const PARTIAL_LOG_GIVE_UP_MS = 5 * 60_000;
/** The build is over but its log cannot be read: the follow ends with the status's result. */
class LogUnreadable extends Error {
    cause;
    bytesRead;
    /** `bytesRead`: what was taken before the log stopped answering (0: it never answered). */
    constructor(cause, bytesRead) {
        super(cause.message);
        this.cause = cause;
        this.bytesRead = bytesRead;
    }
}
/**
 * The log reads: the server's cursor, moved only by a chunk taken; stale answers dropped; each
 * read retried until it succeeds, a missing record waited for as the per-job question allows.
 */
class LogReader {
    context;
    /** The server's cursor after the last chunk taken. */
    cursor = '0';
    /** Bytes of log content taken. */
    bytesTaken = 0;
    /** Whether any read has answered: a log that did can only end after a run of failures. */
    answered = false;
    /** When the current run of failed reads began. */
    failingSince;
    length;
    missing;
    stale;
    constructor(context) {
        this.context = context;
        this.length = new AdaptiveReadLength(context.readLength, (m) => context.listener.onDebug(m));
        this.stale = new StaleAnswers(context.listener);
        this.missing = new MissingBuild({ ...context, fatal: () => context.status.fatal });
    }
    /** One read from `offset` of `length` bytes (by default the length to ask now), no retries. */
    request(offset, signal, length = this.lengthToAsk()) {
        return this.context.api.readLog(this.context.options.buildNo, offset, length, signal);
    }
    /**
     * The length a read asks for: larger while throttling slows the reads (pace.ts), but never
     * grown back while a slow link made it shrink.
     */
    lengthToAsk() {
        const length = this.length.current;
        return this.length.shrunk ? length : this.context.pace.readLength(length);
    }
    /**
     * One read until it succeeds. Transient failures are retried with capped exponential backoff
     * (the count restarts after every success, so delays come back down); a record that does not
     * exist yet is waited for; anything else is thrown. Between tries the status call keeps its
     * pace. Every wait ends at the deadline, on cancel or on a fatal error.
     */
    async readWithRetries(offset) {
        const { listener, clock, signal, status, sameErrors } = this.context;
        const what = 'Reading the log';
        // A try after a timed-out one asks for less: the answer is judged against its own try.
        let askedLength = 0;
        let sentAt = clock.now();
        const tryOnce = (callSignal) => {
            askedLength = this.lengthToAsk();
            sentAt = clock.now();
            return this.readOrAwaitRecord(offset, callSignal, askedLength);
        };
        const chunk = await withRetries(tryOnce, {
            clock,
            signal,
            random: this.context.random,
            backoff: this.context.options.backoff,
            shouldRetry: isTransient,
            pacedDelayMs: (error, sentAt) => isThrottling(error) ? this.context.pace.throttled(error, sentAt) : undefined,
            onRecovered: (failures) => listener.onDebug(`${what} succeeded after ${failures} failed tries.`),
            onRetry: ({ error, failuresInARow, delayMs }) => {
                const failure = error;
                if (failure.timedOut)
                    this.length.timedOut();
                sameErrors.failed(what, failure.message, clock.now());
                const message = `${failure.message} Retrying in ${(delayMs / 1000).toFixed(1)} s (failure ${failuresInARow} in a row).`;
                if (failuresInARow >= 3)
                    listener.onStatus(message);
                else
                    listener.onDebug(message);
            },
            afterPause: () => status.poll()
        });
        sameErrors.succeeded();
        this.answered = true;
        this.failingSince = undefined;
        this.length.succeeded();
        this.missing.found();
        return { chunk, askedLength, sentAt };
    }
    /**
     * Best-effort reads, for at most `limitMs` or until the log's `Finished:` line: no retries,
     * a failure is noted in the debug log and the next read tries again.
     */
    async readTail(limitMs, signal) {
        const deadline = this.context.clock.now() + limitMs;
        while (!signal.aborted && this.context.clock.now() < deadline) {
            const remainingMs = deadline - this.context.clock.now();
            let caughtUp = true;
            try {
                const limit = AbortSignal.any([signal, AbortSignal.timeout(remainingMs)]);
                const chunk = await this.request(this.cursor, limit);
                if (!this.droppedAsStale(chunk)) {
                    await this.take(chunk);
                    caughtUp = chunk.content.length === 0 || !chunk.hasMoreData;
                }
            }
            catch (error) {
                this.context.listener.onDebug(`Reading the end of the log failed: ${error instanceof Error ? error.message : String(error)}`);
            }
            if (caughtUp && this.context.listener.finishedLineResult() !== undefined)
                return;
            if (caughtUp)
                await this.context.clock.sleep(Math.min(250, remainingMs), signal).catch(() => undefined);
        }
    }
    /**
     * Whether an answer repeats what was taken (see stale-answers.ts); if so it is dropped here,
     * its memory given back.
     */
    droppedAsStale(chunk) {
        if (!this.stale.isStale(chunk.startOffset, this.cursor, chunk.content))
            return false;
        chunk.release();
        return true;
    }
    /**
     * Hands a chunk on and moves the cursor: only a taken chunk does, so nothing is skipped. With
     * droppedAsStale, the only places a chunk's memory is given back: the reader owns each chunk.
     */
    async take(chunk) {
        try {
            if (chunk.content.length > 0) {
                this.bytesTaken += chunk.content.length;
                this.stale.taken(chunk.content);
                this.context.heartbeat.contentSeen();
                await this.context.listener.onContent(chunk.content, chunk.newlines);
            }
            this.cursor = chunk.nextOffset;
        }
        finally {
            chunk.release();
        }
    }
    /** One read; a record not there yet is waited for here, so it never counts as a failure. */
    async readOrAwaitRecord(offset, signal, length) {
        const { options, clock, status } = this.context;
        for (;;) {
            signal.throwIfAborted();
            try {
                return await this.request(offset, signal, length);
            }
            catch (error) {
                if (signal.aborted || !(error instanceof ApiError))
                    throw error;
                this.endIfLogUnreadable(error);
                if (error.kind !== 'not-found')
                    throw error;
                await this.missing.notThere(error);
                await clock.sleep(Math.max(options.pollIntervalMs, 2000), signal);
                await status.poll();
            }
        }
    }
    /**
     * With the status saying over, a log that never answered will not: the codes seen for builds
     * that never ran and a missing record end the follow at once, other trouble once the settle
     * time has passed. A log that has answered is never cut by one failure: it ends only after
     * failing for PARTIAL_LOG_GIVE_UP_MS in a row.
     */
    endIfLogUnreadable(error) {
        const now = this.context.clock.now();
        this.failingSince ??= now;
        const ended = this.context.status.ended;
        if (!ended || (error.kind !== 'transient' && error.kind !== 'not-found'))
            return;
        if (this.answered) {
            if (now - this.failingSince >= PARTIAL_LOG_GIVE_UP_MS) {
                throw new LogUnreadable(error, this.bytesTaken);
            }
            return;
        }
        const settleMs = this.context.options.logSettleMs ?? DEFAULT_LOG_SETTLE_MS;
        const hopeless = error.kind === 'not-found' ||
            (error.errorCode !== undefined && NEVER_RAN_CODES.has(error.errorCode)) ||
            this.context.clock.now() - ended.observedAt >= settleMs;
        if (hopeless)
            throw new LogUnreadable(error, this.bytesTaken);
    }
}

;// CONCATENATED MODULE: ./src/follow/log-unreadable.ts




/**
 * Says how a follow ends on a log that cannot be read, the build being over (`word`): one that
 * never answered is a plain line; one read in part is a warning with the bytes the log file
 * holds. Returns the note the result carries then (the summary says the log is incomplete).
 */
function sayLogUnreadable(listener, word, { cause, bytesRead }) {
    const why = describeAnswer(cause) || cause.message;
    if (bytesRead === 0) {
        listener.onStatus(`The build is over (${word}) but its log cannot be read (${why}); ending without it.`);
        return undefined;
    }
    warnThrough(listener, `The build is over (${word}) but its log has failed to answer for ${formatDuration(PARTIAL_LOG_GIVE_UP_MS)} in a row (${why}); ending with the ${bytesRead} bytes read, which the log file holds: the log is incomplete.`);
    return `the log is incomplete: ${bytesRead} bytes were read before it stopped answering`;
}

;// CONCATENATED MODULE: ./src/follow/read-pacer.ts

/**
 * Share of the length asked that an answer must carry to count as full. Not all of it: a
 * server may end an answer early at a character or line boundary. Measured in content bytes
 * (or in cursor units, see `AnswerSeen.cursorMoved`), never in characters, because the unit
 * of `length` is undocumented: UTF-8 bytes are at least as many as characters, so a full
 * answer reaches this share whether the server counts `length` in bytes or in characters,
 * while the short answer of a running build (a few new lines) stays far below it.
 */
const FULL_ANSWER_SHARE = 0.75;
/**
 * Waits after the first empty answers that follow new lines, in poll intervals. A pause of
 * the build's output shorter than an interval (a step between two tools, a test class
 * loading) is no silence: the read after the first empty answer comes 0.8 of an interval
 * later, catching the next lines sooner than a whole interval would. The one after it waits
 * 1.2, so the two average one interval: silence costs one read per interval from its start
 * (at 2 s, at most 10 reads in any 20 s), and one interval from then on. Not less than 0.8:
 * every silent wait stays over the half interval, so an empty read never brings the reads to
 * more than two per interval; and the cycle of a half and 0.8 falls out of step with pieces
 * that come a little over half an interval apart (at 0.75 the reads fell in step with pieces
 * 0.62 of an interval apart and missed one in two by a few ms).
 */
const FIRST_SILENT_PAUSES = [0.8, 1.2];
/**
 * The smallest answer size taken for a server's own cap. A server may end every answer below
 * the length asked (a gateway's body limit, say) while saying more data waits; once an answer
 * at least this large was seen, one nearly as large counts as full too, so a burst of log is
 * read on at once instead of one capped answer per half interval. Far above the few lines a
 * running build writes between two reads, so those never count as full.
 */
const SMALLEST_SERVER_CAP = 32 * 1024;
/**
 * When the next log read goes out. Reads are spent evenly, because with new lines written at
 * moments nobody can predict the median wait for a line is half the time between two reads:
 * - a full answer (most of what was asked, or of the server's own cap once one was seen), or
 *   one the server says more follows right now, is read on at once (the next read goes out
 *   before the answer is shown), so a finished or fast log streams;
 * - after a short answer (new lines, less than asked) the next read comes after half a poll
 *   interval: the build is writing, and an immediate read would mostly come back empty;
 * - after an empty answer, one read per poll interval on average from the first one
 *   (`FIRST_SILENT_PAUSES`: 0.8 and 1.2 intervals, then one), so silence costs one read per
 *   interval from its start (the shared pace stretches it further after a minute of silence,
 *   and slows everything under throttling: see pace.ts); but an empty answer to a read sent at
 *   once is no silence, the lines came just before it: the half interval follows it (and
 *   when that read was sent on a guess shown wrong, the first silent wait is half an interval
 *   longer: a guess adds no read to the live pace, and no wait before the next lines);
 * - once the log shows its `Finished:` line nothing more is written: one read per interval,
 *   and the status call's answer that the build is over ends the pause early.
 *
 * `has_more_data` counts as the server's word that more is waiting only until a read sent at
 * once on that word comes back empty while the build runs, or an empty answer says it before
 * the log has shown anything: the CodeArts API says true for as long as a build runs, and such
 * a server's word says nothing. Once the build is over, the word means what it says again.
 * The guess of a server's cap is dropped the same way, once a read sent on it finds nothing.
 * While the shared pace is slowed, neither guess sends a read on: that read would wait out the
 * slowed pace anyway, so its answer could not show what the guess is worth, and a guess never
 * shown wrong would keep the follower a half interval ahead of its slowed pace. A full answer
 * still does (a backlog is caught up with longer reads, see pace.ts).
 */
class ReadPacer {
    pollIntervalMs;
    emptyReadsInARow = Infinity;
    /** A read sent on a guess came back empty; the first silent wait pays it back (pauseMs). */
    owedRead = false;
    lastHadContent = false;
    lastHadMore = false;
    lastSlowed = false;
    moreWordTrusted = true;
    /** Whether an answer as large as the largest seen counts as full (see fullness). */
    capGuessTrusted = true;
    /** Why the read being answered went out at once; undefined when it was paced. */
    sentAtOnce;
    contentSeen = false;
    /** The largest answer seen, in the unit it was measured in (see fullness). */
    largestAnswer = 0;
    constructor(pollIntervalMs) {
        this.pollIntervalMs = pollIntervalMs;
    }
    /** Before an answer is shown: whether the next read goes out at once. */
    readsAtOnce(answer) {
        const sentAtOnce = this.sentAtOnce;
        this.sentAtOnce = undefined;
        this.lastHadContent = answer.hasContent;
        this.lastHadMore = answer.hasMoreData;
        this.lastSlowed = answer.slowed;
        if (!answer.hasContent) {
            // While the build runs, a read sent on the word that finds nothing shows what the word is
            // worth; so does an empty answer that says more waits before the log has shown anything
            // (a build still starting), and then no read has to be spent finding out.
            const wordSaidNothing = sentAtOnce === 'word' || (answer.hasMoreData && !this.contentSeen);
            if (wordSaidNothing && !answer.buildOver)
                this.moreWordTrusted = false;
            // So does one sent on the size of the answer before: that size was no cap but the lines
            // the build wrote meanwhile (a build writing more than SMALLEST_SERVER_CAP between reads),
            // and that answer's word that more was waiting said nothing either.
            if (sentAtOnce === 'cap' && !answer.buildOver) {
                this.capGuessTrusted = false;
                this.moreWordTrusted = false;
            }
            // A read sent at once that finds nothing is no silence: the lines came just before it.
            if (sentAtOnce === undefined)
                this.emptyReadsInARow++;
            // A guess shown wrong spent a read the live pace would not have sent: the first silent
            // wait pays it back, so a guess adds no read to the pace and no wait to the lines.
            if ((sentAtOnce === 'word' || sentAtOnce === 'cap') && !answer.buildOver)
                this.owedRead = true;
            return false;
        }
        this.emptyReadsInARow = 0;
        this.contentSeen = true;
        if (!answer.hasMoreData)
            return false;
        const full = answer.cursorMoved === undefined
            ? undefined
            : this.fullness(answer.cursorMoved, answer.askedLength);
        if (full === 'length')
            return this.readOnAtOnce(full);
        if (answer.buildOver)
            return this.readOnAtOnce('over');
        if (answer.slowed)
            return false;
        if (full === 'cap')
            return this.readOnAtOnce(full);
        return this.moreWordTrusted && this.readOnAtOnce('word');
    }
    /**
     * After an answer that was not read on at once has been shown: whether its content, in
     * bytes, made it full after all (a server whose cursor counts characters while `length`
     * counts bytes, or whose cursors are not numbers), so the next read goes out now.
     */
    fullByContent(contentBytes, askedLength) {
        if (!this.lastHadContent || !this.lastHadMore)
            return false;
        const full = this.fullness(contentBytes, askedLength);
        if (full === undefined || (full === 'cap' && this.lastSlowed))
            return false;
        return this.readOnAtOnce(full);
    }
    /**
     * An answer dropped unshown (it repeated what was taken): it tells nothing about the log,
     * and the reason its read went out at once is spent with it.
     */
    dropped() {
        this.sentAtOnce = undefined;
    }
    /** How long to wait before the next read, after an answer not read on at once. */
    pauseMs(logFinished) {
        const interval = this.pollIntervalMs;
        if (logFinished)
            return interval;
        if (this.emptyReadsInARow === 0)
            return interval / 2;
        const waitMs = interval * (FIRST_SILENT_PAUSES[this.emptyReadsInARow - 1] ?? 1);
        if (!this.owedRead)
            return waitMs;
        this.owedRead = false;
        return waitMs + interval / 2;
    }
    readOnAtOnce(why) {
        this.sentAtOnce = why;
        return true;
    }
    /**
     * Whether an answer of `size` is full: 'length' when it carries most of what was asked,
     * 'cap' when it carries most of the largest answer seen, that one large enough to be the
     * server's cap (SMALLEST_SERVER_CAP) and no read sent on that guess having found nothing.
     */
    fullness(size, askedLength) {
        this.largestAnswer = Math.max(this.largestAnswer, size);
        if (size >= askedLength * FULL_ANSWER_SHARE)
            return 'length';
        const capGuessed = this.capGuessTrusted && this.largestAnswer >= SMALLEST_SERVER_CAP;
        const cap = Math.min(askedLength, this.largestAnswer);
        return capGuessed && size >= cap * FULL_ANSWER_SHARE ? 'cap' : undefined;
    }
}
/** What an answer to a read from `offset` says for pacing. */
function answerSeen(offset, chunk, askedLength, buildOver, slowed) {
    const from = cursorValue(chunk.startOffset ?? offset);
    const to = cursorValue(chunk.nextOffset);
    return {
        hasContent: chunk.content.length > 0,
        hasMoreData: chunk.hasMoreData,
        cursorMoved: from !== undefined && to !== undefined ? Number(to - from) : undefined,
        askedLength,
        buildOver,
        slowed
    };
}

;// CONCATENATED MODULE: ./src/follow/pace.ts
/**
 * The follower's one pace, shared by its log reads and its status calls: many followers (a
 * matrix, a queue of builds) share one API quota per tenant and region, and each must ease
 * off when the quota is spent instead of retrying on a common beat.
 */
/** How much slower the whole follower goes, at most, however long the throttling lasts. */
const MAX_SLOWDOWN = 6;
/** Each throttled answer multiplies the slow-down by this. */
const THROTTLE_FACTOR = 4;
/**
 * Each success keeps this share of the slow-down: about 69 successes undo one raise. Slow
 * on purpose: followers sharing a quota each add their climb to the fleet's, and a fast climb
 * runs the fleet back into the quota every few requests.
 */
const RECOVERY_PER_SUCCESS = 0.98;
/** New content was last seen this long ago: the build is silent, and its pace stretches. */
const SILENT_AFTER_MS = 60_000;
/** Gap between two log reads of a silent build: 3 a minute, so 5 a minute with the status
 * calls and never more than 6 in any minute, however the two fall. */
const SILENT_READ_GAP_MS = 20_000;
/** Gap between two status calls of a silent build: 2 a minute. */
const SILENT_STATUS_GAP_MS = 30_000;
/** The most a slowed read asks for: the API's own default length. */
const MAX_SLOWED_READ_LENGTH = 1_000_000;
/** The random part added to a throttled wait is at least this wide, so followers spread. */
const MIN_JITTER_MS = 1000;
/**
 * While slowed, each paced read waits up to this share longer, at random: followers refused
 * together recover together, and without it their reads would keep meeting in the same second.
 */
const SLOWED_PACE_SPREAD = 0.25;
/**
 * The pace: a slow-down factor, raised multiplicatively by a throttled answer (read or
 * status) to a request sent at the current pace, and lowered slowly by successes, so one
 * success does not forget the throttling;
 * the earliest next request after a throttled answer (its Retry-After, or the pace's own
 * wait, plus a random part: never a common beat, never earlier than Retry-After); and the
 * silence of the build, which stretches the pace after a minute without new content.
 */
class SharedPace {
    clock;
    pollIntervalMs;
    random;
    /** 1: the live pace; above 1, every wait is that much longer. */
    slowdown = 1;
    notBefore = -Infinity;
    /** When the slow-down was last raised. */
    raisedAt = -Infinity;
    /** Some request has been answered. */
    answered = false;
    /** When this follower last sent a request. */
    lastSentAt = -Infinity;
    /** The build's end is in sight (its `Finished:` line, or the status saying over). */
    endInSight = false;
    lastContentAt;
    constructor(clock, pollIntervalMs, random) {
        this.clock = clock;
        this.pollIntervalMs = pollIntervalMs;
        this.random = random;
        this.lastContentAt = clock.now();
    }
    /** New log content: the live pace comes back at once. */
    contentSeen() {
        this.lastContentAt = this.clock.now();
    }
    /** No new content for a minute (or none yet since the follow began). */
    get silent() {
        return this.clock.now() - this.lastContentAt >= SILENT_AFTER_MS;
    }
    /** A request goes out now. */
    sent() {
        this.lastSentAt = this.clock.now();
    }
    /**
     * The build's end is in sight: one or two calls remain, so a throttled one is retried after
     * its Retry-After (or half an interval) and a short random part, not after the slowed pace.
     */
    endSeen() {
        this.endInSight = true;
    }
    /** A request answered: the slow-down eases a little. */
    succeeded() {
        this.answered = true;
        if (this.slowdown === 1)
            return;
        this.slowdown *= RECOVERY_PER_SUCCESS;
        if (this.slowdown < 1.05)
            this.slowdown = 1;
    }
    /**
     * A throttled answer to a request sent at `sentAt`: the whole follower slows down, and no
     * request goes out before the returned wait (Retry-After, or the slowed pace, plus jitter).
     * Only an answer to a request sent at the current pace raises the slow-down: one sent before
     * the last raise (a read and a status call at once, say) says nothing new.
     */
    throttled(error, sentAt = this.clock.now()) {
        const now = this.clock.now();
        if (sentAt > this.raisedAt) {
            // Refused before any answer: others spend the quota already, so start at the slowest.
            const factor = this.answered ? THROTTLE_FACTOR : MAX_SLOWDOWN;
            this.slowdown = Math.min(MAX_SLOWDOWN, this.slowdown * factor);
            this.raisedAt = now;
        }
        const paced = (this.pollIntervalMs / 2) * this.paceSlowdown;
        const floor = Math.max(error.retryAfterMs ?? 0, paced);
        const jitter = this.endInSight ? MIN_JITTER_MS : Math.max(MIN_JITTER_MS, paced);
        const waitMs = Math.round(floor + this.random() * jitter);
        this.notBefore = Math.max(this.notBefore, now + waitMs);
        return Math.max(0, this.notBefore - now);
    }
    /** Waits until a throttled wait set meanwhile (e.g. by a status call) is over. */
    async untilAllowed(signal) {
        const waitMs = this.notBefore - this.clock.now();
        if (waitMs > 0)
            await this.clock.sleep(Math.round(waitMs), signal);
    }
    /**
     * Whether a status call may go out now: no throttled wait pending, and, while slowed, one
     * paced gap after it, so the read that waited goes first; and, while slowed, half a paced
     * gap after this follower's last request, so the two never go together (the second of two
     * requests sent at once is the one a spent quota refuses).
     */
    allowsStatusNow(evenNextToARead = false) {
        const now = this.clock.now();
        const slowdown = this.paceSlowdown;
        const afterReads = (this.pollIntervalMs / 2) * (slowdown - 1);
        const apart = this.slowdown > 1 && !evenNextToARead ? (this.pollIntervalMs / 4) * slowdown : 0;
        return now >= this.notBefore + afterReads && now >= this.lastSentAt + apart;
    }
    /** The slow-down of the waits: none once the end is in sight (a call or two are left). */
    get paceSlowdown() {
        return this.endInSight ? 1 : this.slowdown;
    }
    /** Whether the follower is slowed: a status call then goes halfway between two reads. */
    get slowed() {
        return this.slowdown > 1;
    }
    /** Whether the log reads wait the slowed pace now (not once the end is in sight). */
    get slowsReads() {
        return this.paceSlowdown > 1;
    }
    /**
     * The wait before the next log read, from the read pacer's `baseMs` (0: at once): slowed by
     * the slow-down (and up to SLOWED_PACE_SPREAD more, at random), never before a throttled wait
     * ends, at least SILENT_READ_GAP_MS in silence.
     * The paced gap runs from the last read's sending, `sinceSentMs` ago, so the cadence holds;
     * the silent gap, a limit on requests a minute, from now, so no jitter of the network can
     * fit a fourth read into a minute.
     */
    readPauseMs(baseMs, sinceSentMs = 0) {
        const slowdown = this.paceSlowdown;
        const spread = slowdown > 1 ? 1 + SLOWED_PACE_SPREAD * this.random() : 1;
        const slowed = (baseMs > 0 ? baseMs * slowdown : (this.pollIntervalMs / 2) * (slowdown - 1)) * spread;
        const silentGap = this.silent ? SILENT_READ_GAP_MS : 0;
        const throttledWait = this.notBefore - this.clock.now();
        return Math.round(Math.max(slowed - sinceSentMs, silentGap, throttledWait, 0));
    }
    /**
     * The length a log read asks for, from the reader's own: while slowed, that many times more
     * (up to the API's default), so that fewer reads still carry a fast log and a follower that
     * fell behind catches up instead of lagging by the throttled time until the build ends.
     */
    readLength(baseLength) {
        if (this.slowdown === 1)
            return baseLength;
        return Math.max(baseLength, Math.min(MAX_SLOWED_READ_LENGTH, Math.round(baseLength * this.slowdown)));
    }
    /** The gap between two status calls, from their own interval. */
    statusGapMs(intervalMs) {
        const slowed = intervalMs * this.paceSlowdown;
        return this.silent ? Math.max(slowed, SILENT_STATUS_GAP_MS) : slowed;
    }
}

;// CONCATENATED MODULE: ./src/follow/end-rule.ts

const NO_FINISHED_LINE_NOTE = 'The build is over but its log has no "Finished:" line; ending with the log received so far.';
/**
 * The end rule. The build is over when the log is caught up and either the status call said so
 * before the read (and the log shows its `Finished:` line, or has had `settleMs` to show it), or
 * the log's `Finished:` line stands and the status call cannot confirm.
 */
function decideAtCaughtUp(facts) {
    const ended = facts.endedBeforeRead;
    if (ended) {
        if (facts.finishedLine !== undefined)
            return { end: true, statusWord: ended.serverResult };
        if (facts.nowMs - ended.observedAt >= facts.settleMs) {
            return { end: true, statusWord: ended.serverResult, note: NO_FINISHED_LINE_NOTE };
        }
        return { end: false, askStatus: false, atOnce: false };
    }
    if (facts.finishedLine !== undefined && facts.finishedLineMayDecide) {
        return { end: true, statusWord: facts.statusWord };
    }
    if (!facts.statusAvailable)
        return { end: false, askStatus: false, atOnce: false };
    // A last line that reads `Finished: <word>` asks the status call at once, even when the word
    // is unknown or may still be growing: only that answer can end the follow then.
    const looksFinished = facts.finishedLine !== undefined || facts.lastLineLooksFinished;
    const dueAndQuiet = facts.statusDue && !facts.logGrew;
    return { end: false, askStatus: looksFinished || dueAndQuiet, atOnce: looksFinished };
}
/** The result of a build that is over, from the status call's word and the log's `Finished:` word. */
function finalResult(statusWord, logWord) {
    const { word, fromStatus } = finalBuildWord(statusWord, logWord);
    const differ = !!statusWord && !!logWord && statusWord.toUpperCase() !== logWord.toUpperCase();
    if (differ &&
        (classifyBuildResult(statusWord) === 'success') !== (classifyBuildResult(logWord) === 'success')) {
        const failing = classifyBuildResult(statusWord) === 'success' ? logWord : statusWord;
        return {
            result: 'failure',
            word: failing,
            resultSource: failing === statusWord ? 'status' : 'log',
            contradiction: `the build status says ${statusWord} but its log says "Finished: ${logWord}"; a contradiction fails the step`
        };
    }
    return {
        result: classifyBuildResult(word),
        word,
        resultSource: fromStatus ? 'status' : 'log',
        disagreement: differ
            ? `The status says ${statusWord} and the log says "Finished: ${logWord}"; taking ${word}.`
            : undefined
    };
}

;// CONCATENATED MODULE: ./src/follow/pause.ts
/**
 * Waits `ms`, or less when `pending` (a status call on its way) settles first with anything
 * but `false`: the call may say the build is over, and draining the log should not wait a
 * whole poll interval for it; an answer of `false` (the build runs on) lets the wait go on.
 * Rejects at once when `signal` aborts.
 */
async function pauseUntilAnswer(clock, ms, signal, pending) {
    if (!pending)
        return clock.sleep(ms, signal);
    const answered = new AbortController();
    const wake = () => answered.abort();
    pending.then((answer) => {
        if (answer !== false)
            wake();
    }, wake);
    try {
        await clock.sleep(ms, AbortSignal.any([signal, answered.signal]));
    }
    catch (error) {
        if (!answered.signal.aborted)
            throw error; // the follow ends: the signal's reason
    }
    signal.throwIfAborted();
}

;// CONCATENATED MODULE: ./src/follow/status-watch.ts




/** Status failures in a row before the one warning about them. */
const STATUS_FAILURES_BEFORE_WARNING = 3;
/** Resolves when `promise` settles or after the current macrotask, whichever is first. */
function settledSoon(promise) {
    return Promise.race([promise, new Promise((resolve) => setImmediate(resolve))]);
}
/** The first call's answer is awaited this long before the first read goes. */
const FIRST_ANSWER_WAIT_MS = 500;
/**
 * The status call, asked beside the log reads, one at a time, and never holding a read back:
 * its trouble (failures, odd answers) is retried at its own pace and reported once. What it
 * learns (the build is over, the call is unavailable or failing) is kept for the read loop.
 */
class StatusWatch {
    context;
    /** False once the region turns out not to offer the call (or not to this user). */
    available = true;
    /** The last call failed: the log's `Finished:` line decides the end. */
    failing = false;
    /** The call's end-of-build answer, once it came. */
    ended;
    /** The fatal error a call met, thrown by the next `poll`. */
    fatal;
    inFlight;
    nextAt = -Infinity;
    /** When the last call answered: the next waits the pace's gap after it. */
    answeredAt = -Infinity;
    failuresInARow = 0;
    troubleWarned = false;
    /** A call asked for while slowed: it goes halfway through the follower's next pause. */
    wanted;
    constructor(context) {
        this.context = context;
    }
    /**
     * Settles when the call on its way answers: true when it said the build is over. The
     * follower's pause ends early only for that news (see pauseUntilAnswer), so a quiet build's
     * periodic calls add no reads. It settles with every call (a call never rejects, and ends
     * with the follow), so no pause leaves behind a promise that never does.
     */
    get endAnswer() {
        return this.inFlight?.then(() => this.ended !== undefined);
    }
    /**
     * Whether the pace of the calls allows one now: its interval since the last answer (slowed
     * by throttling, stretched in silence), no failure's wait pending, no throttled wait either.
     */
    isDue(soon = false) {
        const { clock, pace } = this.context;
        const now = clock.now();
        const gapOver = now >= this.answeredAt + pace.statusGapMs(this.interval());
        // `soon`: due but for keeping apart from a read, which `askSoon` sees to.
        return gapOver && now >= this.nextAt && pace.allowsStatusNow(soon);
    }
    /** The log's `Finished:` line (seen at `finishedSeenAt`) ends the follow unless the call can say otherwise. */
    letsFinishedLineDecide(finishedSeenAt) {
        if (!this.available || this.failing || this.ended)
            return true;
        const { options, clock } = this.context;
        const patience = options.finishedLinePatienceMs ?? DEFAULT_FINISHED_LINE_PATIENCE_MS;
        return clock.now() - (finishedSeenAt ?? Infinity) >= patience;
    }
    /**
     * Starts a call when one is due (or `now`, unless one failed a moment ago) and none is on
     * its way, and gives it the rest of this turn to answer: a call answered at once is seen at
     * once, a slow one is left to answer in the background. Throws a fatal error it met.
     */
    async poll(now = false) {
        if (!this.available || this.ended)
            return;
        const due = this.isDue() || (now && !this.failing && this.context.pace.allowsStatusNow());
        if (!this.inFlight && due) {
            this.inFlight = this.ask().finally(() => {
                this.inFlight = undefined;
            });
        }
        if (this.inFlight)
            await settledSoon(this.inFlight);
        if (this.fatal)
            throw this.fatal;
    }
    /**
     * The call at the start, whose answer the first read awaits for a moment: a first call
     * refused by a spent quota then holds the first read back too, instead of the two going
     * together into the same refusal.
     */
    async first() {
        await this.poll();
        if (this.inFlight) {
            // Waited on the follower's clock, so that virtual-clock traces stay exact.
            const late = new AbortController();
            const signal = AbortSignal.any([late.signal, this.context.signal]);
            const wait = this.context.clock.sleep(FIRST_ANSWER_WAIT_MS, signal).catch(() => undefined);
            await Promise.race([this.inFlight, wait]).finally(() => late.abort());
        }
        if (this.fatal)
            throw this.fatal;
    }
    /**
     * Asks now (see `poll`), or, while the pace is slowed, halfway through the follower's next
     * pause: a call sent right after a read is the second of two requests at once, the one a
     * spent quota refuses.
     */
    async askSoon(now = false) {
        if (!this.context.pace.slowed)
            return this.poll(now);
        this.wanted = { atOnce: now || (this.wanted?.atOnce ?? false) };
    }
    /**
     * The follower's pause of `ms` between two reads, ended early by an end answer; a call asked
     * for meanwhile (`askSoon`) goes halfway through it, and the read after it waits the other
     * half even when that call says the build is over: the read that drains the log would
     * otherwise be the second of two requests at once.
     */
    async pause(ms) {
        const { clock, signal } = this.context;
        const wanted = this.wanted;
        this.wanted = undefined;
        if (!wanted)
            return pauseUntilAnswer(clock, ms, signal, this.endAnswer);
        const half = Math.round(ms / 2);
        await pauseUntilAnswer(clock, half, signal, this.endAnswer);
        if (this.ended)
            return;
        await this.poll(wanted.atOnce);
        await clock.sleep(ms - half, signal);
    }
    /** Postpones the next call after an answer saying the build is not there yet. */
    postpone(byMs) {
        this.nextAt = this.context.clock.now() + byMs;
    }
    interval() {
        const { options } = this.context;
        return Math.max(options.statusIntervalMs ?? DEFAULT_STATUS_INTERVAL_MS, options.pollIntervalMs);
    }
    /** One call; never throws: what it learns is kept for the loop. */
    async ask() {
        const { api, options, clock, listener, signal } = this.context;
        const sentAt = clock.now();
        this.context.pace.sent();
        try {
            const info = await api.getBuildInfo(options.buildNo, signal);
            const now = clock.now();
            this.answeredAt = now;
            this.nextAt = -Infinity;
            this.context.pace.succeeded();
            if (this.failuresInARow > 0)
                listener.onDebug(`The build status call answered after ${this.failuresInARow} failed tries.`);
            this.failuresInARow = 0;
            this.failing = false;
            if (!info.building) {
                this.ended = { serverResult: info.buildResult, observedAt: now };
                this.context.pace.endSeen();
            }
        }
        catch (error) {
            if (signal.aborted)
                return;
            this.failed(error, sentAt);
        }
    }
    failed(error, sentAt) {
        const { listener, options } = this.context;
        if (!(error instanceof ApiError))
            return this.failWith(error);
        if (error.kind === 'route-missing' || (error.kind === 'fatal' && error.httpStatus === 403)) {
            this.available = false;
            listener.onStatus(`The build status call is not available here (${describeAnswer(error)}); the result will be read from the log's "Finished:" line.`);
            return;
        }
        if (error.kind === 'not-found') {
            // The reads say that the build is awaited, once they know for how long.
            listener.onDebug(`The build status call finds no build yet (${describeAnswer(error)}).`);
            return this.postpone(Math.max(options.pollIntervalMs, 2000));
        }
        if (error.kind !== 'transient')
            return this.failWith(error);
        this.retryLater(error, sentAt);
    }
    retryLater(error, sentAt) {
        const { clock, backoff, random, listener } = this.context;
        this.failing = true;
        this.failuresInARow++;
        const delayMs = isThrottling(error)
            ? this.context.pace.throttled(error, sentAt)
            : backoffDelayMs(this.failuresInARow, backoff, random, error.retryAfterMs);
        this.nextAt = clock.now() + delayMs;
        if (this.failuresInARow >= STATUS_FAILURES_BEFORE_WARNING && !this.troubleWarned) {
            this.troubleWarned = true;
            this.context.warn(`The build status call keeps failing (${error.message}); the log goes on, and the result will be read from its "Finished:" line unless the status call recovers.`);
        }
        else {
            listener.onDebug(`${error.message} Asking again in ${(delayMs / 1000).toFixed(1)} s (failure ${this.failuresInARow} in a row); the log goes on meanwhile.`);
        }
    }
    failWith(error) {
        this.fatal = error instanceof Error ? error : new Error(String(error));
        this.context.onFatal(this.fatal);
    }
}

;// CONCATENATED MODULE: ./src/follow/follower.ts












/**
 * Follows one build's log to its end, with the server's own cursor, at the pace ReadPacer
 * sets: at once while answers come full, half a poll interval after new lines, one poll
 * interval on average once answers come empty. The status call (StatusWatch) runs while the
 * log is caught up and at its `Finished:` line; both keep one shared pace (pace.ts), slowed
 * by throttling and stretched after a minute of silence. When the build is over: end-rule.ts.
 */
class BuildFollower {
    options;
    listener;
    clock;
    startedAt;
    signal;
    deadlineController = new AbortController();
    /** Aborted when the status call meets a fatal error while a read is on its way. */
    fatalController = new AbortController();
    /** Aborted when the follow ends: a status call or a read still on its way is dropped. */
    doneController = new AbortController();
    deadlineTimer;
    status;
    reader;
    heartbeat;
    pacer;
    pace;
    finishedSeenAt;
    constructor(api, options, listener) {
        this.options = options;
        this.listener = listener;
        const clock = (this.clock = options.clock ?? realClock);
        const random = options.random ?? Math.random;
        this.startedAt = clock.now();
        this.signal = AbortSignal.any([
            options.cancelSignal,
            this.deadlineController.signal,
            this.fatalController.signal,
            this.doneController.signal
        ]);
        const warn = (message) => warnThrough(listener, message);
        this.pace = new SharedPace(clock, options.pollIntervalMs, random);
        const shared = { api, options, listener, clock, signal: this.signal, pace: this.pace };
        this.status = new StatusWatch({
            ...shared,
            random,
            backoff: options.backoff ?? DEFAULT_BACKOFF,
            warn,
            onFatal: (error) => this.fatalController.abort(error)
        });
        this.heartbeat = new Heartbeat(clock, options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS, (message) => listener.onStatus(message));
        this.reader = new LogReader({
            ...shared,
            random,
            status: this.status,
            heartbeat: this.heartbeat,
            readLength: options.readLength ?? DEFAULT_READ_LENGTH,
            sameErrors: new SameErrorWatch(options.sameErrorWarnMs ?? SAME_ERROR_WARN_MS, warn)
        });
        this.pacer = new ReadPacer(options.pollIntervalMs);
    }
    async follow() {
        if (this.options.timeoutMs > 0) {
            this.deadlineTimer = setTimeout(() => this.deadlineController.abort(), this.options.timeoutMs);
        }
        try {
            return await this.loop();
        }
        catch (error) {
            if (this.options.cancelSignal.aborted)
                return this.stopped('cancelled', 'the workflow was cancelled');
            if (this.status.fatal)
                throw this.status.fatal;
            if (this.deadlineController.signal.aborted) {
                return this.stopped('timeout', `the 'timeout' of ${formatDuration(this.options.timeoutMs)} was reached`);
            }
            throw error;
        }
        finally {
            clearTimeout(this.deadlineTimer);
            this.doneController.abort();
        }
    }
    async loop() {
        await this.status.first();
        await this.pace.untilAllowed(this.signal); // the first status call was throttled
        let prefetched;
        for (;;) {
            const current = prefetched ?? this.startRead(this.reader.cursor);
            prefetched = undefined;
            let answered;
            try {
                answered = await current.answer;
            }
            catch (error) {
                if (error instanceof LogUnreadable)
                    return this.endWithoutLog(error);
                throw error;
            }
            const { chunk, askedLength, sentAt } = answered;
            this.pace.succeeded();
            if (this.reader.droppedAsStale(chunk)) {
                this.pacer.dropped();
                // Read again from the cursor after a pause: a lagging replica needs time to catch up.
                this.heartbeat.beat();
                await this.pause(this.options.pollIntervalMs);
                continue;
            }
            const contentBytes = chunk.content.length;
            if (contentBytes > 0)
                this.pace.contentSeen();
            const over = this.status.ended !== undefined;
            const seen = answerSeen(current.offset, chunk, askedLength, over, this.pace.slowsReads);
            if (this.pacer.readsAtOnce(seen)) {
                // The next read goes out before this chunk is shown: the server and the network work
                // while the action does. The cursor still moves only once this chunk is taken.
                const heldMs = this.pace.readPauseMs(0); // one draw of the slowed pace's random spread
                if (heldMs === 0)
                    prefetched = this.startRead(chunk.nextOffset);
                await this.reader.take(chunk);
                if (heldMs > 0)
                    await this.waitPaced(heldMs);
                continue;
            }
            await this.reader.take(chunk);
            if (this.pacer.fullByContent(contentBytes, askedLength)) {
                await this.pause(0);
                continue;
            }
            const outcome = await this.afterCaughtUp(current.endedWhenSent, contentBytes > 0);
            if (outcome)
                return outcome;
            if (this.status.ended && !current.endedWhenSent)
                continue; // drain, at once
            this.heartbeat.beat();
            await this.pause(this.pacer.pauseMs(this.finishedSeenAt !== undefined), sentAt);
        }
    }
    /** Waits `ms` as the pace stretches it (0: none unless slowed), counted from `readSentAt`. */
    pause(ms, readSentAt = this.clock.now()) {
        return this.waitPaced(this.pace.readPauseMs(ms, this.clock.now() - readSentAt));
    }
    /** Waits what the pace set; an end answer ends the wait early. */
    async waitPaced(paced) {
        if (paced > 0)
            await this.status.pause(paced);
        await this.pace.untilAllowed(this.signal); // a status call throttled meanwhile
    }
    /** Once a read (which `grew` the log or not) found it caught up: end-rule.ts decides. */
    async afterCaughtUp(endedBeforeRead, grew) {
        const finishedLine = this.listener.finishedLineResult(endedBeforeRead !== undefined);
        if (finishedLine !== undefined) {
            this.finishedSeenAt ??= this.clock.now();
            this.pace.endSeen();
        }
        const decision = decideAtCaughtUp({
            finishedLine,
            lastLineLooksFinished: this.listener.finishedLineResult(true) !== undefined,
            endedBeforeRead,
            statusWord: this.status.ended?.serverResult,
            nowMs: this.clock.now(),
            settleMs: this.options.logSettleMs ?? DEFAULT_LOG_SETTLE_MS,
            finishedLineMayDecide: this.status.letsFinishedLineDecide(this.finishedSeenAt),
            statusAvailable: this.status.available,
            statusDue: this.status.isDue(true),
            logGrew: grew
        });
        if (decision.end) {
            if (decision.note)
                this.listener.onStatus(decision.note);
            return this.finished(decision.statusWord);
        }
        if (decision.askStatus)
            await this.status.askSoon(decision.atOnce);
        return undefined;
    }
    /** After a stop request: the stopped build's end, best effort, to the file (readTail). */
    followTail(limitMs, signal) {
        return this.reader.readTail(limitMs, signal);
    }
    /** Sends a read (with its retries); remembers whether the build was known to be over then. */
    startRead(offset) {
        this.pace.sent();
        const answer = this.reader.readWithRetries(offset);
        // A prefetched read may be dropped when the follow ends early; its failure is not news.
        answer.catch(() => undefined);
        return { offset, answer, endedWhenSent: this.status.ended };
    }
    /** The status said over but the log cannot be read: a build that never ran, or never logs. */
    endWithoutLog(error) {
        const ended = this.status.ended;
        const note = sayLogUnreadable(this.listener, ended.serverResult || 'no result given', error);
        return this.finished(ended.serverResult, note);
    }
    /** The outcome of a build that is over, from the status's word and the log's. */
    finished(statusWord, logNote) {
        const ending = finalResult(statusWord, this.listener.finishedLineResult());
        if (ending.disagreement)
            this.listener.onDebug(ending.disagreement);
        return {
            result: ending.result,
            serverResult: ending.word,
            resultSource: ending.resultSource,
            elapsedMs: this.clock.now() - this.startedAt,
            ...(ending.contradiction || logNote
                ? { note: [ending.contradiction, logNote].filter(Boolean).join('; ') }
                : {})
        };
    }
    stopped(result, note) {
        return { result, elapsedMs: this.clock.now() - this.startedAt, note };
    }
}

;// CONCATENATED MODULE: ./src/follow/start-build.ts



const MAX_START_ATTEMPTS = 5;
/** The request body of RunJob/ExecuteJob for what the inputs asked. */
function startRequestBody(trigger) {
    return {
        ...(trigger.parameters.length > 0 ? { parameter: trigger.parameters } : {}),
        ...(trigger.scm ? { scm: trigger.scm } : {})
    };
}
/** Only a failure that surely never reached CodeArts (refused connection, 429, 503) is safe. */
function surelyNotActedOn(error) {
    return isTransient(error) && error.neverReachedServer;
}
/**
 * Starts the build. Starting is not idempotent, so only failures that surely never reached
 * CodeArts are retried; after any other failure the build may have started, and a second
 * start would run it twice, so the action stops and says so.
 */
async function startBuild(starter, trigger, options) {
    const body = startRequestBody(trigger);
    const { signal } = options;
    try {
        return await withRetries((callSignal) => starter.startBuild(body, callSignal), {
            clock: options.clock ?? realClock,
            random: options.random,
            signal,
            maxAttempts: MAX_START_ATTEMPTS,
            shouldRetry: surelyNotActedOn,
            onRetry: ({ error, delayMs }) => options.onStatus(`${error.message} CodeArts did not take the start request; trying again in ${(delayMs / 1000).toFixed(1)} s.`)
        });
    }
    catch (error) {
        if (!isTransient(error) || error.neverReachedServer || signal.aborted)
            throw error;
        throw new ApiError({
            message: `Starting the build failed in a way that leaves open whether CodeArts started it (${error.message}) Not retrying, so as not to start it twice: look at the task's build history in CodeArts, then follow the build with 'build-no'.`,
            kind: 'fatal',
            httpStatus: error.httpStatus,
            errorCode: error.errorCode
        });
    }
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/inputs/log-file.ts


/**
 * The path functions of the runner's OS: Windows runners give RUNNER_TEMP and
 * GITHUB_WORKSPACE as `D:\\a\\_temp`, and users write `log-file` with a drive letter and either
 * slash; the platform is a parameter so that both kinds are tested on any machine.
 */
function pathsFor(platform) {
    return platform === 'win32' ? external_node_path_namespaceObject.win32 : external_node_path_namespaceObject.posix;
}
function resolveLogFile(request) {
    const { value, jobId, buildNo, paths } = request;
    const pathOf = pathsFor(request.platform ?? process.platform);
    if (value)
        return pathOf.resolve(paths.GITHUB_WORKSPACE || process.cwd(), value);
    if (buildNo === undefined)
        return undefined;
    return pathOf.join(paths.RUNNER_TEMP || external_node_os_namespaceObject.tmpdir(), `codearts-build-${jobId}-${buildNo}.log`);
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: ./src/mirror/log-file-open.ts



/**
 * Opening the log file safely. The path may come from the repository (`log-file: build.log`),
 * and a repository can commit a symbolic link under that name: the file is therefore never
 * opened through a link at its last component, is created new (mode 0600, readable by this
 * user alone) rather than truncated in place, and a file already there is replaced only with a
 * warning that names it.
 */
/** Not defined on Windows, where the lstat check below is the only guard. */
const NO_FOLLOW = external_node_fs_namespaceObject.constants.O_NOFOLLOW ?? 0;
const CREATE_NEW = external_node_fs_namespaceObject.constants.O_WRONLY | external_node_fs_namespaceObject.constants.O_CREAT | external_node_fs_namespaceObject.constants.O_EXCL | NO_FOLLOW;
/** Owner read and write only: the file may hold whatever the build printed. */
const LOG_FILE_MODE = 0o600;
function refuse(filePath, problem) {
    return new InputError(`Invalid 'log-file' input: '${filePath}' cannot be written: ${problem}. Choose a path in a writable directory, e.g. under \${{ runner.temp }}.`);
}
function reasonOf(error) {
    const { code, message } = error;
    return code ? `${code}: ${message.replace(/^[A-Z]+: /, '')}` : String(message ?? error);
}
function lstatOrUndefined(at) {
    try {
        return external_node_fs_namespaceObject.lstatSync(at);
    }
    catch {
        return undefined;
    }
}
/**
 * Which part of the directory path stands in the way: the first one that is there but is no
 * directory, or a link to nothing. Undefined when every part is a directory or is missing
 * (missing parts are created).
 */
function blockingPart(directory) {
    const parts = [];
    for (let at = directory;; at = external_node_path_namespaceObject.dirname(at)) {
        parts.unshift(at);
        if (external_node_path_namespaceObject.dirname(at) === at)
            break;
    }
    for (const part of parts) {
        const own = lstatOrUndefined(part);
        if (!own)
            return undefined;
        let target;
        try {
            target = external_node_fs_namespaceObject.statSync(part);
        }
        catch {
            return `'${part}' is a symbolic link to something that does not exist`;
        }
        if (!target.isDirectory())
            return `'${part}' is a file, not a directory`;
    }
    return undefined;
}
function makeDirectory(filePath) {
    const directory = external_node_path_namespaceObject.dirname(filePath);
    const blocked = blockingPart(directory);
    if (blocked)
        throw refuse(filePath, blocked);
    try {
        external_node_fs_namespaceObject.mkdirSync(directory, { recursive: true });
    }
    catch (error) {
        throw refuse(filePath, `its directory '${directory}' cannot be created (${reasonOf(error)})`);
    }
}
/**
 * Opens the log file for writing: created new with mode 0600; a regular file already there is
 * removed first (the caller warns); a device or pipe (e.g. /dev/null) is written as it is; a
 * symbolic link, a directory or an unwritable path is a bad 'log-file' input.
 */
function openLogFile(filePath) {
    makeDirectory(filePath);
    const before = lstatOrUndefined(filePath);
    if (before?.isSymbolicLink()) {
        let target = '';
        try {
            target = ` to '${external_node_fs_namespaceObject.readlinkSync(filePath)}'`;
        }
        catch {
            // The link's target is only named when it can be read.
        }
        throw refuse(filePath, `it is a symbolic link${target}, and the log file is never written through a link`);
    }
    if (before?.isDirectory())
        throw refuse(filePath, 'it is a directory');
    try {
        if (before && !before.isFile()) {
            // A device or a pipe the workflow set up on purpose: nothing to replace, nothing to protect.
            return { fd: external_node_fs_namespaceObject.openSync(filePath, external_node_fs_namespaceObject.constants.O_WRONLY | NO_FOLLOW), replaced: false };
        }
        if (before)
            external_node_fs_namespaceObject.unlinkSync(filePath);
        // O_EXCL with O_NOFOLLOW: a link or file put there meanwhile makes this fail, not follow.
        return { fd: external_node_fs_namespaceObject.openSync(filePath, CREATE_NEW, LOG_FILE_MODE), replaced: before !== undefined };
    }
    catch (error) {
        throw refuse(filePath, reasonOf(error));
    }
}

;// CONCATENATED MODULE: ./src/mirror/log-archive.ts


/**
 * The raw log file: the bytes the server sent, appended as they arrive, with only the action's
 * own secrets replaced by `***`. Writes are synchronous on purpose: once `append` returns, the
 * bytes are the operating system's, so a timeout, a cancel or a crash of the action afterwards
 * cannot lose them. The one exception is a piece at the very end that may be the start of a
 * secret: it waits for the next piece (or `close`), so a secret cut between two answers never
 * reaches the file.
 *
 * A write that fails (a full disk, an I/O error) costs the file, not the build: it is said once
 * on the page, what was written stays, and the log goes on to the page as before.
 */
class LogArchive {
    filePath;
    fd;
    hooks;
    bytesReceived = 0;
    /** Bytes that may begin a secret, held until the next piece tells. */
    held = Buffer.alloc(0);
    constructor(filePath, fd, hooks) {
        this.filePath = filePath;
        this.fd = fd;
        this.hooks = hooks;
    }
    /**
     * Creates the file (mode 0600, never through a symbolic link); a file already there is
     * replaced with a warning; a path that cannot be written is a bad 'log-file' input.
     */
    static create(filePath, hooks = {}) {
        const opened = openLogFile(filePath);
        if (opened.replaced) {
            hooks.warn?.(`The log file '${filePath}' already existed (from an earlier step or run) and has been replaced by this build's log.`);
        }
        return new LogArchive(filePath, opened.fd, hooks);
    }
    /** The bytes of log received, whether or not the file could keep them all. */
    get size() {
        return this.bytesReceived;
    }
    /**
     * Appends the bytes; they are copied or written before this returns, so they may be reused.
     * `hasNoSecret`: the caller searched them for the run's secrets already and found none.
     */
    append(content, hasNoSecret = false) {
        if (content.length === 0)
            return;
        this.bytesReceived += content.length;
        if (this.fd === undefined)
            return;
        const secrets = this.hooks.secrets;
        if (!secrets)
            return this.write(content);
        const bytes = this.held.length === 0 ? content : Buffer.concat([this.held, content]);
        const ready = secrets.heldFrom(bytes);
        this.held = ready === bytes.length ? EMPTY : Buffer.from(bytes.subarray(ready));
        if (ready === 0)
            return;
        const readyBytes = asBuffer(bytes).subarray(0, ready);
        // Held bytes before the content may begin a secret that ends in it: those are searched.
        this.write(hasNoSecret && bytes === content ? readyBytes : secrets.redactBytes(readyBytes));
    }
    /** Writes what is held and closes the file. Safe to call more than once, and from a crash path. */
    close() {
        if (this.fd === undefined)
            return;
        this.flushHeld();
        const fd = this.fd;
        if (fd === undefined)
            return;
        this.fd = undefined;
        try {
            external_node_fs_namespaceObject.closeSync(fd);
        }
        catch (error) {
            this.failed(error);
        }
    }
    /** Writes the bytes held as a possible secret's start: what follows will not complete it. */
    flushHeld() {
        if (this.held.length === 0)
            return;
        const last = this.hooks.secrets?.redactBytes(this.held) ?? this.held;
        this.held = EMPTY;
        this.write(last);
    }
    write(bytes) {
        if (this.fd === undefined)
            return;
        try {
            // A short write (rare: a signal, a nearly full disk) is followed by the rest.
            for (let written = 0; written < bytes.length;) {
                written += external_node_fs_namespaceObject.writeSync(this.fd, bytes, written, bytes.length - written);
            }
        }
        catch (error) {
            this.failed(error);
        }
    }
    /** Says once that the file stops here; the log goes on to the page. */
    failed(error) {
        const fd = this.fd;
        this.fd = undefined;
        this.held = EMPTY;
        if (fd !== undefined) {
            try {
                external_node_fs_namespaceObject.closeSync(fd);
            }
            catch {
                // Already failing: the warning below says what matters.
            }
        }
        const { code, message } = error;
        const reason = code ? `${code}: ${message.replace(/^[A-Z]+: /, '')}` : String(error);
        this.hooks.warn?.(`Writing the log file '${this.filePath}' failed (${reason}); it keeps what was written before, and the rest of the log is on this page only.`);
    }
}
const EMPTY = Buffer.alloc(0);
function asBuffer(bytes) {
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

;// CONCATENATED MODULE: ./src/text/ansi.ts
/** Colour and cursor codes (CSI sequences) as build tools print them. */
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g;
/** The text without terminal escape codes, for places that do not render them. */
function stripAnsi(text) {
    return text.indexOf('\u001b') === -1 ? text : text.replace(ANSI_ESCAPE, '');
}
const ESC = 27;
/** A byte ANSI_ESCAPE allows between `ESC [` and the final letter: a digit, `;` or `?`. */
function isParameterByte(byte) {
    return (byte >= 0x30 && byte <= 0x39) || byte === 0x3b || byte === 0x3f;
}
/** Where the code that ANSI_ESCAPE matches at `at` ends, within `text[at, end)`; -1: none there. */
function codeEnd(text, at, end) {
    if (text[at] !== ESC || text[at + 1] !== 0x5b /* [ */)
        return -1;
    let i = at + 2;
    while (i < end && isParameterByte(text[i]))
        i++;
    const letter = text[i] | 0x20;
    return i < end && letter >= 0x61 /* a */ && letter <= 0x7a /* z */ ? i + 1 : -1;
}
/**
 * Whether `text[start, end)`, stripped as stripAnsi strips it, starts with `prefix`: the codes
 * before and between its bytes are passed over, and no string is made.
 */
function startsWithStripped(text, start, end, prefix) {
    let at = start;
    for (let i = 0; i < prefix.length;) {
        const afterCode = text[at] === ESC ? codeEnd(text, at, end) : -1;
        if (afterCode !== -1) {
            at = afterCode;
            continue;
        }
        if (at >= end || text[at] !== prefix[i])
            return false;
        at++;
        i++;
    }
    return true;
}
/**
 * Where the text of a coloured line `text[start, end)` starts: after the codes it opens with
 * (any number, as stripAnsi removes them). -1 when an escape there is no such code.
 */
function afterLeadingCodes(text, start, end) {
    let at = start;
    while (at !== -1 && at < end && text[at] === ESC)
        at = codeEnd(text, at, end);
    return at;
}
/**
 * Where the text that starts at `from` ends when the line `text[.., end)` has colour codes
 * only after it (and perhaps a `\r` after those): then the line's text, codes stripped, is
 * `text[from, <answer>)` exactly. -1 when an escape inside it (or one that is no code) says
 * the codes are interleaved with the text: it must be stripped as a string.
 */
function beforeTrailingCodes(text, from, end) {
    let textEnd = from;
    while (textEnd < end && text[textEnd] !== ESC)
        textEnd++;
    let at = textEnd;
    while (at < end && text[at] === ESC) {
        at = codeEnd(text, at, end);
        if (at === -1)
            return -1;
    }
    return at === end || (at === end - 1 && text[at] === 13) ? textEnd : -1;
}

;// CONCATENATED MODULE: ./src/report/annotation-budget.ts
/**
 * GitHub keeps at most 10 error annotations per workflow step and drops the rest silently.
 * The whole action is one step, and its own final error counts, so the annotations drawn
 * from the remote log must share what is left. This module picks which.
 */
/** GitHub's cap on error annotations in one workflow step. */
const ERROR_ANNOTATIONS_PER_STEP = 10;
function identity(c) {
    return JSON.stringify([c.file ?? null, c.line ?? null, c.column ?? null, c.message.trim()]);
}
/**
 * Ranks a candidate: lower is more useful. The first error in each file tells the reader
 * where to look; the first step-titled error of each build step explains a failure no file
 * shows, so every failing step gets one before any step gets a second; more errors add less;
 * echoes add nothing new.
 */
function tier(c, first) {
    if (c.echo)
        return 4;
    if (c.file === undefined)
        return first ? 1 : 2;
    return first ? 0 : 3;
}
/**
 * Chooses at most `limit - reserved` annotations from the candidates: never a repeat (same
 * file, line, column and message, or same title and message for step-titled ones), first
 * error per file first, the first step-titled error of each step next, then further
 * step-titled errors, then further errors in a file, echoes last; ties in log order. Deterministic: the same candidates always give the same choice.
 *
 * @param reserved annotations the action keeps for its own errors (its final failure: 1)
 */
function chooseAnnotations(candidates, reserved = 1, limit = ERROR_ANNOTATIONS_PER_STEP) {
    if (!Number.isInteger(reserved) || reserved < 0 || reserved > limit) {
        throw new RangeError(`Invalid reserved annotation count: ${reserved}. Expected a whole number from 0 to ${limit}.`);
    }
    const seen = new Set();
    const filesSeen = new Set();
    const titlesSeen = new Set();
    const distinct = [];
    let repeats = 0;
    for (const candidate of candidates) {
        const key = candidate.file === undefined
            ? JSON.stringify([candidate.title ?? null, candidate.message.trim()])
            : identity(candidate);
        if (seen.has(key)) {
            repeats++;
            continue;
        }
        seen.add(key);
        // An echo does not claim its file: the compiler's own line should be the one shown.
        const place = candidate.file ?? candidate.title ?? '';
        const places = candidate.file === undefined ? titlesSeen : filesSeen;
        const first = !candidate.echo && !places.has(place);
        if (first)
            places.add(place);
        distinct.push({ candidate, order: distinct.length, rank: tier(candidate, first) });
    }
    const budget = limit - reserved;
    const ranked = [...distinct].sort((a, b) => a.rank - b.rank || a.order - b.order);
    const chosenOrders = new Set(ranked.slice(0, budget).map((d) => d.order));
    return {
        chosen: distinct.filter((d) => chosenOrders.has(d.order)).map((d) => d.candidate),
        rest: distinct.filter((d) => !chosenOrders.has(d.order)).map((d) => d.candidate),
        repeats
    };
}

;// CONCATENATED MODULE: ./src/report/source-paths.ts
/**
 * Maps paths printed by the remote build to clean repository-relative paths, the only form
 * the pull request's "Files changed" view annotates (no leading `/`, `./` or `../`).
 */
// `git clone <url> <dir>`, `git init <dir>` and git's own `Cloning into '<dir>'...`.
const CLONE_LINE = /^\+?\s*git (?:clone\b.*\s|init\s+)(?<dir>\/\S+?)\/?\s*$|^Cloning into '(?<into>\/[^']+?)\/?'\.\.\.$/;
/**
 * Learns the remote workspace directory from a checkout line, or returns undefined. Only
 * absolute directories count: a relative one says nothing about the paths compilers print.
 */
function learnWorkspacePrefix(line) {
    if (!line.includes('git ') && !line.includes('Cloning into'))
        return undefined;
    const m = CLONE_LINE.exec(line.trim());
    return m?.groups?.dir ?? m?.groups?.into;
}
/** Normalises separators and dot segments; undefined when the path climbs out of its root. */
function cleanRelative(path) {
    const parts = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        // A `..` escape could name a file outside the checkout: refuse rather than guess.
        if (part === '..')
            return undefined;
        parts.push(part);
    }
    return parts.length === 0 ? undefined : parts.join('/');
}
/**
 * Maps a remote path to a repository-relative path of a file in the checkout, or undefined.
 * Strips `file://`, turns `\` into `/`, strips the longest matching workspace prefix, drops
 * `./`, refuses `..`, and keeps only what `exists` confirms.
 */
function toRepositoryPath(remotePath, options) {
    let path = remotePath
        .trim()
        .replace(/^file:\/\//, '')
        .replace(/\\/g, '/');
    const prefixes = options.workspacePrefixes
        .map((p) => p.replace(/\\/g, '/').replace(/\/+$/, ''))
        .filter((p) => p !== '')
        .sort((a, b) => b.length - a.length);
    const prefix = prefixes.find((p) => path === p || path.startsWith(`${p}/`));
    if (prefix !== undefined)
        path = path.slice(prefix.length);
    else if (path.startsWith('/') || /^[A-Za-z]:\//.test(path))
        return undefined;
    const relative = cleanRelative(path);
    return relative !== undefined && options.exists(relative) ? relative : undefined;
}
/**
 * Maps a test class name (`com.example.FooTest`, or a nested `FooTest$Inner`) to its source
 * file: the Maven and Gradle default test folders first, then any file the finder returns.
 */
function classToRepositoryPath(className, options) {
    if (!/^[\w$.]+$/.test(className))
        return undefined;
    const outer = className.split('$')[0];
    const stem = outer
        .split('.')
        .filter((s) => s !== '')
        .join('/');
    if (stem === '')
        return undefined;
    for (const ext of ['java', 'kt', 'groovy', 'scala']) {
        for (const root of ['src/test/java', 'src/test/kotlin', 'src/test/groovy', 'src/test/scala']) {
            const candidate = `${root}/${stem}.${ext}`;
            if (options.exists(candidate))
                return candidate;
        }
    }
    for (const ext of ['java', 'kt']) {
        const found = options.findBySuffix?.(`/${stem}.${ext}`);
        const first = found?.find((f) => cleanRelative(f) === f && options.exists(f));
        if (first !== undefined)
            return first;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/report/failure-annotations.ts






const MAX_ANNOTATION_LENGTH = 1000;
const OUTSIDE_STEPS_TITLE = 'CodeArts build';
/** Whether a repository-relative path is a file under the checkout. */
function fileInCheckout(workspace) {
    return (relativePath) => {
        const full = (0,external_node_path_namespaceObject.join)(workspace, relativePath);
        return (0,external_node_fs_namespaceObject.existsSync)(full) && (0,external_node_fs_namespaceObject.statSync)(full).isFile();
    };
}
function toCandidate(failure, paths, redactor) {
    const { source } = failure;
    if (source && paths) {
        const file = source.path !== undefined
            ? toRepositoryPath(source.path, paths)
            : source.className !== undefined
                ? classToRepositoryPath(source.className, paths)
                : undefined;
        // A path is written as it is (a redacted one would point nowhere), so one that holds a
        // secret is not used: the failure stays step-titled, with its message redacted.
        if (file !== undefined && !redactor.appearsIn(file)) {
            return {
                file,
                line: source.line,
                column: source.column,
                title: singleLineRemoteText(failure.stepName ?? OUTSIDE_STEPS_TITLE),
                // Redacted before it is shortened: a cut through a secret would hide it from redaction.
                message: redactor.safe(singleLineRemoteText(stripAnsi(source.message)), MAX_ANNOTATION_LENGTH)
            };
        }
    }
    // A failure whose file is not in the checkout stays the step-titled error it was.
    return failure.stepTitled;
}
/**
 * Chooses the run's error annotations at its end, when the whole picture is known: failures on
 * the checkout's files and step-titled errors share what the runner shows of one step (10),
 * less what the action keeps for its own errors. The rest goes to the job summary.
 */
function chooseFailureAnnotations(failures, context) {
    const prefixes = context.workspacePrefix ? [context.workspacePrefix] : failures.workspacePrefixes;
    const paths = context.workspace
        ? { workspacePrefixes: prefixes, exists: fileInCheckout(context.workspace) }
        : undefined;
    const candidates = failures.failures
        .map((failure) => toCandidate(failure, paths, context.redactor))
        .filter((candidate) => candidate !== undefined);
    return chooseAnnotations(candidates, context.reserved);
}
/** Writes the chosen annotations; every remote value is escaped by the command's format. */
function writeFailureAnnotations(log, chosen) {
    for (const annotation of chosen) {
        log.annotate('error', annotation.message, {
            title: annotation.title,
            file: annotation.file,
            line: annotation.line?.toString(),
            col: annotation.column?.toString()
        });
    }
}

;// CONCATENATED MODULE: ./src/build-log/finished-line.ts

/** How the log's own last line starts: `Finished: SUCCESS`, as Jenkins-style logs end. */
const FINISHED_PREFIX = 'Finished: ';
const FINISHED_PREFIX_BYTES = Buffer.from(FINISHED_PREFIX);
/** The final `Finished: <RESULT>` line of the log, the fallback when no status call exists. */
function finishedLineResult(line) {
    const match = /^Finished: ([A-Za-z_]+)\s*$/.exec(line);
    return match ? match[1] : undefined;
}
/**
 * Whether a line may be the Finished line, from its first bytes and without making a string
 * of it: the hot path asks this of every line.
 */
function mayBeFinishedLine(text, start) {
    return startsWithBytes(text, start, FINISHED_PREFIX_BYTES);
}
/** Whether `text` holds `prefix` at `start`: a comparison of bytes, no string made. */
function startsWithBytes(text, start, prefix) {
    if (start + prefix.length > text.length)
        return false;
    for (let i = 0; i < prefix.length; i++)
        if (text[start + i] !== prefix[i])
            return false;
    return true;
}
/**
 * The result of a `Finished: <RESULT>` line that is the log's last line so far but has no
 * newline yet (`line` without its trailing `\r`). Only the caller knows whether the log is
 * caught up, and so whether this line is the log's end. While the log may still grow, only a
 * known final word counts (`Finished: SUCC` may be a word still being written); once it is
 * complete, any word does.
 */
function unterminatedFinishedResult(line, logComplete) {
    if (!line.startsWith(FINISHED_PREFIX))
        return undefined;
    const word = finishedLineResult(line);
    return logComplete || isKnownBuildResult(word) ? word : undefined;
}

;// CONCATENATED MODULE: ./src/build-log/line-ring.ts
/**
 * The last N lines of a step, for the failure excerpt. A line of tool output is kept as a
 * place in the bytes it came in (bytes, start, end), not as a string of its own: remembering a
 * line allocates nothing, which matters when a log has millions of them. The bytes are lent
 * (their memory is reused once a chunk is taken), so `detach` copies the few remembered lines
 * before that. Only the lines asked for become strings.
 */
class LineRing {
    capacity;
    texts = [];
    starts = [];
    ends = [];
    next = 0;
    constructor(capacity) {
        this.capacity = capacity;
    }
    /** Remembers `text[start, end)` without copying it. */
    push(text, start, end) {
        if (this.capacity === 0)
            return;
        if (this.texts.length < this.capacity) {
            this.texts.push(text);
            this.starts.push(start);
            this.ends.push(end);
            return;
        }
        this.texts[this.next] = text;
        this.starts[this.next] = start;
        this.ends[this.next] = end;
        // Not `% capacity`: a division for every line of the log.
        this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    }
    /**
     * Copies the remembered lines that lie in `bytes`, which is about to be reused: at most
     * `maxBytes` of each (see `lines`).
     */
    detach(bytes, maxBytes) {
        for (let i = 0; i < this.texts.length; i++) {
            if (this.texts[i] !== bytes)
                continue;
            let end = Math.min(this.ends[i], this.starts[i] + maxBytes);
            // A character cut in two would show as U+FFFD: the cut moves before it.
            while (end < this.ends[i] && end > this.starts[i] && (bytes[end] & 0xc0) === 0x80)
                end--;
            this.texts[i] = Buffer.from(bytes.subarray(this.starts[i], end));
            this.ends[i] = end - this.starts[i];
            this.starts[i] = 0;
        }
    }
    /**
     * The remembered lines, oldest first, each cut to `maxChars` characters (or bytes, for a
     * line of bytes) and without a trailing `\r`.
     */
    lines(maxChars) {
        const lines = [];
        for (let i = 0; i < this.texts.length; i++) {
            const at = (this.next + i) % this.texts.length;
            const text = this.texts[at];
            let end = Math.min(this.ends[at], this.starts[at] + maxChars);
            if (typeof text === 'string') {
                if (text.charCodeAt(end - 1) === 13)
                    end--;
                lines.push(text.slice(this.starts[at], end));
            }
            else {
                if (text[end - 1] === 13)
                    end--;
                // A character cut by `maxChars` would end in U+FFFD: cut before it instead.
                if (end < this.ends[at])
                    while (end > this.starts[at] && (text[end] & 0xc0) === 0x80)
                        end--;
                lines.push(text.toString('utf8', this.starts[at], end));
            }
        }
        return lines;
    }
    clear() {
        this.texts.length = 0;
        this.starts.length = 0;
        this.ends.length = 0;
        this.next = 0;
    }
}

;// CONCATENATED MODULE: ./src/build-log/step-markers.ts
const STEP_LINE = /^\[([^\]]{8,40})\] \[([A-Za-z]+)\] \[([^\]]+)\]\s*:\s?(.*)$/;
const MENTIONS_THIS_STEP = /this step/i;
const STARTS = /\b(start|starts|started|starting|begin|begins)\b/i;
const ENDS = /\b(complete|completed|finish|finished|end|ended|fail|failed|failure|succeeded|success)\b/i;
const FAILS = /\b(fail|failed|failure|error)\b/i;
/**
 * A cheap test on the log's UTF-8 bytes, with no allocation, that rules out almost every line
 * before parseStepLine: a step line starts with `[`, a timestamp of 8 to 40 characters (up to
 * 120 bytes), `] [`. Looks at no more than the first 124 bytes of `text` from `start` (the
 * line ends at `end`).
 */
function mayBeStepLine(text, start, end) {
    if (text[start] !== 91 /* [ */)
        return false;
    const limit = Math.min(end, start + 122);
    for (let at = start + 1; at < limit; at++) {
        if (text[at] !== 93 /* ] */)
            continue;
        const width = at - start - 1;
        return width >= 8 && text[at + 1] === 32 && text[at + 2] === 91;
    }
    return false;
}
/** Parses a line tagged with a build step; undefined for every other line. */
function parseStepLine(line) {
    // Almost every line is tool output: one character decides before any regex runs.
    if (line.charCodeAt(0) !== 91 /* [ */)
        return undefined;
    const match = STEP_LINE.exec(line);
    if (!match)
        return undefined;
    const [, timestamp, level, tag, message] = match;
    const separator = tag.lastIndexOf(':');
    if (separator <= 0)
        return undefined;
    const name = tag.slice(0, separator).trim();
    const id = tag.slice(separator + 1).trim();
    if (!name || !id || /\s/.test(id))
        return undefined;
    const isError = level.toUpperCase() === 'ERROR';
    let kind = 'other';
    if (MENTIONS_THIS_STEP.test(message)) {
        if (ENDS.test(message))
            kind = 'end';
        else if (STARTS.test(message))
            kind = 'start';
    }
    const failed = isError || (kind === 'end' && FAILS.test(message));
    return { name, id, level, kind, failed, timestamp, message };
}
const MONTHS = {
    jan: 0,
    feb: 1,
    mar: 2,
    apr: 3,
    may: 4,
    jun: 5,
    jul: 6,
    aug: 7,
    sep: 8,
    oct: 9,
    nov: 10,
    dec: 11
};
function zoneOffsetMs(sign, hours, minutes) {
    const magnitude = (Number(hours) * 60 + Number(minutes ?? 0)) * 60_000;
    return sign === '-' ? -magnitude : magnitude;
}
/**
 * Epoch milliseconds of a marker's timestamp, in either style:
 * `2023/12/21 15:44:18.793 GMT+08:00` or `Sep 14, 2026 02:29:37.820 GMT+08:00`.
 */
function parseLogTimestamp(text) {
    const numeric = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: GMT([+-])(\d{1,2}):?(\d{2})?)?$/.exec(text);
    const named = /^([A-Za-z]{3})[a-z]* (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: GMT([+-])(\d{1,2}):?(\d{2})?)?$/.exec(text);
    let fields;
    if (numeric) {
        const [, year, month, day, h, m, s, ms, sign, zh, zm] = numeric;
        fields = [Number(year), Number(month) - 1, Number(day), h, m, s, ms, sign, zh, zm];
    }
    else if (named) {
        const [, monthName, day, year, h, m, s, ms, sign, zh, zm] = named;
        const month = MONTHS[monthName.toLowerCase()];
        if (month === undefined)
            return undefined;
        fields = [Number(year), month, Number(day), h, m, s, ms, sign, zh, zm];
    }
    else {
        return undefined;
    }
    const [year, month, day, h, m, s, ms, sign, zh, zm] = fields;
    // Date.UTC rolls impossible values over (month 13 becomes next January): refuse them.
    if (month > 11 || day < 1 || day > 31 || Number(h) > 23 || Number(m) > 59 || Number(s) > 59) {
        return undefined;
    }
    const utc = Date.UTC(year, month, day, Number(h), Number(m), Number(s), Number((ms ?? '0').padEnd(3, '0')));
    const offset = sign && zh ? zoneOffsetMs(sign, zh, zm) : 0;
    return Number.isNaN(utc) ? undefined : utc - offset;
}

;// CONCATENATED MODULE: ./src/text/next-occurrence.ts
/**
 * Where the next occurrence of a needle is in a text, searched for once and remembered: asked
 * line after line (positions only grow within a text), the text is searched once per
 * occurrence, and a line with none costs one comparison. Whoever looks past one occurrence to
 * the next (the failure lines' `:` after `:`) asks the same finder, so the search that runs
 * into the next line is not made again there.
 *
 * The needle is a byte or bytes, never a string: Buffer#indexOf encodes a string needle anew
 * on every call, which on a log of short lines costs more than the search.
 */
class NextOccurrence {
    needle;
    text;
    /** The search from `from` found `at` (-1: none up to the text's end). */
    from = 0;
    at = -1;
    constructor(needle) {
        this.needle = needle;
    }
    /** Forgets what was found: the next question may be about another text. */
    reset() {
        this.text = undefined;
    }
    /** Where the needle next occurs in `text` at or after `position`, or -1. */
    after(text, position) {
        const known = this.text === text && this.from <= position && (this.at === -1 || position <= this.at);
        if (!known) {
            this.text = text;
            this.from = position;
            const { needle } = this;
            this.at = text.indexOf(needle, position);
        }
        return this.at;
    }
    /** Where the needle first occurs in `text[start, end)`, or -1. */
    within(text, start, end) {
        const at = this.after(text, start);
        return at < end ? at : -1;
    }
}

;// CONCATENATED MODULE: ./src/build-log/step-line-bytes.ts

/**
 * Step lines read on the log's bytes, for the lines that need no string: most of a real
 * CodeArts log is the engine's chatter, every line tagged with the step it belongs to,
 *   [2023/12/21 15:44:18.793 GMT+08:00] [INFO] [Maven build: external_post_maven]: text
 * and such a line changes nothing but the open step's tail when its tag is the open step's,
 * its level is no ERROR and its text does not say "this step". Those three things are told
 * here from the bytes; every other line is parsed in full by parseStepLine (step-markers.ts),
 * whose pattern this file must agree with: a line said routine here is one parseStepLine
 * reads as an `other` line of the same step, not failed, with the message starting where
 * this file says.
 */
const CLOSE = 93; /* ] */
const OPEN = 91; /* [ */
const SPACE = 32;
const TAB = 9;
const step_line_bytes_COLON = 58;
/** A line longer than this is classified by its start only (LONG_LINE_BYTES): parsed in full. */
const ROUTINE_MAX_BYTES = 4096;
/** `this step` as the step pattern's case-insensitive test sees it, lower case. */
const THIS_STEP = Buffer.from('this step');
/**
 * Where the third tag (the step's) starts, after `[<8 to 40 characters>] [<letters>] `; -1 for
 * any other start, and for the level ERROR when `refuseError`. The pattern counts the
 * timestamp in UTF-16 code units, the bytes here: a timestamp of 24 to 40 bytes is 8 to 40
 * units whatever its characters (at most 3 bytes a unit), so only a shorter one must be ASCII
 * to be told here (a non-ASCII one is parsed in full).
 */
function thirdTagStart(text, start, end, refuseError) {
    if (text[start] !== OPEN)
        return -1;
    let at = start + 1;
    const stampLimit = Math.min(end, start + 42);
    while (at < stampLimit && text[at] !== CLOSE)
        at++;
    const width = at - start - 1;
    if (width < 8 || width > 40 || text[at] !== CLOSE)
        return -1;
    if (width < 24 && !isAscii(text, start + 1, at))
        return -1;
    if (text[at + 1] !== SPACE || text[at + 2] !== OPEN)
        return -1;
    const levelStart = at + 3;
    at = levelStart;
    while (at < end && (text[at] | 0x20) >= 97 /* a */ && (text[at] | 0x20) <= 122 /* z */)
        at++;
    if (at === levelStart || text[at] !== CLOSE || text[at + 1] !== SPACE)
        return -1;
    if (refuseError && at - levelStart === 5 && isError(text, levelStart))
        return -1;
    return text[at + 2] === OPEN ? at + 2 : -1;
}
/** Whether `text[from, to)` holds ASCII bytes only. */
function isAscii(text, from, to) {
    for (let at = from; at < to; at++)
        if (text[at] >= 0x80)
            return false;
    return true;
}
/** `ERROR` in any case, the level that fails a step. */
function isError(text, at) {
    return ((text[at] | 0x20) === 101 /* e */ &&
        (text[at + 1] | 0x20) === 114 /* r */ &&
        (text[at + 2] | 0x20) === 114 &&
        (text[at + 3] | 0x20) === 111 /* o */ &&
        (text[at + 4] | 0x20) === 114);
}
/**
 * The bytes of a step line's step tag, brackets included (`[Maven build: external_post_maven]`),
 * copied; undefined when they cannot be told from the bytes. Asked only of a line
 * parseStepLine has read as a step line.
 */
function stepTagBytes(text, start, end) {
    const tagStart = thirdTagStart(text, start, end, false);
    if (tagStart < 0)
        return undefined;
    let at = tagStart + 1;
    while (at < end && text[at] !== CLOSE)
        at++;
    return at < end ? Buffer.from(text.subarray(tagStart, at + 1)) : undefined;
}
/** What the pattern's `.` refuses besides `\n`: a line of the step is parsed in full then. */
const REFUSED_BY_DOT = [Buffer.from('\r'), Buffer.from('\u2028'), Buffer.from('\u2029')];
/**
 * Tells routine lines of the open step (see the file's comment) from the bytes. The line
 * terminators the pattern refuses are found by searches over the whole text, made once and
 * remembered while the lines are asked in order; `this step` is searched for within the
 * message, skipping most bytes. A line costs no allocation.
 */
class RoutineLines {
    refusedByDot = REFUSED_BY_DOT.map((bytes) => new NextOccurrence(bytes));
    /**
     * Where the message of `text[start, end)` starts when the line is a routine line of the
     * step whose tag is `openTag`; -1 when the line must be parsed in full.
     */
    messageStart(text, start, end, openTag) {
        if (text[start] !== OPEN || end - start > ROUTINE_MAX_BYTES)
            return -1;
        const tagStart = thirdTagStart(text, start, end, true);
        if (tagStart < 0 || tagStart + openTag.length > end)
            return -1;
        for (let i = 0; i < openTag.length; i++)
            if (text[tagStart + i] !== openTag[i])
                return -1;
        // `\s*:\s?` after the tag, on its plain ASCII forms; anything else is parsed in full.
        let at = tagStart + openTag.length;
        while (at < end && (text[at] === SPACE || text[at] === TAB))
            at++;
        if (text[at] !== step_line_bytes_COLON)
            return -1;
        at++;
        const lineEnd = end > at && text[end - 1] === 13 ? end - 1 : end;
        if (at < lineEnd && (text[at] === SPACE || text[at] === TAB))
            at++;
        else if (at < lineEnd && (text[at] < 0x21 || text[at] >= 0x80))
            return -1;
        for (const refused of this.refusedByDot)
            if (refused.within(text, at, lineEnd) !== -1)
                return -1;
        return saysThisStep(text, at, lineEnd) ? -1 : at;
    }
    /** The text's bytes are about to be reused: nothing found in them holds any longer. */
    newText() {
        for (const refused of this.refusedByDot)
            refused.reset();
    }
}
const LAST = THIS_STEP.length - 1;
/** Whether `byte` matches the pattern's `want` as the case-insensitive test has it. */
function matches(byte, want) {
    return byte === want || (want !== SPACE && (byte | 0x20) === want);
}
/**
 * How far the search window may move on when its last byte is this one (Horspool): its
 * distance from the end of `this step` at the last place it matches, the final byte not counted.
 */
const SHIFT = new Uint8Array(256).fill(THIS_STEP.length);
for (let byte = 0; byte < 256; byte++) {
    for (let i = 0; i < LAST; i++)
        if (matches(byte, THIS_STEP[i]))
            SHIFT[byte] = LAST - i;
}
/**
 * `this step`, in any case, within `text[from, to)` (a start or end marker may say it). Most
 * bytes are skipped, not read: a log's messages are long and almost none says it.
 */
function saysThisStep(text, from, to) {
    for (let last = from + LAST; last < to; last += SHIFT[text[last]]) {
        let i = LAST;
        while (i >= 0 && matches(text[last - LAST + i], THIS_STEP[i]))
            i--;
        if (i < 0)
            return true;
    }
    return false;
}

;// CONCATENATED MODULE: ./src/build-log/step-tracker.ts




/**
 * How many steps that did not succeed keep their last lines: the first failed ones (the report
 * shows the first failed step's) and the latest unfinished ones (one may be seen again and fail).
 * Kept for every one of 100,000 such steps, they would cost memory without bound.
 */
const MAX_FAILED_TAILS = 4;
const MAX_UNFINISHED_TAILS = 4;
/**
 * Follows the steps through the log, one line at a time. A step opens at its start marker or
 * at the first line tagged with it, and closes at its end marker or when another step's line
 * appears. Untagged lines belong to the open step, or to no step at all.
 */
class StepTracker {
    maxExcerptLineChars;
    steps = [];
    /** The steps by id and name: finding one costs the same at 100,000 steps as at 100. */
    byKey = new Map();
    lastFinishedResult;
    current;
    /** The bytes of the open step's tag as its lines write it, once a line of it was parsed. */
    openTag;
    tail;
    routine = new RoutineLines();
    /** The steps that keep their last lines, failed ones first come, unfinished ones latest. */
    failedTails = [];
    unfinishedTails = [];
    /**
     * @param tailLineCount how many of a step's last lines to keep for the failure excerpt
     * @param maxExcerptLineChars where an excerpt line is cut
     */
    constructor(tailLineCount = 30, maxExcerptLineChars = 65_536) {
        this.maxExcerptLineChars = maxExcerptLineChars;
        this.tail = new LineRing(tailLineCount);
    }
    /** The result named by the last complete `Finished: <RESULT>` line, if any. */
    get finishedResult() {
        return this.lastFinishedResult;
    }
    get openStep() {
        return this.current;
    }
    /** Takes one complete line (without its line break) that may be a step or Finished line. */
    observe(line) {
        if (line.charCodeAt(0) === 70 /* F */) {
            this.lastFinishedResult = finishedLineResult(line) ?? this.lastFinishedResult;
        }
        const tagged = parseStepLine(line);
        let opened;
        if (tagged &&
            (!this.current || this.current.id !== tagged.id || this.current.name !== tagged.name)) {
            this.closeCurrent('unfinished');
            opened = this.open(tagged);
        }
        const step = this.current;
        let closes = false;
        if (step) {
            this.tail.push(line, 0, line.length);
            if (tagged) {
                if (tagged.failed)
                    step.failed = true;
                if (tagged.kind === 'start' && step.startedAtMs === undefined) {
                    step.startedAtMs = parseLogTimestamp(tagged.timestamp);
                }
                if (tagged.kind === 'end') {
                    step.endedAtMs = parseLogTimestamp(tagged.timestamp);
                    this.closeCurrent(tagged.failed ? 'failed' : 'success');
                    closes = true;
                }
            }
        }
        return { line, step, opened, closes, tagged };
    }
    /**
     * observe() for a line given as bytes too (`line` is its lineHead): a line tagged with the
     * open step teaches the tracker that step's tag bytes, for observeRoutine.
     */
    observeLine(line, text, start, end) {
        const seen = this.observe(line);
        if (seen.tagged && this.openTag === undefined && this.current === seen.step) {
            this.openTag = stepTagBytes(text, start, end);
        }
        return seen;
    }
    /**
     * A line that may be a step line, decided on its bytes when it is a routine line of the open
     * step (its tag, a level other than ERROR, no `this step`: see step-line-bytes.ts): it then
     * only joins the step's tail, as observe() would have it, and the answer is where its
     * message starts. -1: the line needs observe().
     */
    observeRoutine(text, start, end) {
        const tag = this.openTag;
        if (tag === undefined || this.current === undefined)
            return -1;
        const message = this.routine.messageStart(text, start, end, tag);
        if (message !== -1)
            this.tail.push(text, start, end);
        return message;
    }
    /**
     * A line known to be no step line (see mayBeStepLine): it only joins the open step's tail.
     * Costs no allocation, for the millions of lines of tool output. Returns `start`: all of the
     * line is its text.
     */
    observePlain(text, start, end) {
        if (this.current)
            this.tail.push(text, start, end);
        return start;
    }
    /** `bytes` is about to be reused: the tail copies the lines it keeps of them. */
    detach(bytes) {
        this.tail.detach(bytes, this.maxExcerptLineChars);
        this.routine.newText();
    }
    /**
     * The result of the log's last line when it is a Finished line still without its newline
     * (`line` without a trailing `\r`); see unterminatedFinishedResult.
     */
    unterminatedFinishedResult(line, logComplete) {
        return unterminatedFinishedResult(line, logComplete);
    }
    /** Ends the log: a step still open did not report its end. */
    finish() {
        this.closeCurrent('unfinished');
    }
    /** The step that failed: the first whose end marker or error lines say so. */
    failedStep() {
        return (this.steps.find((step) => step.status === 'failed') ?? this.steps.find((step) => step.failed));
    }
    open(tagged) {
        // A step seen again (its failure marker after another step's line, say) keeps one record.
        const key = `${tagged.id}\u0000${tagged.name}`;
        let record = this.byKey.get(key);
        if (!record) {
            record = { name: tagged.name, id: tagged.id, status: 'running', failed: false, tailLines: [] };
            this.steps.push(record);
            this.byKey.set(key, record);
        }
        record.status = 'running';
        if (record.startedAtMs === undefined)
            record.startedAtMs = parseLogTimestamp(tagged.timestamp);
        this.current = record;
        this.openTag = undefined;
        this.tail.clear();
        // A step seen again continues its tail where it left off.
        for (const line of record.tailLines)
            this.tail.push(line, 0, line.length);
        return record;
    }
    closeCurrent(status) {
        const step = this.current;
        if (!step)
            return;
        // A step cut off after error lines is reported as failed; its end marker, when present, rules.
        step.status = status === 'unfinished' && step.failed ? 'failed' : status;
        // Only a step that may be named failed keeps its last lines: a clean one's are never shown, and
        // kept for each of 100,000 steps they would cost memory without bound.
        step.tailLines = this.keepsTail(step) ? this.tail.lines(this.maxExcerptLineChars) : [];
        this.current = undefined;
        this.openTag = undefined;
    }
    /** Whether a step just closed keeps its last lines; makes room among the unfinished ones. */
    keepsTail(step) {
        // A step that ended well after error lines may still be the one failedStep() names.
        if (step.status === 'success' && !step.failed)
            return false;
        if (this.failedTails.includes(step))
            return true;
        if (step.status === 'failed' || step.failed) {
            if (this.failedTails.length >= MAX_FAILED_TAILS)
                return false;
            this.failedTails.push(step);
            return true;
        }
        if (!this.unfinishedTails.includes(step))
            this.unfinishedTails.push(step);
        if (this.unfinishedTails.length > MAX_UNFINISHED_TAILS) {
            const oldest = this.unfinishedTails.shift();
            // A step that failed since it was listed keeps its lines among the failed ones.
            if (!this.failedTails.includes(oldest))
                oldest.tailLines = [];
        }
        return true;
    }
}

;// CONCATENATED MODULE: ./src/build-log/status-block.ts
/**
 * The block CodeArts writes once every step is over, before `Finished: <RESULT>`:
 *   ==================== All Tasks Status ====================
 *   buildImage:buildImage state: ABORTED, status: error
 * Its heading ends the steps: whatever step is still open (an aborted one has no end marker)
 * is over, and the block belongs to no step. Pure functions: no I/O, no state.
 */

const HEADING = /^=+\s*All Tasks Status\s*=+\s*$/i;
/**
 * A cheap test on the log's bytes, with no allocation: a heading starts and ends with `=`
 * (the line is `text[start, end)`, a `\r` before its end allowed). Only such lines are decoded
 * and given to isStatusBlockHeading.
 */
function mayBeStatusBlockHeading(text, start, end) {
    const last = end - 1 > start && text[end - 1] === 13 ? end - 2 : end - 1;
    return text[start] === 61 /* = */ && last > start && text[last] === 61;
}
/** Whether a line (without its line break) is the status block's heading. */
function isStatusBlockHeading(line) {
    return line.charCodeAt(0) === 61 /* = */ && HEADING.test(line);
}
/** Whether a line ends the steps: the status block's heading, or the `Finished:` line. */
function endsTheSteps(line) {
    return isStatusBlockHeading(line) || finishedLineResult(line) !== undefined;
}

;// CONCATENATED MODULE: ./src/report/annotations.ts



/** The runner shows only 10 error annotations per step; more would only be noise. */
const DEFAULT_PER_STEP = 10;
const annotations_MAX_ANNOTATION_LENGTH = 1000;
const annotations_OUTSIDE_STEPS_TITLE = 'CodeArts build';
/**
 * Whether the line `text[start, end)` is an error line of tool output as errorMessageOf reads
 * one, from its bytes: `[ERROR]` at its start or, on a line that opens with colour codes, at
 * the start of its text with the codes stripped. Step lines tagged `[ERROR]` are found by the
 * step tracker instead.
 */
function startsAsErrorLine(text, start, end) {
    return text[start] === 27 /* ESC */
        ? startsWithStripped(text, start, end, ERROR_TAG)
        : startsWithBytes(text, start, ERROR_TAG);
}
const ERROR_TAG = Buffer.from('[ERROR]');
/** The message a line's annotation would carry, or undefined when the line is no error line. */
function errorMessageOf(seen) {
    // A tagged error line's step is the annotation's title, so only its message is repeated.
    if (seen.tagged) {
        return seen.tagged.level.toUpperCase() === 'ERROR' ? seen.tagged.message : undefined;
    }
    // Colour codes are stripped first: Maven and the like colour their `[ERROR]` tag.
    const plain = seen.line.charCodeAt(0) === 27 ? stripAnsi(seen.line) : seen.line;
    return plain.startsWith('[ERROR]') ? plain : undefined;
}
/**
 * Decides which remote lines become error annotations: error lines, titled with their step,
 * each message once per step and no more than the runner would show.
 */
class ErrorAnnotations {
    options;
    givenPerStep = new Map();
    perStep;
    given = 0;
    constructor(options) {
        this.options = options;
        this.perStep = options.perStep ?? DEFAULT_PER_STEP;
    }
    /**
     * The annotation a line calls for, counted as given; undefined for a line that is no error
     * line, repeats one given for its step, or comes after the step's cap.
     */
    take(seen) {
        const errorMessage = errorMessageOf(seen);
        if (errorMessage === undefined)
            return undefined;
        if (this.given >= (this.options.total ?? Infinity))
            return undefined;
        const step = seen.step;
        const key = step ? `${step.name}\u0000${step.id}` : '';
        const given = this.givenPerStep.get(key) ?? new Set();
        this.givenPerStep.set(key, given);
        // Redacted before it is shortened: a cut through a secret would hide it from redaction.
        const message = this.options.redactor.safe(singleLineRemoteText(stripAnsi(errorMessage)), annotations_MAX_ANNOTATION_LENGTH);
        if (given.size >= this.perStep || given.has(message))
            return undefined;
        given.add(message);
        this.given++;
        return { message, title: singleLineRemoteText(step?.name ?? annotations_OUTSIDE_STEPS_TITLE) };
    }
}

;// CONCATENATED MODULE: ./src/mirror/line-kinds.ts




/**
 * A line that can be neither a step line, an error line, the status block's heading nor the
 * Finished line: decided from its first bytes, without making a string of it.
 */
function isPlainLine(text, start, end) {
    const first = text[start];
    if (first === 91 /* [ */)
        return !startsAsErrorLine(text, start, end) && !mayBeStepLine(text, start, end);
    if (first === 70 /* F */)
        return !mayBeFinishedLine(text, start);
    if (first === 61 /* = */)
        return !mayBeStatusBlockHeading(text, start, end);
    // Most lines end here, so this is the one test they pay. A line that opens with colour
    // codes is no step, Finished or heading line (those need their own first character); its
    // codes may hide an `[ERROR]`.
    return first !== 27 /* ESC */ || !startsAsErrorLine(text, start, end);
}

;// CONCATENATED MODULE: ./src/build-log/source-errors.ts

function num(text) {
    return text === undefined ? undefined : Number(text);
}
/** Builds a recogniser from a regex whose groups are path, line, column?, message. */
function fileLineRecogniser(kind, mayMatch, pattern) {
    return {
        kind,
        mayMatch,
        match(line) {
            const m = pattern.exec(line);
            if (!m?.groups)
                return undefined;
            const { path, line: lineText, column, message } = m.groups;
            const error = {
                kind,
                path,
                line: Number(lineText),
                message: message.trim()
            };
            return column === undefined ? error : { ...error, column: num(column) };
        }
    };
}
/**
 * The one table of recognisers, tried in order; the first that matches wins. To support a new
 * tool, add an entry: a cheap `mayMatch` and a regex with named groups.
 */
const SOURCE_ERROR_RECOGNISERS = [
    // javac through Maven: `[ERROR] /w/src/X.java:[12,5] cannot find symbol`.
    fileLineRecogniser('javac', (l) => l.startsWith('[ERROR] ') && l.includes(':['), /^\[ERROR\] (?<path>\S[^[]*?\.(?:java|kt|scala|groovy)):\[(?<line>\d+)(?:,(?<column>\d+))?\] (?<message>.*)$/),
    // Kotlin (Gradle or Maven): `e: file:///w/X.kt:12:5 msg`, older `e: /w/X.kt: (12, 5): msg`.
    fileLineRecogniser('kotlin', (l) => l.startsWith('e: '), /^e: (?:file:\/\/)?(?<path>\S.*?\.kts?)(?::(?<line>\d+):(?<column>\d+):?|: \((?<line2>\d+), (?<column2>\d+)\):) (?<message>.*)$/),
    // gcc and clang: `src/a.c:12:5: error: msg` (also `fatal error:`). The path needs an
    // extension and no space, so a `2026-11-30 12:34:56: error:` timestamp is not read as one.
    fileLineRecogniser('gcc', (l) => l.includes(' error: '), /^(?<path>(?:[A-Za-z]:)?[^\s:]+\.\w+):(?<line>\d+):(?:(?<column>\d+):)? (?:fatal )?error: (?<message>.*)$/),
    // tsc: `src/a.ts(12,5): error TS2322: msg`.
    fileLineRecogniser('typescript', (l) => l.includes('): error TS'), /^(?<path>\S.*?)\((?<line>\d+),(?<column>\d+)\): error (?<message>TS\d+: .*)$/),
    // Go: `./pkg/a.go:12:5: msg`. The `.go:` suffix keeps timestamps (12:34:56) and URLs out.
    fileLineRecogniser('go', (l) => l.includes('.go:') && !l.includes('://'), /^\s*(?<path>[\w./\\-]+\.go):(?<line>\d+):(?:(?<column>\d+):)? (?<message>.*)$/),
    // pytest's short form: `tests/test_a.py:12: AssertionError`.
    fileLineRecogniser('pytest', (l) => l.includes('.py:'), /^(?<path>\S[^:]*?\.py):(?<line>\d+): (?<message>(?:\w+\.)*\w*(?:Error|Exception|Failed)\b.*)$/),
    // Surefire 3 summary: `[ERROR]   FooTest.testFoo:42 expected:<1> but was:<2>`.
    {
        kind: 'surefire',
        mayMatch: (l) => l.startsWith('[ERROR]   '),
        match(line) {
            const m = /^\[ERROR\] {3}(?<cls>[\w$.]+)\.(?<test>\w+):(?<line>\d+) (?<message>.*)$/.exec(line);
            if (!m?.groups)
                return undefined;
            const { cls, test, line: lineText, message } = m.groups;
            return {
                kind: 'surefire',
                className: cls,
                line: Number(lineText),
                message: `${test}: ${message.trim()}`
            };
        }
    }
];
/** The older Kotlin form fills other groups; fold them into line and column. */
function normaliseKotlin(error, line) {
    if (error.kind !== 'kotlin' || !Number.isNaN(error.line))
        return error;
    const m = /: \((\d+), (\d+)\):/.exec(line);
    return { ...error, line: Number(m[1]), column: Number(m[2]) };
}
/**
 * Recognises one log line as a compiler or test failure, or returns undefined. Colour codes
 * are stripped first. Stateless; for Python tracebacks and Surefire headers, which span lines,
 * use {@link SourceErrorScanner}.
 */
function recogniseSourceError(rawLine) {
    // Nearly every line has no digit-colon or digit-bracket pair: reject them before any regex.
    if (rawLine.length < 6 || !/\d/.test(rawLine))
        return undefined;
    const line = stripAnsi(rawLine).trimEnd();
    for (const recogniser of SOURCE_ERROR_RECOGNISERS) {
        if (!recogniser.mayMatch(line))
            continue;
        const error = recogniser.match(line);
        if (error)
            return normaliseKotlin(error, line);
    }
    return undefined;
}
const TRACEBACK_FRAME = /^\s+File "(?<path>[^"]+)", line (?<line>\d+)/;
const EXCEPTION_LINE = /^(?<name>(?:\w+\.)*\w*(?:Error|Exception|Exit|Interrupt|Failure))(?::\s?(?<message>.*))?$/;
const SUREFIRE_HEADER = /<<< (?:FAILURE|ERROR)!.*? in (?<cls>[\w$.]+)\s*$/;
const SUREFIRE_OLD_HEADER = /^\[ERROR\] (?<test>\w+)\((?<cls>[\w$.]+)\)\s+Time elapsed: .*<<< (?:FAILURE|ERROR)!/;
const STACK_FRAME = /^\s+at (?<method>[\w$.]+)\([^:()]+:(?<line>\d+)\)/;
/**
 * How many failing test classes are remembered for qualifying: the first ones, which the first
 * failures kept for annotations name; a log failing in a million classes must not keep them all.
 */
const MAX_QUALIFIED_CLASSES = 1000;
/**
 * Line-by-line recogniser that also follows failures spanning lines: a Python traceback (the
 * last `File "...", line N` frame, completed by the exception line) and a Surefire 2 header
 * (`testFoo(com.example.FooTest) ... <<< FAILURE!`, completed by its first stack frame in that
 * class). It also qualifies Surefire 3 simple class names from the `- in com.example.FooTest`
 * headers seen earlier.
 */
class SourceErrorScanner {
    pythonFrame;
    surefirePending;
    qualified = new Map();
    /** Feeds one line; returns the failure it completes, if any. */
    feed(rawLine) {
        const direct = recogniseSourceError(rawLine);
        if (direct)
            return this.qualify(direct);
        // The multi-line forms all need one of these substrings: a cheap gate for the rest.
        if (!rawLine.includes('File "') &&
            !rawLine.includes('<<<') &&
            !rawLine.includes('at ') &&
            this.pythonFrame === undefined) {
            return undefined;
        }
        const line = stripAnsi(rawLine).trimEnd();
        return this.followPython(line) ?? this.followSurefire(line);
    }
    qualify(error) {
        const full = error.className && this.qualified.get(error.className);
        return full ? { ...error, className: full } : error;
    }
    followPython(line) {
        const frame = TRACEBACK_FRAME.exec(line);
        if (frame?.groups) {
            this.pythonFrame = { path: frame.groups.path, line: Number(frame.groups.line) };
            return undefined;
        }
        if (this.pythonFrame === undefined)
            return undefined;
        const exception = EXCEPTION_LINE.exec(line);
        // Frames are followed by indented source lines; an unindented line ends the traceback.
        if (!exception?.groups) {
            if (!/^\s/.test(line))
                this.pythonFrame = undefined;
            return undefined;
        }
        const { path, line: lineNo } = this.pythonFrame;
        this.pythonFrame = undefined;
        const detail = exception.groups.message;
        return {
            kind: 'python',
            path,
            line: lineNo,
            message: detail ? `${exception.groups.name}: ${detail}` : exception.groups.name
        };
    }
    followSurefire(line) {
        const header = SUREFIRE_HEADER.exec(line);
        if (header?.groups) {
            const cls = header.groups.cls;
            const simple = cls.slice(cls.lastIndexOf('.') + 1);
            if (this.qualified.size < MAX_QUALIFIED_CLASSES || this.qualified.has(simple)) {
                this.qualified.set(simple, cls);
            }
        }
        const old = SUREFIRE_OLD_HEADER.exec(line);
        if (old?.groups) {
            this.surefirePending = { test: old.groups.test, className: old.groups.cls };
            return undefined;
        }
        const pending = this.surefirePending;
        if (!pending)
            return undefined;
        const frame = STACK_FRAME.exec(line);
        if (!frame?.groups || !frame.groups.method.startsWith(`${pending.className}.`))
            return undefined;
        this.surefirePending = undefined;
        return {
            kind: 'surefire',
            className: pending.className,
            line: Number(frame.groups.line),
            message: `${pending.test} failed`
        };
    }
}

;// CONCATENATED MODULE: ./src/build-log/tool-line.ts

/**
 * What test and failure lines look like once the build's wrappers are taken off: colour codes,
 * the timestamp CodeArts may put first, the level tag of Maven and the like. Also the byte
 * tests the mirror's pre-filter asks before a line of tool output is decoded.
 */
// CodeArts may put its own timestamp before a tool's line: `[2026/09/14 02:29:41.002 GMT+08:00] `.
const TIMESTAMP_PREFIX = /^\[[^\]]{0,38}\d:\d\d[^\]]{0,38}\] /;
const LEVEL_PREFIX = /^\[(?:INFO|ERROR|WARNING|WARN)\] /;
/** `FAILED` as Gradle ends a failed test's line, seen on bytes (a colour reset after it allowed). */
const FAILED_BYTES = Buffer.from('FAILED');
/**
 * A cheap test on the bytes of a line `text[start, end)` that may name a failed Gradle test:
 * it ends with `FAILED`, perhaps followed by colour codes and a `\r`. Asked by the mirror's
 * pre-filter, so that a line of this form always reaches the collector.
 */
function mayBeGradleFailedTest(text, start, end) {
    let last = end - 1;
    if (last >= start && text[last] === 13)
        last--;
    // Colour codes after the word: `FAILED\x1b[39m\x1b[0m`.
    while (last >= start && text[last] === 109 /* m */) {
        let at = last - 1;
        while (at >= start && ((text[at] >= 48 && text[at] <= 57) || text[at] === 59))
            at--;
        if (at - 1 < start || text[at] !== 91 || text[at - 1] !== 27)
            break;
        last = at - 2;
    }
    const from = last - FAILED_BYTES.length + 1;
    if (from < start)
        return false;
    for (let i = 0; i < FAILED_BYTES.length; i++)
        if (text[from + i] !== FAILED_BYTES[i])
            return false;
    return true;
}
/**
 * The line as its tool printed it: no colour codes, CodeArts timestamp or level tag; `error`
 * tells whether the tag was `[ERROR]`.
 */
function toolText(rawLine) {
    const plain = stripAnsi(rawLine).trimEnd();
    const untimed = plain.charCodeAt(0) === 91 ? plain.replace(TIMESTAMP_PREFIX, '') : plain;
    return { line: untimed.replace(LEVEL_PREFIX, ''), error: untimed.startsWith('[ERROR] ') };
}

;// CONCATENATED MODULE: ./src/build-log/test-totals.ts

const SUREFIRE_COUNTS = /Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)(, Time elapsed)?/;
const SUREFIRE_FAILED_TEST = /^(?:\[ERROR\] )?(?:(?<old>\w+)\((?<cls>[\w$.]+)\)|(?<qualified>[\w$.]+\.\w+(?:\(.*?\))?)) +(?:--|Time elapsed).*<<< (?:FAILURE|ERROR)!/;
const GRADLE_COUNTS = /^(\d+) tests? completed, (\d+) failed(?:, (\d+) skipped)?/;
const GRADLE_FAILED_TEST = /^(\S.* > .+) FAILED$/;
const PYTEST_SUMMARY = /^=+ (.*\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected).*) in [\d.]+s.*=+$/;
const PYTEST_FAILED_TEST = /^(?:FAILED|ERROR) (\S+::\S+)/;
const JEST_COUNTS = /^Tests: +(.*\d+ total)$/;
// Jest's bullet (U+25CF) and the separator of its describe and test names (U+203A).
const JEST_FAILED_TEST = /^ {2}\u25cf (.+ \u203a .+)$/;
const GO_RESULT = /^\s*--- (PASS|FAIL|SKIP): (\S+)/;
// `go test` without -v prints only package lines; a package that does not build has no test lines.
const GO_PACKAGE = /^(?:ok|FAIL)\s+(\S+)\s+(?:\[(?:build|setup) failed\]|[\d.]+s|\(cached\))/;
// Surefire's summary under `[ERROR] Failures:` / `Errors:`, the level tag already taken off:
// `  InvoiceTest.roundsTotals:31 expected: <10> but was: <9>` or `  FooTest.bar » IllegalState`.
const SUREFIRE_SUMMARY_TEST = /^ {2,}(?<name>(?:[\w$]+\.)*[A-Za-z_$][\w$]*\.[\w$]+(?:\(.*?\))?)(?::\d+| \u00bb| \u2192|$)/;
/** The test's class (simple name) and method: one failure named in two forms counts once. */
function failedTestKey(name) {
    const bare = name.replace(/\(.*\)$/, '');
    const parts = bare.split('.');
    return parts.length >= 2 ? parts.slice(-2).join('.') : bare;
}
/** Reads `1 failed, 10 passed, 2 skipped` style lists into counts. */
function countWords(text, into) {
    for (const m of text.matchAll(/(\d+) (passed|failed|skipped|errors?|xfailed|xpassed|todo)/g)) {
        const n = Number(m[1]);
        if (m[2] === 'passed' || m[2] === 'xpassed')
            into.passed += n;
        else if (m[2] === 'failed' || m[2].startsWith('error'))
            into.failed += n;
        else
            into.skipped += n;
    }
}
/**
 * Collects test totals from log lines, fed one at a time; read {@link totals} at the end.
 * Maven prints a line per test class and then, per module, a `Results:` total of the same
 * tests: a module's class lines are replaced by its total when it comes, so nothing is
 * counted twice, and a module cut off before its total still counts its classes.
 */
class TestTotalsCollector {
    maxFailedTests;
    counted = { passed: 0, failed: 0, skipped: 0 };
    surefireClasses = { passed: 0, failed: 0, skipped: 0 };
    failedNames = new Set();
    failedKeys = new Set();
    /** The line being read carried an `[ERROR]` tag. */
    errorLine = false;
    runners = [];
    readers = [this.surefire, this.gradle, this.pytest, this.jest, this.go];
    /** @param maxFailedTests how many failed tests' names to keep */
    constructor(maxFailedTests = 10) {
        this.maxFailedTests = maxFailedTests;
    }
    /** Feeds one log line. */
    feed(rawLine) {
        // Every form needs one of these; most lines carry none of them.
        if (!rawLine.includes('Tests') &&
            !rawLine.includes('test') &&
            !rawLine.includes('FAIL') &&
            !rawLine.includes('ERROR') &&
            !rawLine.includes('--- ') &&
            !rawLine.includes(' \u203a ') &&
            !rawLine.includes('passed') &&
            !rawLine.includes('failed') &&
            !rawLine.startsWith('ok ')) {
            return;
        }
        const { line, error } = toolText(rawLine);
        this.errorLine = error;
        // The first reader that recognises the line takes it.
        for (const read of this.readers)
            if (read.call(this, line))
                return;
    }
    /** The totals so far, or undefined when no runner printed any. */
    totals() {
        if (this.runners.length === 0)
            return undefined;
        return {
            passed: this.counted.passed + this.surefireClasses.passed,
            failed: this.counted.failed + this.surefireClasses.failed,
            skipped: this.counted.skipped + this.surefireClasses.skipped,
            failedTests: [...this.failedNames],
            runners: [...this.runners]
        };
    }
    saw(runner) {
        if (!this.runners.includes(runner))
            this.runners.push(runner);
        return true;
    }
    failedTest(name) {
        const key = failedTestKey(name);
        if (this.failedKeys.has(key) || this.failedNames.size >= this.maxFailedTests)
            return;
        this.failedKeys.add(key);
        this.failedNames.add(name);
    }
    add(into, passed, failed, skipped) {
        into.passed += passed;
        into.failed += failed;
        into.skipped += skipped;
    }
    surefire(line) {
        const m = SUREFIRE_COUNTS.exec(line);
        if (m) {
            const run = Number(m[1]);
            const failed = Number(m[2]) + Number(m[3]);
            const skipped = Number(m[4]);
            // `, Time elapsed` follows the counts of one test class, not a module's total.
            if (m[5] !== undefined) {
                this.add(this.surefireClasses, run - failed - skipped, failed, skipped);
            }
            else {
                // The module's `Results:` total stands for the class lines before it.
                this.add(this.counted, run - failed - skipped, failed, skipped);
                Object.assign(this.surefireClasses, { passed: 0, failed: 0, skipped: 0 });
            }
            return this.saw('surefire');
        }
        const t = SUREFIRE_FAILED_TEST.exec(line);
        if (!t?.groups)
            return this.surefireSummary(line);
        const { old, cls, qualified } = t.groups;
        this.failedTest(old ? `${cls}.${old}` : qualified);
        return this.saw('surefire');
    }
    /** A test named in Surefire's `Failures:` / `Errors:` summary (`Run 1:` lines are reruns). */
    surefireSummary(line) {
        const m = this.errorLine ? SUREFIRE_SUMMARY_TEST.exec(line) : null;
        if (!m?.groups)
            return false;
        this.failedTest(m.groups.name);
        return this.saw('surefire');
    }
    /**
     * The shape most runners share: a line of counts, or a line that names a failed test.
     * `onCounts` adds what the counts line says.
     */
    countsOrFailedTest(line, runner, patterns, onCounts) {
        const counts = patterns.counts.exec(line);
        if (counts) {
            onCounts(counts);
            return this.saw(runner);
        }
        const failed = patterns.failedTest.exec(line);
        if (!failed)
            return false;
        this.failedTest(failed[1]);
        return this.saw(runner);
    }
    gradle(line) {
        const patterns = { counts: GRADLE_COUNTS, failedTest: GRADLE_FAILED_TEST };
        return this.countsOrFailedTest(line, 'gradle', patterns, (m) => {
            const [completed, failed, skipped] = [m[1], m[2], m[3] ?? '0'].map(Number);
            this.add(this.counted, completed - failed - skipped, failed, skipped);
        });
    }
    pytest(line) {
        const patterns = { counts: PYTEST_SUMMARY, failedTest: PYTEST_FAILED_TEST };
        return this.countsOrFailedTest(line, 'pytest', patterns, (m) => countWords(m[1], this.counted));
    }
    jest(line) {
        const patterns = { counts: JEST_COUNTS, failedTest: JEST_FAILED_TEST };
        return this.countsOrFailedTest(line, 'jest', patterns, (m) => countWords(m[1], this.counted));
    }
    go(line) {
        const m = GO_RESULT.exec(line);
        if (!m)
            return this.goPackage(line);
        const [outcome, name] = [m[1], m[2]];
        if (outcome === 'PASS')
            this.counted.passed++;
        else if (outcome === 'SKIP')
            this.counted.skipped++;
        else {
            this.counted.failed++;
            this.failedTest(name);
        }
        return this.saw('go');
    }
    goPackage(line) {
        const m = GO_PACKAGE.exec(line);
        if (!m)
            return false;
        if (/\[(?:build|setup) failed\]/.test(line)) {
            this.counted.failed++;
            this.failedTest(m[1]);
        }
        return this.saw('go');
    }
}

;// CONCATENATED MODULE: ./src/report/failure-lines.ts








/** Bounds memory whatever the log: far more than the 10 annotations the runner shows. */
const MAX_FAILURES_KEPT = 500;
/** A build checks out a few repositories; a log naming thousands must not cost a scan each. */
const MAX_WORKSPACE_PREFIXES = 20;
function isDigit(code) {
    return code >= 48 && code <= 57;
}
/** `:` `,` `]` `)` space, `\r`: what follows the number of a location, by byte. */
const LOCATION_END = new Uint8Array(256);
for (const byte of [58, 44, 93, 41, 32, 13])
    LOCATION_END[byte] = 1;
/**
 * Whether a `:` of the line may start something worth a look: a line number (`x.c:12:`,
 * `X.java:[12,5]`, `(X.java:12)`), TypeScript's `(12,5):`, a count (`Tests run: 3`), or
 * pytest's `file.py::test`. URLs (`https:`), versions (`plugin:3.2.2`), times (`02:29:48`)
 * and prose are turned away without a string being made. `colons` finds the line's next `:`;
 * the one it finds past the line's end is where the next line's search starts.
 */
function hasTellingColon(text, end, colon, colons) {
    for (let at = colon; at !== -1 && at < end; at = colons.after(text, at + 1)) {
        const next = text[at + 1];
        if (next === 91 /* [ */ || next === 58 /* : */ || text[at - 1] === 41 /* ) */) {
            return true;
        }
        // A location's `:` follows a name (`X.java:12`); one after a digit is a time's (`02:29:48`).
        if (isDigit(text[at - 1]))
            continue;
        let after = at + 1;
        while (after < end && isDigit(text[after]))
            after++;
        if (after > at + 1 && LOCATION_END[text[after]] === 1)
            return true;
        // A count after spaces: `Tests run: 3`, Jest's `Tests:       1 failed`.
        after = at + 1;
        while (after < end && text[after] === 32)
            after++;
        if (after > at + 1 && isDigit(text[after]))
            return true;
    }
    return false;
}
/**
 * Line starts (after indentation) that tell without a `:`, by their first byte: a table, not a
 * Map, since every line of tool output asks it.
 */
const TELLING_STARTS = new Array(256).fill(undefined);
for (const [first, words] of [
    [70 /* F */, ['File "', 'FAIL']],
    [45 /* - */, ['--- ']],
    [111 /* o */, ['ok  ']],
    [103 /* g */, ['git ']],
    [43 /* + */, ['+ git ']],
    [67 /* C */, ['Cloning into']]
]) {
    TELLING_STARTS[first] = words.map((word) => Buffer.from(word));
}
/**
 * Whether the line starts with a count, digits and a space (`5 tests completed`, `3 passing`),
 * not with a time (`02:29:48`) or a hash (`6f817a73: Pull complete`).
 */
function startsWithCount(text, first, end) {
    let at = first;
    while (at < end && isDigit(text[at]))
        at++;
    return at > first && text[at] === 32;
}
/**
 * Whether a line without a telling `:` may still matter, from its first and last characters:
 * a Python frame, `go test` lines, checkout lines, Gradle's counts and `... FAILED`, pytest's
 * `=== ... ===`.
 */
function hasTellingEnds(text, start, end) {
    const last = text[end - 1 - (text[end - 1] === 13 ? 1 : 0)];
    let first = start;
    while (first < end && text[first] === 32)
        first++;
    const code = text[first];
    if (code === 61 /* = */ || last === 68 /* D */ || startsWithCount(text, first, end))
        return true;
    const starts = TELLING_STARTS[code];
    if (starts === undefined)
        return false;
    for (const word of starts)
        if (startsWithBytes(text, first, word))
            return true;
    return false;
}
/**
 * Watches the log for what the end of the run reports: compiler and test failures (for the
 * annotations), error lines (step-titled annotations), the build's workspace directory, and
 * test totals. Most lines are turned away by their characters before any string is made.
 */
class FailureLines {
    failures = [];
    /** The workspace directories the checkout named, in order. */
    workspacePrefixes = [];
    scanner = new SourceErrorScanner();
    testTotals = new TestTotalsCollector();
    stepTitled;
    colons = new NextOccurrence(58 /* : */);
    /** Jest's failed-test bullet, the one telling mark that is neither at an end nor a `:`. */
    bullet = new NextOccurrence(Buffer.from('\u25cf'));
    /** A Python traceback is open: its exception line has no mark of its own. */
    inTraceback = false;
    constructor(redactor) {
        // Every distinct error of a step is a candidate: the choice is made over the whole run.
        // No more are remembered than can be kept: past that, a line is no candidate anyway.
        this.stepTitled = new ErrorAnnotations({
            redactor,
            perStep: MAX_FAILURES_KEPT,
            total: MAX_FAILURES_KEPT
        });
    }
    /** Test totals the log printed, if any. */
    totals() {
        return this.testTotals.totals();
    }
    /** The mirror walks a new text: what was found in the previous one no longer holds. */
    newText() {
        this.colons.reset();
        this.bullet.reset();
    }
    /** A line of tool output, given by its place in the log's bytes (the mirror's hot path). */
    plain(text, start, end, step) {
        if (!this.inTraceback && !this.mayTell(text, start, end))
            return;
        // Decoded: only the few lines that get this far need text.
        const line = text.toString('utf8', start, text[end - 1] === 13 ? end - 1 : end);
        this.take(line, step, undefined);
    }
    /**
     * Whether the line `text[start, end)` may tell something, from its bytes. A line wrapped in
     * colour codes is judged by its text inside them; one with codes within its text cannot be
     * judged on bytes, and is read.
     */
    mayTell(text, start, end) {
        if (text[start] === 27 /* ESC */) {
            start = afterLeadingCodes(text, start, end);
            end = start === -1 ? -1 : beforeTrailingCodes(text, start, end);
            if (end === -1)
                return true;
        }
        const colon = this.colons.within(text, start, end);
        return ((colon !== -1 && hasTellingColon(text, end, colon, this.colons)) ||
            hasTellingEnds(text, start, end) ||
            mayBeGradleFailedTest(text, start, end) ||
            this.bullet.within(text, start, end) !== -1);
    }
    /** A line the step tracker has looked at (step lines, `[ERROR]` lines, coloured lines). */
    seen(seen) {
        const stepTitled = this.stepTitled.take(seen);
        const line = seen.tagged ? seen.tagged.message : seen.line.replace(/\r$/, '');
        this.take(line, seen.step, stepTitled);
    }
    take(line, step, stepTitled) {
        // Frames and their indented source lines keep a traceback open; another line ends it.
        this.inTraceback = line.includes('File "') || (this.inTraceback && /^\s/.test(line));
        const prefix = learnWorkspacePrefix(line);
        if (prefix !== undefined &&
            this.workspacePrefixes.length < MAX_WORKSPACE_PREFIXES &&
            !this.workspacePrefixes.includes(prefix)) {
            this.workspacePrefixes.push(prefix);
        }
        this.testTotals.feed(line);
        const source = this.scanner.feed(line);
        if ((source || stepTitled) && this.failures.length < MAX_FAILURES_KEPT) {
            this.failures.push({ stepTitled, source, stepName: step?.name });
        }
    }
}

;// CONCATENATED MODULE: ./src/mirror/line-assembly.ts
/**
 * Chunks of the remote log (UTF-8 bytes) -> complete lines. A chunk ends wherever the API cut
 * it, so the start of a line can arrive long before its end: a short start is held (the
 * carry, a copy: the chunk's memory is reused once it is taken) until its line ends; a start
 * that grows past LONG_LINE_BYTES is handed on piece by piece instead, so a 20 MiB line costs
 * no 20 MiB of memory.
 *
 * The hot path makes no string of a line: complete lines are handed on as the chunk they came
 * in (and where they start in it), so the consumer can walk them by index and decode only the
 * lines worth it. A line cut between two chunks, even inside a multi-byte character, is
 * joined as bytes before anything is decoded.
 */
/**
 * A line is classified by its start. One longer than this many bytes is shown as its pieces
 * arrive instead of being held whole.
 */
const LONG_LINE_BYTES = 4096;
/** The text without one trailing `\r`: the runner ends a line at `\r\n` as at `\n`. */
function withoutCarriageReturn(line) {
    return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}
/**
 * The part of a line that is classified, as text: at most LONG_LINE_BYTES (never half a
 * character), without a trailing `\r`.
 */
function lineHead(text, start, end) {
    let cut = Math.min(end, start + LONG_LINE_BYTES);
    if (cut < end)
        while (cut > start && (text[cut] & 0xc0) === 0x80)
            cut--;
    return withoutCarriageReturn(text.toString('utf8', start, cut));
}
const line_assembly_EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from('\n');
/** Cuts the chunks of a log into complete lines for a LineConsumer. */
class LineAssembler {
    consumer;
    /** The unhanded start of a line that began in an earlier chunk (shorter than LONG_LINE_BYTES). */
    carry = line_assembly_EMPTY;
    longLineOpen = false;
    constructor(consumer) {
        this.consumer = consumer;
    }
    /** A long line's start is handed on already, and its end has not come yet. */
    get insideLongLine() {
        return this.longLineOpen;
    }
    /**
     * The log's last line while it has no newline yet (without a trailing `\r`); undefined for a
     * long line, whose start is handed on already.
     */
    unfinishedLine() {
        return this.longLineOpen ? undefined : withoutCarriageReturn(this.carry.toString('utf8'));
    }
    /** Takes the next chunk of the log (lent for this call). */
    push(chunk) {
        let from = 0;
        const firstBreak = this.longLineOpen || this.carry.length > 0 ? chunk.indexOf(0x0a) : 0;
        if (firstBreak === -1) {
            this.extendUnfinishedLine(chunk);
            return;
        }
        if (this.longLineOpen) {
            this.endLongLine(chunk.subarray(0, firstBreak));
            from = firstBreak + 1;
        }
        else if (this.carry.length > 0) {
            // The line that crosses the chunk boundary is handed on by itself, as a one-line text.
            const line = Buffer.concat([this.carry, chunk.subarray(0, firstBreak + 1)]);
            this.carry = line_assembly_EMPTY;
            this.consumer.completeLines(line, 0);
            from = firstBreak + 1;
        }
        const rest = this.consumer.completeLines(chunk, from);
        if (rest < chunk.length)
            this.extendUnfinishedLine(chunk.subarray(rest));
    }
    /** The log is over: an unterminated last line counts as complete. */
    end() {
        if (this.longLineOpen)
            this.endLongLine(line_assembly_EMPTY);
        if (this.carry.length > 0) {
            const line = Buffer.concat([this.carry, NEWLINE]);
            this.carry = line_assembly_EMPTY;
            this.consumer.completeLines(line, 0);
        }
    }
    /** A line still without its end: held (copied) while short, handed on piece by piece once long. */
    extendUnfinishedLine(piece) {
        if (this.longLineOpen) {
            this.consumer.longLinePiece(piece);
            return;
        }
        if (this.carry.length + piece.length < LONG_LINE_BYTES) {
            this.carry = Buffer.concat([this.carry, piece]);
            return;
        }
        const held = this.carry.length > 0 ? Buffer.concat([this.carry, piece]) : piece;
        this.carry = line_assembly_EMPTY;
        this.longLineOpen = true;
        this.consumer.longLineStarts(lineHead(held, 0, held.length));
        this.consumer.longLinePiece(held);
    }
    endLongLine(lastPiece) {
        this.consumer.longLinePiece(lastPiece);
        this.longLineOpen = false;
        this.consumer.longLineEnds();
    }
}

;// CONCATENATED MODULE: ./src/runner/line-breaks.ts
/**
 * The newlines of one text, found once and shared by everyone who walks its lines: the mirror
 * finds them as it classifies the lines and takes them down here, and the workflow log reuses
 * them to decide each line's fence instead of searching the same bytes again. On a log of
 * short lines the search itself is cheap; each call into Buffer#indexOf is not.
 *
 * They are taken down during the walk, not found in a pass of their own before it: measured,
 * such a pass raised the action's peak resident size by 6 to 14 MiB, all of it array buffers
 * (dead socket reads) left longer before a collection.
 *
 * The positions live in one fixed array, reused text after text: at most WINDOW_LINES of them
 * at a time, so a text of a million empty lines costs no more memory than one of long lines.
 * The walker shows what a full window holds before it begins the next one.
 */
/** How many newlines one window holds: 32 KiB of positions, whatever the lines' lengths. */
const WINDOW_LINES = 8192;
class LineBreaks {
    positions = new Int32Array(WINDOW_LINES);
    found = 0;
    /** The text of the newlines taken, and where they start: its newlines from there are known. */
    walked;
    walkedFrom = 0;
    /** Forgets what was found: the newlines of `text` from `from` on are found next. */
    begin(text, from) {
        this.found = 0;
        this.walked = text;
        this.walkedFrom = from;
    }
    /**
     * Takes the next newline found (after the ones taken since `begin`, none skipped); false
     * when the window is full and it was not taken.
     */
    add(position) {
        if (this.found === WINDOW_LINES)
            return false;
        this.positions[this.found++] = position;
        return true;
    }
    /** Where the `index`th newline taken since `begin` is. */
    at(index) {
        return this.positions[index];
    }
    /**
     * Whether the newlines taken are every newline of `text[start, end)`: then the lines there can
     * be walked from here rather than searched for again.
     */
    covers(text, start, end) {
        return (this.walked === text &&
            this.walkedFrom <= start &&
            this.found > 0 &&
            end - 1 <= this.positions[this.found - 1]);
    }
    /** The index of the first newline taken at or after `position`. */
    indexFrom(position) {
        let low = 0;
        let high = this.found;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (this.positions[middle] < position)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }
}

;// CONCATENATED MODULE: ./src/mirror/long-line.ts

/**
 * How much of a long line is held back before its start is shown: a line that ends within it
 * is judged whole, so a clean one shows no fence. Bounds the memory a line costs.
 */
const HELD_LONG_LINE_BYTES = 1024 * 1024;
const long_line_CR = 0x0d;
const long_line_COLON = 0x3a;
const long_line_HASH = 0x23;
const long_line_NEWLINE = Buffer.from('\n');
/** Stands for what the pieces so far leave open (see LongLineHazards). */
const NOTHING_OPEN = Buffer.from('x');
const OPEN_CONTEXTS = {
    lineBlank: Buffer.from(' '),
    lineColon: Buffer.from(':'),
    crBlank: Buffer.from('\r'),
    crColon: Buffer.from('\r:'),
    oneHash: Buffer.from('#'),
    twoHashes: Buffer.from('##')
};
/**
 * Whether the pieces of one long line, taken in order, could make the runner read a command
 * (see command-hazards.ts), a hazard cut between two pieces included: each piece is judged
 * behind a byte or two standing for what the previous ones left open (a line or a `\r` part
 * that is blank so far, perhaps with one `:`; one or two `#` that a `[` would complete).
 */
class LongLineHazards {
    /** Empty before the first piece: the next piece starts the line. */
    context = Buffer.alloc(0);
    /** Takes the next piece; true when the line, up to its end, may read as a command. */
    needsFence(piece) {
        const lineStart = this.context.length === 0;
        const window = lineStart ? piece : Buffer.concat([this.context, piece]);
        if (new FenceNeeds(window).line(0, window.length))
            return true;
        const { context } = this;
        const fromPartStart = lineStart || context === OPEN_CONTEXTS.lineBlank || context === OPEN_CONTEXTS.lineColon;
        this.context = openEnd(window, fromPartStart);
        return false;
    }
}
/**
 * What the end of `window` leaves open for the next piece. `fromPartStart`: `window` starts
 * where the runner's line starts (the line's start, or a part still blank since its start).
 */
function openEnd(window, fromPartStart) {
    const cr = window.lastIndexOf(long_line_CR);
    if (cr !== -1 || fromPartStart) {
        let at = cr + 1;
        while (at < window.length && mayBeBlank(window[at]))
            at++;
        let colon = false;
        if (at < window.length && window[at] === long_line_COLON) {
            colon = true;
            at++;
            while (at < window.length && mayBeIgnorable(window[at]))
                at++;
        }
        if (at === window.length) {
            if (cr === -1)
                return colon ? OPEN_CONTEXTS.lineColon : OPEN_CONTEXTS.lineBlank;
            return colon ? OPEN_CONTEXTS.crColon : OPEN_CONTEXTS.crBlank;
        }
    }
    let at = window.length - 1;
    while (at >= 0 && mayBeIgnorable(window[at]))
        at--;
    if (at < 0 || window[at] !== long_line_HASH)
        return NOTHING_OPEN;
    at--;
    while (at >= 0 && mayBeIgnorable(window[at]))
        at--;
    return at >= 0 && window[at] === long_line_HASH ? OPEN_CONTEXTS.twoHashes : OPEN_CONTEXTS.oneHash;
}
/**
 * A line too long to hold whole (see LineAssembler), shown as its pieces come. Its start is
 * held back up to HELD_LONG_LINE_BYTES: a line that ends or turns out hostile within that is
 * shown fenced only if it needs it. Past that, the start is shown unfenced and the rest is
 * watched: a piece that would complete a command ends the runner's line there (a line break
 * the log file does not have) and the rest of the line is shown fenced.
 */
class OpenLongLine {
    seen;
    log;
    heldLimit;
    /** Trailing `#` characters of the last piece shown, so a `##[` cut in two is neutralized. */
    hashes = 0;
    fenced = false;
    shown = false;
    held = [];
    heldBytes = 0;
    hazards = new LongLineHazards();
    /**
     * @param seen what its start told: the line's annotation and group end come once it ends
     * @param log where it is shown; undefined when the log is not shown
     */
    constructor(seen, log, heldLimit = HELD_LONG_LINE_BYTES) {
        this.seen = seen;
        this.log = log;
        this.heldLimit = heldLimit;
    }
    /** The next piece (already redacted; lent for this call). */
    piece(bytes) {
        if (!this.log || bytes.length === 0)
            return;
        if (!this.fenced && this.hazards.needsFence(bytes)) {
            // The runner's line shown so far is clean: it ends here, and the rest is fenced.
            if (this.shown)
                this.show(long_line_NEWLINE, false);
            this.fenced = true;
        }
        if (!this.shown && !this.fenced) {
            this.held.push(Buffer.from(bytes));
            this.heldBytes += bytes.length;
            if (this.heldBytes > this.heldLimit)
                this.showHeld();
            return;
        }
        this.showHeld();
        this.show(bytes, this.fenced);
    }
    /** The line ended: what is held is shown, then its line break. */
    end() {
        if (!this.log)
            return;
        this.showHeld();
        this.log.remotePiece(long_line_NEWLINE, 0, this.fenced);
    }
    showHeld() {
        const held = this.held;
        this.held = [];
        this.heldBytes = 0;
        for (const bytes of held)
            this.show(bytes, this.fenced);
    }
    show(bytes, fenced) {
        ;
        this.log.remotePiece(bytes, this.hashes, fenced);
        this.hashes = trailingHashes(bytes, this.hashes);
        this.shown = true;
    }
}

;// CONCATENATED MODULE: ./src/text/known-newlines.ts
/**
 * The newlines of an answer's content, taken down by the decoder as it writes them, so that
 * whoever walks the content's lines finds each without a search of its own: on a log of short
 * lines, a call into Buffer#indexOf for every line cost more than the rest of the walk.
 *
 * Positions are places in the memory the content lives in (its byteOffset included), so they
 * hold for every view of that memory, such as the slices the content is shown in; they hold as
 * long as that memory keeps the decoded content (the chunk's owner releases both together). A
 * text outside the stretch taken down (a line joined across answers, say) is searched as usual.
 */
/**
 * How many newlines one answer keeps at most (256 KiB of positions: a megabyte of lines of 16
 * bytes); past that, a search, which costs little against lines so short.
 */
const MAX_KNOWN_NEWLINES = 1 << 16;
/**
 * Position arrays of answers given back, for the next answers: a log is read one answer after
 * another, and each would otherwise leave an array behind for the collector. A few are kept.
 */
const freeArrays = [];
const known_newlines_KEEP_FREE = 2;
const NONE = new Int32Array(0);
class KnownNewlines {
    positions = NONE;
    count = 0;
    memory;
    /** The stretch of `memory` whose every newline is taken down: [from, to). */
    from = 0;
    to = 0;
    /** Where the last question's answer was: lines are asked for in order. */
    cursor = 0;
    full = false;
    /** Starts taking down the newlines written into `memory` from its place `at` on. */
    begin(memory, at) {
        this.positions = freeArrays.pop() ?? new Int32Array(1024);
        this.memory = memory;
        this.from = this.to = at;
        this.count = this.cursor = 0;
        this.full = false;
    }
    /** A newline was written at the place `at` (after every one taken down before). */
    add(at) {
        if (this.count === this.positions.length) {
            if (this.count === MAX_KNOWN_NEWLINES) {
                this.full = true;
                return;
            }
            const larger = new Int32Array(this.count * 2);
            larger.set(this.positions);
            this.positions = larger;
        }
        this.positions[this.count++] = at;
    }
    /** Every newline before the place `end` is taken down (up to the last kept, when full). */
    end(end) {
        this.to = this.full ? this.positions[this.count - 1] + 1 : end;
    }
    /** The answer's memory is given back: nothing taken down holds any more. */
    release() {
        if (this.memory === undefined)
            return;
        this.memory = undefined;
        if (freeArrays.length < known_newlines_KEEP_FREE)
            freeArrays.push(this.positions);
        this.positions = NONE;
        this.count = this.cursor = 0;
    }
    /** Where the next newline of `text` at or after `start` is, or -1: as text.indexOf(0x0a, start). */
    next(text, start) {
        const at = text.byteOffset + start;
        if (text.buffer !== this.memory || at < this.from || at >= this.to) {
            return text.indexOf(0x0a, start);
        }
        const { positions, count } = this;
        let index = this.cursor;
        // Asked about an earlier place than last time (rare): looked for from the start again.
        if (index > 0 && positions[index - 1] >= at)
            index = 0;
        while (index < count && positions[index] < at)
            index++;
        this.cursor = index;
        if (index === count) {
            // No newline from here to the stretch's end: one may follow it.
            const after = this.to - text.byteOffset;
            return after < text.length ? text.indexOf(0x0a, after) : -1;
        }
        const found = positions[index] - text.byteOffset;
        return found < text.length ? found : -1;
    }
}
/** Knows no newline: every question is a search. */
const NO_KNOWN_NEWLINES = new KnownNewlines();

;// CONCATENATED MODULE: ./src/mirror/log-mirror.ts









/**
 * Turns the remote log into the workflow log: one group per build step, titled with its
 * display name; lines in order, each once. Failures and test totals are collected (see
 * FailureLines) for the end of the run. The lines come from a LineAssembler, the steps and
 * the `Finished:` result are the StepTracker's; this class decides what the runner sees.
 *
 * The hot path works on the log's bytes and decodes nothing it does not have to: the bytes
 * between two group changes go to stdout as one slice of the chunk they came in, and only
 * lines that change a step, error and Finished lines become text (a step's routine chatter
 * stays bytes: StepTracker.observeRoutine). The chunk's bytes are lent: what is kept of them
 * (a step's last lines) is copied before `write` returns.
 */
class LogMirror {
    log;
    options;
    tracker;
    lines;
    /** What the end of the run reports: failures, workspace directory, test totals. */
    failures;
    /** The step whose group is open on the workflow log. */
    groupStep;
    openLine;
    /** Writes of the action's own that came while a long line was half shown. */
    deferred = [];
    /** The bytes being walked, and where their not yet shown part starts. */
    text = Buffer.alloc(0);
    shownUpTo = 0;
    redactText = false;
    /** Of the chunk being written: itself when its writer found no secret in it; its newlines. */
    chunkWithoutSecret;
    chunkNewlines = NO_KNOWN_NEWLINES;
    /** The newlines of the text being walked, found once for the walk and for the fence. */
    breaks = new LineBreaks();
    constructor(log, options) {
        this.log = log;
        this.options = options;
        this.tracker = new StepTracker(options.tailLineCount ?? 30);
        this.lines = new LineAssembler(this);
        this.failures = new FailureLines(options.redactor);
    }
    /** The result named by the last complete `Finished: <RESULT>` line, if any. */
    get finishedResult() {
        return this.tracker.finishedResult;
    }
    /**
     * Takes the next piece of the log (lent for this call: nothing of it is kept); what it shows
     * goes to stdout in one write. Returns false when stdout asks to wait. `hasNoSecret`: the
     * caller searched `content` for the run's secrets and found none; `newlines`: its newlines.
     */
    write(content, hasNoSecret = false, newlines = NO_KNOWN_NEWLINES) {
        this.chunkWithoutSecret = hasNoSecret ? content : undefined;
        this.chunkNewlines = newlines;
        return this.log.batch(() => this.lines.push(content));
    }
    /**
     * The result of a `Finished: <RESULT>` line that is the log's last line so far but has no
     * newline yet; `logComplete` says whether the log is caught up (see the StepTracker's).
     */
    unterminatedFinishedResult(logComplete = false) {
        const line = this.lines.unfinishedLine();
        return line === undefined
            ? undefined
            : this.tracker.unterminatedFinishedResult(line, logComplete);
    }
    /** A status line of the action's own, outside any group (the group reopens afterwards). */
    statusLine(message) {
        this.atLineBoundary(() => {
            this.log.endGroup();
            this.log.info(message);
        });
    }
    /**
     * Runs a write of the action's own (a status line, a debug command) now, or, while a long
     * line is half shown, once it ends: anything written in between would land inside it.
     */
    atLineBoundary(write) {
        if (this.openLine)
            this.deferred.push(write);
        else
            write();
    }
    /** The log started over: a last line without its end is shown as it is, and ends. */
    breakLine() {
        this.log.batch(() => this.lines.end());
    }
    /** The log is over: shows an unterminated last line and closes the last group. */
    end() {
        this.log.batch(() => this.lines.end());
        this.closeSteps();
    }
    /** No step goes on: the open one ends without its end marker, and its group closes. */
    closeSteps() {
        this.tracker.finish();
        this.log.endGroup();
        this.groupStep = undefined;
    }
    /** @internal LineConsumer: walks the complete lines of a text, the hot path. */
    completeLines(text, from) {
        this.text = text;
        this.shownUpTo = from;
        // One search a text (none for a chunk its writer searched): secrets almost never appear.
        this.redactText = text !== this.chunkWithoutSecret && this.options.redactor.appearsIn(text);
        this.failures.newText();
        const { breaks, chunkNewlines: newlines } = this;
        breaks.begin(text, from);
        let start = from;
        for (let end = newlines.next(text, start); end !== -1; end = newlines.next(text, start)) {
            if (!breaks.add(end)) {
                // The window is full: the lines it holds are shown before it is begun again. Not when
                // secrets are redacted: a secret may span lines, and its text is redacted in one piece.
                if (!this.redactText)
                    this.show(start);
                breaks.begin(text, start);
                breaks.add(end);
            }
            // A routine line of the open step (its text from `from` on; most lines of an engine's
            // log), or tool output: no string is made of it, only the open step's tail changes.
            let from = this.tracker.observeRoutine(text, start, end);
            if (from === -1 && isPlainLine(text, start, end))
                from = this.tracker.observePlain(text, start, end);
            if (from !== -1) {
                const step = this.tracker.openStep;
                this.failures.plain(text, from, end, step);
                if (step && this.options.showLog && !this.log.groupIsOpen) {
                    this.show(start);
                    this.reopenGroup(step);
                }
            }
            else {
                const head = lineHead(text, start, end);
                if (endsTheSteps(head) && this.tracker.openStep) {
                    // An aborted step has no end marker: its group closes before the status block.
                    this.show(start);
                    this.closeSteps();
                }
                const seen = this.tracker.observeLine(head, text, start, end);
                if (this.startsGroup(seen)) {
                    this.show(start);
                    this.startGroup(seen);
                }
                this.finishLine(seen, end + 1);
            }
            start = end + 1;
        }
        this.show(start);
        this.tracker.detach(text);
        return start;
    }
    /** @internal */
    longLineStarts(head) {
        const seen = this.tracker.observe(head);
        if (this.startsGroup(seen))
            this.startGroup(seen);
        // Commands cannot be written inside a half-shown line: they wait for its end.
        this.openLine = new OpenLongLine(seen, this.options.showLog ? this.log : undefined);
    }
    /** @internal */
    longLinePiece(piece) {
        const { redactor, showLog } = this.options;
        if (showLog)
            this.openLine?.piece(redactor.appearsIn(piece) ? redactor.redactBytes(piece) : piece);
    }
    /** @internal */
    longLineEnds() {
        const open = this.openLine;
        if (!open)
            return;
        open.end();
        this.openLine = undefined;
        this.finishLine(open.seen, undefined);
        for (const write of this.deferred.splice(0))
            write();
    }
    startsGroup(seen) {
        return (this.options.showLog &&
            seen.step !== undefined &&
            (seen.opened !== undefined || !this.log.groupIsOpen));
    }
    startGroup(seen) {
        const step = seen.step;
        if (seen.opened || this.groupStep !== step) {
            this.log.startGroup(singleLineRemoteText(step.name));
            this.groupStep = step;
        }
        else {
            this.reopenGroup(step);
        }
    }
    /** The step goes on after a status line of the action's own closed its group. */
    reopenGroup(step) {
        this.log.startGroup(`${singleLineRemoteText(step.name)} (continued)`);
        this.groupStep = step;
    }
    /**
     * What follows a line once it is shown: its group's end. `lineEnd`: where the walked line
     * ends, shown before the group closes (undefined: a long line, shown already). A position,
     * not a callback: one capturing the walk's loop variable costs an allocation every line.
     */
    finishLine(seen, lineEnd) {
        this.failures.seen(seen);
        if (seen.closes && this.options.showLog) {
            if (lineEnd !== undefined)
                this.show(lineEnd);
            this.log.endGroup();
        }
    }
    /** Shows the walked text up to `until` (exclusive) as one write. */
    show(until) {
        if (until <= this.shownUpTo)
            return;
        if (this.options.showLog)
            this.writeRemote(this.shownUpTo, until);
        this.shownUpTo = until;
    }
    writeRemote(start, until) {
        const { text, redactText } = this;
        // The newlines of these lines are known already: the fence decision reuses them.
        if (!redactText)
            this.log.remoteLinesOf(text, start, until, this.breaks);
        else
            this.log.remoteText(this.options.redactor.redactBytes(text.subarray(start, until)));
    }
}

;// CONCATENATED MODULE: ./src/report/timeline.ts

/** Bounds the chart: the summary must stay far under its 1 MiB limit whatever the log. */
const MAX_TIMELINE_STEPS = 50;
const MAX_LABEL_CHARS = 80;
// Words the gantt parser reads as directives when a line starts with them.
const DIRECTIVE = /^(?:title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|weekday|weekend|inclusiveenddates|topaxis|click|acctitle|accdescr|%%)/i;
/**
 * Makes a step name safe as a gantt task label. `:` ends the label and `;` the statement, `#`
 * starts an entity: each becomes its full-width look-alike so the name stays readable.
 * Line breaks and backticks (which could close the Markdown fence) go; non-ASCII stays.
 */
function escapeGanttLabel(name) {
    let label = name
        .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
        .replace(/:/g, '\uff1a')
        .replace(/;/g, '\uff1b')
        .replace(/#/g, '\uff03')
        .replace(/`/g, "'")
        .replace(/\s+/g, ' ')
        .trim();
    if (label === '')
        label = '(unnamed step)';
    if (label.length > MAX_LABEL_CHARS)
        label = `${label.slice(0, MAX_LABEL_CHARS - 1)}${ELLIPSIS}`;
    // A zero-width space keeps a step named like a directive from being read as one.
    return DIRECTIVE.test(label) ? `\u200b${label}` : label;
}
function tag(step) {
    if (step.failed || step.status === 'failed')
        return 'crit, ';
    if (step.status === 'success')
        return 'done, ';
    if (step.status === 'running')
        return 'active, ';
    return '';
}
/**
 * A Mermaid `gantt` block (fenced for Markdown) showing the build's steps over time, the
 * failed ones marked `crit`; undefined when no step has a start time. Times are epoch ms
 * (`dateFormat x`), so no time zone is guessed. A step with no end is drawn to the next
 * step's start, or to the latest time the log showed. At most `maxSteps` steps are drawn;
 * a line after the block says how many were left out.
 */
function renderTimeline(steps, maxSteps = MAX_TIMELINE_STEPS) {
    const timed = steps.filter((s) => s.startedAtMs !== undefined && Number.isFinite(s.startedAtMs));
    if (timed.length === 0)
        return undefined;
    const shown = timed.slice(0, maxSteps);
    // Plain loops: spreading every step into Math.max overflows the stack past ~65,000 steps.
    let latest = -Infinity;
    for (const s of timed)
        latest = Math.max(latest, s.startedAtMs, s.endedAtMs ?? 0);
    let first = Infinity;
    for (const s of shown)
        first = Math.min(first, s.startedAtMs);
    const lines = ['```mermaid', 'gantt', 'dateFormat x'];
    // The axis shows the date too when the build spans more than a day.
    lines.push(latest - first > 86_400_000 ? 'axisFormat %m-%d %H:%M' : 'axisFormat %H:%M:%S');
    shown.forEach((step, i) => {
        const start = step.startedAtMs;
        const next = timed[i + 1]?.startedAtMs;
        // Mermaid hides a zero-length bar: give every step at least a millisecond.
        const end = Math.max(start + 1, step.endedAtMs ?? next ?? latest);
        lines.push(`${escapeGanttLabel(step.name)} :${tag(step)}s${i}, ${start}, ${end}`);
    });
    lines.push('```');
    const omitted = steps.length - shown.length;
    if (omitted > 0) {
        lines.push(`${omitted} step${omitted === 1 ? '' : 's'} not shown (no timestamp, or past the first ${maxSteps}).`);
    }
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/report/job-summary.ts




/** Bounds that keep the summary far below the runner's 1 MiB limit, whatever the log. */
const MAX_STEP_ROWS = 100;
const MAX_EXCERPT_LINE_CHARS = 400;
const MAX_NAME_CHARS = 120;
const MAX_LEFT_OUT_ROWS = 50;
const MAX_LEFT_OUT_CHARS = 300;
const HEADINGS = {
    success: `${GLYPH.check} CodeArts build succeeded`,
    failure: `${GLYPH.cross} CodeArts build failed`,
    aborted: `${GLYPH.noEntry} CodeArts build aborted`,
    timeout: `${GLYPH.stopwatch} Stopped waiting for the CodeArts build (timeout)`,
    cancelled: `${GLYPH.prohibited} Stopped following the CodeArts build (cancelled)`
};
const STEP_STATUS = {
    success: `${GLYPH.check} success`,
    failed: `${GLYPH.cross} failed`,
    running: `${GLYPH.hourglass} running`,
    unfinished: `${GLYPH.whiteCircle} no end marker`,
    aborted: `${GLYPH.noEntry} aborted`
};
/** Remote text as inert HTML: no tags, no entities, no Markdown, no table breaks. */
function escapeHtml(text, maxChars) {
    const clipped = clip(text, maxChars);
    return (stripAnsi(clipped)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        // One pass for every character with a meaning in Markdown or tables, so no entity written
        // here is escaped again; `:` too, so that no `https://` is seen to link.
        .replace(/[[\]()*_`~!#\\|:]/g, (c) => `&#${c.charCodeAt(0)};`)
        // An entity would not stop a mention (GitHub finds them in the rendered text): a word
        // joiner after `@` does, and one in `www.` stops that link.
        .replace(/@/g, '@\u2060')
        .replace(/www\./gi, (w) => `${w.slice(0, 3)}\u2060.`));
}
/**
 * Remote text inside HTML (a table cell, a <summary>): escaped, and in a <code> element, where
 * GitHub neither makes @mentions nor links (its filters skip code, pre and links).
 */
function htmlLiteral(text, maxChars) {
    return `<code>${escapeHtml(text, maxChars)}</code>`;
}
/**
 * Remote text in a Markdown line (a list item, a table row): a code span, whose content is shown
 * exactly as it is: no Markdown, no HTML, no mention, no link. The fence is longer than any run
 * of backticks in the text; `|` is escaped for table cells (GFM reads `\|` inside a span too).
 */
function markdownLiteral(text, maxChars, inTable = false) {
    let body = stripAnsi(clip(text, maxChars)).replace(/[\r\n]+/g, ' ');
    if (inTable)
        body = body.replace(/\|/g, '\\|');
    const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longestRun + 1);
    // A space on each side keeps a backtick at either end from joining the fence.
    const padded = body.startsWith('`') || body.endsWith('`') ? ` ${body} ` : body;
    return body === '' ? '` `' : `${fence}${padded}${fence}`;
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
function stepDuration(step) {
    if (step.startedAtMs === undefined || step.endedAtMs === undefined)
        return GLYPH.emDash;
    return formatDuration(step.endedAtMs - step.startedAtMs);
}
function stepTable(steps, redact) {
    if (steps.length === 0)
        return ['_The log named no build steps._', ''];
    const rows = steps
        .slice(0, MAX_STEP_ROWS)
        .map((step) => `<tr><td>${htmlLiteral(redact(step.name), MAX_NAME_CHARS)}</td><td>${STEP_STATUS[step.status]}</td><td>${stepDuration(step)}</td></tr>`);
    if (steps.length > MAX_STEP_ROWS) {
        rows.push(`<tr><td colspan="3">${ELLIPSIS} and ${steps.length - MAX_STEP_ROWS} more steps</td></tr>`);
    }
    return [
        '<table>',
        '<tr><th>Step</th><th>Status</th><th>Duration</th></tr>',
        ...rows,
        '</table>',
        ''
    ];
}
function testTotalsSection(totals, redact) {
    const lines = [
        '### Tests',
        '',
        `${GLYPH.check} ${totals.passed} passed ${GLYPH.middleDot} ${GLYPH.cross} ${totals.failed} failed ${GLYPH.middleDot} ${GLYPH.nextTrack} ${totals.skipped} skipped`,
        ''
    ];
    if (totals.failedTests.length > 0) {
        lines.push('First failed tests:', '');
        for (const name of totals.failedTests) {
            lines.push(`- ${markdownLiteral(redact(name), MAX_NAME_CHARS)}`);
        }
        lines.push('');
    }
    return lines;
}
function leftOutSection(leftOut, redact) {
    const place = (a) => a.file === undefined
        ? markdownLiteral(redact(a.title ?? ''), MAX_NAME_CHARS)
        : markdownLiteral(`${redact(a.file)}:${a.line ?? ''}`, MAX_NAME_CHARS);
    const rows = leftOut
        .slice(0, MAX_LEFT_OUT_ROWS)
        .map((a) => `- ${place(a)} ${GLYPH.emDash} ${markdownLiteral(redact(a.message), MAX_LEFT_OUT_CHARS)}`);
    if (leftOut.length > MAX_LEFT_OUT_ROWS) {
        rows.push(`- ${ELLIPSIS} and ${leftOut.length - MAX_LEFT_OUT_ROWS} more`);
    }
    return [
        '<details>',
        `<summary>${leftOut.length} more errors (the runner shows 10 annotations per step)</summary>`,
        '',
        ...rows,
        '</details>',
        ''
    ];
}
/** The job summary as Markdown with a little HTML (what the runner renders). */
function renderSummary(facts) {
    const lines = [`## ${HEADINGS[facts.result]}`, ''];
    if (facts.note)
        lines.push(`${escapeHtml(facts.redact(facts.note), 300)}.`, '');
    lines.push(...stepTable(facts.steps, facts.redact));
    const timeline = renderTimeline(facts.steps.map((step) => ({ ...step, name: facts.redact(step.name) })));
    if (timeline)
        lines.push(timeline);
    if (facts.testTotals)
        lines.push(...testTotalsSection(facts.testTotals, facts.redact));
    const leftOut = facts.annotationsLeftOut ?? [];
    if (leftOut.length > 0)
        lines.push(...leftOutSection(leftOut, facts.redact));
    lines.push('| | |', '| --- | --- |', `| Build number | ${facts.buildNo} |`, `| Job | \`${facts.jobId}\` |`, `| Result | ${facts.serverResult ? markdownLiteral(facts.redact(facts.serverResult), 40, true) : facts.result} |`, `| Followed for | ${formatDuration(facts.elapsedMs)} |`, `| Log size | ${formatBytes(facts.logBytes)} |`, '');
    const failed = facts.failedStep;
    if (failed && failed.tailLines.length > 0 && facts.result !== 'success') {
        const excerpt = failed.tailLines
            .map((line) => escapeHtml(facts.redact(line), MAX_EXCERPT_LINE_CHARS))
            .join('\n');
        lines.push('<details>', `<summary>Last ${failed.tailLines.length} lines of the failed step ${htmlLiteral(facts.redact(failed.name), MAX_NAME_CHARS)}</summary>`, '', `<pre>${excerpt}</pre>`, '</details>', '');
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/report/report.ts




/** `<job-id>#<build-no>`, the way the action names a build everywhere. */
function buildName(jobId, buildNo) {
    return `${jobId}#${buildNo}`;
}
/**
 * The end of the run in the workflow log: outputs, the chosen error annotations, then for a
 * failed build the failed step's last lines outside every group, then the error annotation
 * that fails the step.
 */
function reportOutcome(target, report) {
    const { log, redactor, core } = target;
    const { outcome, failedStep } = report;
    const build = buildName(report.jobId, report.buildNo);
    log.outsideFence(() => {
        core.setOutput('result', outcome.result);
        core.setOutput('failed-step', failedStep?.name ?? '');
    });
    writeFailureAnnotations(log, report.annotations?.chosen ?? []);
    switch (outcome.result) {
        case 'success':
            log.info(`CodeArts build ${build} succeeded (${outcome.serverResult}) after ${formatDuration(outcome.elapsedMs)}; ${report.logBytes} bytes of log received${outcome.note ? `; ${outcome.note}` : ''}.`);
            return;
        case 'failure':
        case 'aborted': {
            const verb = outcome.result === 'aborted' ? 'was aborted' : 'failed';
            const where = failedStep ? ` at step '${failedStep.name}'` : '';
            if (failedStep && failedStep.tailLines.length > 0) {
                log.info(`Last ${failedStep.tailLines.length} lines of step '${failedStep.name}':`);
                log.remoteLines(failedStep.tailLines.map((line) => redactor.redactCut(line)));
            }
            const failure = isKnownBuildResult(outcome.serverResult)
                ? `CodeArts build ${build} ${verb}${where} (${outcome.serverResult})${outcome.note ? `: ${outcome.note}` : ''}.`
                : `CodeArts build ${build} ended with '${outcome.serverResult}', a result this action does not know${where}; it counts as a failure.`;
            log.outsideFence(() => core.setFailed(redactor.safe(failure)));
            return;
        }
        case 'timeout':
        case 'cancelled': {
            const lastStep = report.steps.at(-1);
            const reached = lastStep ? `, in step '${lastStep.name}'` : '';
            log.outsideFence(() => core.setFailed(redactor.safe(`Stopped following CodeArts build ${build} after ${formatDuration(outcome.elapsedMs)}: ${outcome.note}. The log got to ${report.logBytes} bytes${reached}.`)));
        }
    }
}
/**
 * Writes the job summary when the runner provides one (`summaryFile`, from
 * GITHUB_STEP_SUMMARY); its text is redacted like the log.
 */
async function writeJobSummary(target, report) {
    if (!target.summaryFile)
        return;
    const { redactor } = target;
    const markdown = renderSummary({
        result: report.outcome.result,
        serverResult: report.outcome.serverResult,
        jobId: report.jobId,
        buildNo: report.buildNo,
        elapsedMs: report.outcome.elapsedMs,
        logBytes: report.logBytes,
        steps: report.steps,
        failedStep: report.failedStep,
        note: report.outcome.note,
        testTotals: report.testTotals,
        annotationsLeftOut: report.annotations?.rest ?? [],
        redact: (text) => redactor.redactCut(text)
    });
    await target.core.writeSummary(redactor.redact(markdown));
}

;// CONCATENATED MODULE: ./src/mirror/surrogate-carry.ts
/**
 * Joins a character cut between two log answers. When the cursor counts UTF-16 code units, an
 * answer can end with the high half of a surrogate pair and the next start with the low half.
 * The answer decoder writes such a half, at the very end or start of its content, in its
 * three-byte form (ED A0..AF xx for a high half, ED B0..BF xx for a low one); here a trailing
 * high half is held back and joined with a leading low half into the pair's four UTF-8 bytes,
 * and a half that finds no partner becomes U+FFFD (EF BF BD), as the UTF-8 encoder writes it.
 */
class SurrogateCarry {
    held;
    /**
     * The bytes to pass on now (possibly empty). Usually `content` itself or a part of it; a
     * lone low half at its start is replaced in place.
     */
    take(content) {
        let bytes = content;
        const held = this.held;
        this.held = undefined;
        if (held) {
            const low = surrogateAt(bytes, 0);
            if (low !== undefined && low >= 0xdc00) {
                const joined = Buffer.alloc(4);
                joined.write(String.fromCharCode(surrogateAt(held, 0), low), 'utf8');
                bytes = Buffer.concat([joined, bytes.subarray(3)]);
            }
            else {
                bytes = Buffer.concat([REPLACEMENT, bytes]);
            }
        }
        else if ((surrogateAt(bytes, 0) ?? 0) >= 0xdc00) {
            REPLACEMENT.copy(bytes, 0);
        }
        const last = bytes.length - 3;
        const high = last >= 0 ? surrogateAt(bytes, last) : undefined;
        if (high !== undefined && high < 0xdc00) {
            this.held = Buffer.from(bytes.subarray(last));
            return bytes.subarray(0, last);
        }
        return bytes;
    }
    /** The log is over: a half still held is passed on as U+FFFD (once). */
    flush() {
        const rest = this.held ? REPLACEMENT : Buffer.alloc(0);
        this.held = undefined;
        return rest;
    }
}
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);
/** The surrogate code unit whose three-byte form starts at `at`, if one does. */
function surrogateAt(bytes, at) {
    if (bytes.length < at + 3 || bytes[at] !== 0xed || bytes[at + 1] < 0xa0)
        return undefined;
    return 0xd000 | ((bytes[at + 1] & 0x3f) << 6) | (bytes[at + 2] & 0x3f);
}

;// CONCATENATED MODULE: ./src/mirror/log-content.ts


/**
 * How much of a chunk is shown before the event loop gets a turn. A log answer carries up to
 * a megabyte, and showing it takes milliseconds; meanwhile the next answer, asked for before
 * this one was shown, can only come in as far as the socket's buffers hold unless Node reads
 * it. Slices of this size let it read between them, so the server and the network keep working
 * while the action does (measured on a 200 MiB log: about a tenth less wall time).
 */
const SLICE_BYTES = 128 * 1024;
/** The next turn of the event loop, after its I/O (a socket's bytes, say) is read. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** Where the log's text goes: the raw file and the workflow log, each character whole. */
class LogContent {
    archive;
    mirror;
    log;
    secrets;
    carry = new SurrogateCarry();
    /** What a chunk still has to show, while its showing waits for a turn of the event loop. */
    rest;
    /** Of the chunk `rest` is part of: whether it holds none of the run's secrets; its newlines. */
    restHasNoSecret = false;
    restNewlines = NO_KNOWN_NEWLINES;
    constructor(archive, mirror, log, secrets) {
        this.archive = archive;
        this.mirror = mirror;
        this.log = log;
        this.secrets = secrets;
    }
    /**
     * Takes the next bytes (lent, see FollowListener.onContent): all of them to the file at once,
     * then to the workflow log slice by slice. Resolves once they are shown and stdout can take
     * more; the next call waits for that.
     */
    take(content, newlines = NO_KNOWN_NEWLINES) {
        return this.pass(this.carry.take(content), newlines);
    }
    /**
     * The log started over: what the old log left unfinished (a half character, bytes held as a
     * possible secret's start, a last line without its end) is written as it is, and the line ends.
     */
    breakLine() {
        this.writeHeldNow();
        this.archive.flushHeld();
        this.mirror.breakLine();
    }
    /** The log is over: a half character still held is written (once). */
    end() {
        this.writeHeldNow();
    }
    pass(text, newlines) {
        if (text.length === 0)
            return;
        // One search for the run's secrets serves the file and the page: each search reads every
        // byte, and a build log almost never holds one.
        const hasNoSecret = !this.secrets.appearsIn(text);
        this.archive.append(text, hasNoSecret);
        this.rest = text;
        this.restHasNoSecret = hasNoSecret;
        this.restNewlines = newlines;
        return this.showRest();
    }
    /** Shows the next slice, cut after a newline, and the rest on the loop's next turn. */
    showRest() {
        const text = this.rest;
        if (text === undefined)
            return;
        let end = text.length;
        if (end > SLICE_BYTES) {
            const newline = text.indexOf(0x0a, SLICE_BYTES - 1);
            if (newline !== -1 && newline + 1 < end)
                end = newline + 1;
        }
        this.rest = end < text.length ? text.subarray(end) : undefined;
        const slice = text.subarray(0, end);
        const canTakeMore = this.mirror.write(slice, this.restHasNoSecret, this.restNewlines);
        if (this.rest === undefined)
            return canTakeMore ? undefined : this.log.whenDrained();
        return (canTakeMore ? nextTurn() : this.log.whenDrained()).then(() => this.showRest());
    }
    /**
     * Writes at once what waits: what a chunk still has to show (the log ends or starts over
     * while its showing waits for a turn: order comes first), then the half character the carry
     * holds (a few bytes, to the file and the page alike).
     */
    writeHeldNow() {
        const rest = this.rest;
        this.rest = undefined;
        if (rest !== undefined)
            this.mirror.write(rest, this.restHasNoSecret, this.restNewlines);
        const held = this.carry.flush();
        if (held.length === 0)
            return;
        this.archive.append(held);
        this.mirror.write(held);
    }
}

;// CONCATENATED MODULE: ./src/session/run-state.ts
/** Sets outputs between fenced log lines, where the runner reads commands. */
function setOutputs(state, outputs) {
    state.log.outsideFence(() => {
        for (const [name, value] of Object.entries(outputs))
            state.core.setOutput(name, value);
    });
}

;// CONCATENATED MODULE: ./src/session/stop-build.ts


const STOP_REQUEST_TIMEOUT_MS = 2500;
const TAIL_AFTER_CANCEL_MS = 3000;
const TAIL_AFTER_TIMEOUT_MS = 15_000;
/**
 * Sends the stop request, with the client's own retry (the legacy route where the current one
 * is not published, once more after a connection reset), within `signal`. A stop counts as
 * taken only when the answer says so; otherwise the status is asked: a build that is over
 * needs no stop (a stop of a finished build is refused), one that runs was not stopped.
 * Never throws.
 */
async function requestStop(client, buildNo, signal, redactor, askStatus = true) {
    let reason;
    try {
        if (await client.stopBuild(buildNo, signal))
            return { accepted: true };
        reason = 'CodeArts answered that it did not take the stop';
    }
    catch (error) {
        reason = error instanceof Error ? error.message.replace(/\.$/, '') : 'no answer in time';
    }
    try {
        if (!askStatus)
            throw new Error('not asked');
        const info = await client.getBuildInfo(buildNo, signal);
        if (!info.building) {
            return {
                accepted: false,
                ended: singleLineRemoteText(redactor.safe(info.buildResult || 'no result given', 100))
            };
        }
        reason += '; the build still runs';
    }
    catch {
        // The stop's own answer is what matters.
    }
    return { accepted: false, reason: redactor.safe(reason, 500) };
}
/** The line said about a stop request in the main phase. */
function stopNoteOf(answer) {
    if (answer.accepted)
        return 'CodeArts accepted the request to stop the build';
    if (answer.ended !== undefined)
        return `the build is over (${answer.ended}), stopped or ended on its own`;
    return `the stop was not taken (${answer.reason}); the build may still be running: stop it in CodeArts`;
}
/** Stops the build on cancel or timeout when asked to; says whether CodeArts accepted. */
async function stopBuildIfAsked({ state, inputs }, followed) {
    const { outcome, client, follower, buildNo } = followed;
    if (!inputs.stopOnCancel || (outcome.result !== 'cancelled' && outcome.result !== 'timeout')) {
        return outcome;
    }
    const { mirror, cancellation } = state;
    const limit = AbortSignal.any([cancellation.forced, AbortSignal.timeout(STOP_REQUEST_TIMEOUT_MS)]);
    const answer = await requestStop(client, buildNo, limit, state.redactor);
    // Saved at once: the post step must not stop the build again, even if this process is killed.
    if (answer.accepted || answer.ended !== undefined)
        state.postState.buildSettled('stopped');
    const stopNote = stopNoteOf(answer);
    const line = `Build ${buildName(inputs.jobId, buildNo)}: ${stopNote}.`;
    if (answer.accepted || answer.ended !== undefined)
        mirror?.statusLine(line);
    else
        state.log.outsideFence(() => state.core.warning(line));
    const tailMs = outcome.result === 'cancelled' ? TAIL_AFTER_CANCEL_MS : TAIL_AFTER_TIMEOUT_MS;
    await follower.followTail(tailMs, cancellation.forced);
    return { ...outcome, note: `${outcome.note}; ${stopNote}` };
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
;// CONCATENATED MODULE: ./src/codearts/body-pool.ts
/**
 * Memory for answer bodies, reused from one log read to the next. A log answer read into
 * fresh buffers leaves a dead buffer per read; when the rest of the action allocates little,
 * nothing collects them until tens of megabytes have piled up. Reusing a few buffers keeps the
 * resident size flat however long the log.
 *
 * Ownership is explicit: `acquire` hands out a buffer that nobody else uses until `release`
 * gives it back. A buffer never released (an answer dropped unread) is simply left to the
 * garbage collector, so forgetting a release costs memory, never correctness.
 */
/** The smallest buffer handed out: most answers fit, so few ever grow. */
const MIN_CAPACITY = 64 * 1024;
/** Larger buffers are not kept for reuse: one huge answer must not pin its memory. */
const LARGEST_KEPT = 8 * 1024 * 1024;
/** A few buffers kept for reuse. */
class BodyPool {
    keep;
    free = [];
    /** @param keep how many free buffers to keep at most */
    constructor(keep = 4) {
        this.keep = keep;
    }
    /**
     * A buffer of at least `minBytes` (a power of two), for the caller alone until released. The
     * largest free one is taken: an answer of unknown length then rarely has to grow.
     */
    acquire(minBytes) {
        let index = -1;
        for (let i = 0; i < this.free.length; i++) {
            if (this.free[i].length >= minBytes &&
                (index === -1 || this.free[i].length > this.free[index].length))
                index = i;
        }
        if (index !== -1)
            return this.free.splice(index, 1)[0];
        let capacity = MIN_CAPACITY;
        while (capacity < minBytes)
            capacity *= 2;
        // Not from Node's shared slab: the whole buffer is ours to reuse.
        return Buffer.allocUnsafeSlow(capacity);
    }
    /** Gives a buffer back; it must not be read or written afterwards. */
    release(buffer) {
        if (buffer.length > LARGEST_KEPT || this.free.includes(buffer))
            return;
        if (this.free.length >= this.keep)
            this.free.shift();
        this.free.push(buffer);
    }
}
/**
 * One answer's body as it arrives, in a pooled buffer that grows (into a larger pooled one)
 * when needed. `release` gives the memory back; it is safe to call more than once, and after
 * it any further part is ignored, so a late event of an aborted request cannot write into a
 * buffer that is in use elsewhere.
 */
class PooledBody {
    pool;
    buffer;
    length = 0;
    released = false;
    constructor(pool, expectedBytes = 0) {
        this.pool = pool;
        this.buffer = pool.acquire(expectedBytes);
    }
    append(part) {
        if (this.released || !this.buffer)
            return;
        if (this.length + part.length > this.buffer.length) {
            const larger = this.pool.acquire(this.length + part.length);
            this.buffer.copy(larger, 0, 0, this.length);
            this.pool.release(this.buffer);
            this.buffer = larger;
        }
        part.copy(this.buffer, this.length);
        this.length += part.length;
    }
    /** The bytes so far: valid until `release`. */
    bytes() {
        return this.released || !this.buffer ? Buffer.alloc(0) : this.buffer.subarray(0, this.length);
    }
    release() {
        if (this.released)
            return;
        this.released = true;
        if (this.buffer)
            this.pool.release(this.buffer);
        this.buffer = undefined;
    }
}

;// CONCATENATED MODULE: ./src/codearts/answer-limit.ts

/**
 * How large an answer body may be, decompressed. A log read asks for `length` bytes of log;
 * JSON escapes a byte as at most 6 (`\u001b`), so 8 times that plus 1 MiB for the envelope is
 * more than any true answer and still a bound: an endless body, a gzip bomb or a Content-Length
 * of petabytes stops there, with memory to spare. Every other answer (status, start, stop, the
 * v1 log route whose `size` counts no bytes) is a small JSON object: 16 MiB is far beyond it.
 */
const DEFAULT_ANSWER_LIMIT = 16 * 1024 * 1024;
const ENVELOPE_ROOM = 1024 * 1024;
const BYTES_PER_ASKED_BYTE = 8;
/** No limit beyond this, whatever is asked: a Buffer this size is still cheap to refuse. */
const LARGEST_LIMIT = 1024 * 1024 * 1024;
/** The limit of the answer to a request for `url`. */
function answerLimitFor(url) {
    const asked = Number(url.searchParams.get('length'));
    if (!Number.isSafeInteger(asked) || asked <= 0)
        return DEFAULT_ANSWER_LIMIT;
    return Math.min(LARGEST_LIMIT, asked * BYTES_PER_ASKED_BYTE + ENVELOPE_ROOM);
}
function mebibytes(bytes) {
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
/** An answer far larger than any the API gives: fatal, told once with its size. */
function oversizedAnswerError(answer) {
    const size = answer.declared
        ? `its Content-Length says ${answer.size} bytes`
        : `it went past ${answer.size} bytes${answer.decompressed ? ' once decompressed' : ''} before it was cut off`;
    return new ApiError({
        message: `An answer from ${answer.host} is too large: ${size}, and no answer of the CodeArts Build API exceeds ${mebibytes(answer.limit)} (${answer.limit} bytes). The endpoint, or something between it and this runner, is not answering as the API does; check the 'endpoint' input and any proxy.`,
        kind: 'fatal'
    });
}

;// CONCATENATED MODULE: ./src/codearts/read-buffers.ts
class AnswerReadBuffers {
    buffers = new Set();
    socket;
    onRead = (chunk) => this.add(chunk);
    /** Collects what the request's socket reads from now until the answer ends. */
    watch(socket) {
        this.unwatch();
        this.socket = socket;
        socket.on('data', this.onRead);
    }
    /** A chunk read for this answer, or a part of its body, already copied. */
    add(part) {
        const buffer = part.buffer;
        if (buffer instanceof ArrayBuffer &&
            part.byteOffset === 0 &&
            part.length === buffer.byteLength &&
            part.length > 0) {
            this.buffers.add(buffer);
        }
    }
    /** The answer is complete: its read buffers are no longer needed by anyone. */
    free() {
        this.unwatch();
        for (const buffer of this.buffers) {
            try {
                ;
                buffer.transfer?.(0);
            }
            catch {
                // Not detachable (a buffer Node shares otherwise): the collector frees it.
            }
        }
        this.buffers.clear();
    }
    /** The answer failed or is gzipped: nothing is freed, the collector does it. */
    forget() {
        this.unwatch();
        this.buffers.clear();
    }
    unwatch() {
        this.socket?.removeListener('data', this.onRead);
        this.socket = undefined;
    }
}

;// CONCATENATED MODULE: ./src/codearts/http.ts





/**
 * A gunzip stream. node:zlib is loaded on the first gzipped answer, not at every start: a run
 * whose answers all come uncompressed never pays for the module (time and memory before the
 * first request). `process.getBuiltinModule` is the synchronous way to load a built-in on
 * demand in an ES module, and the bundler leaves it as it is.
 */
function createGunzip() {
    return process.getBuiltinModule('node:zlib').createGunzip();
}
/** Why a request got no complete answer. */
class ExchangeFailure extends Error {
    code;
    timedOut;
    answered;
    constructor(message, 
    /** Node's error code, e.g. ECONNRESET, ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT. */
    code, 
    /** The idle limit ended the request. */
    timedOut, 
    /** Answer headers had arrived before the failure. */
    answered) {
        super(message);
        this.code = code;
        this.timedOut = timedOut;
        this.answered = answered;
        this.name = 'ExchangeFailure';
    }
}
/**
 * Sends one request with `Accept-Encoding: gzip` and reads its whole answer, under an idle
 * limit rather than a whole-answer limit, and a size limit (answer-limit.ts): a body,
 * compressed or not, over it, or a Content-Length that says so, is a fatal ApiError, never a
 * crash or a memory spike. Rejects with ExchangeFailure, that ApiError, or the signal's
 * reason once it is aborted.
 */
function sendRequest(request) {
    const { url, signal } = request;
    signal?.throwIfAborted();
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
        let answered = false;
        let settled = false;
        let pooled;
        const finish = (error, answer) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(idleTimer);
            signal?.removeEventListener('abort', onAbort);
            // A failed read gives its memory back at once: a retry will ask for it again.
            if (error)
                pooled?.release();
            if (error)
                readBuffers?.forget();
            if (error)
                reject(error);
            else
                resolve(answer);
        };
        const fail = (error) => {
            if (signal?.aborted)
                return finish(signal.reason);
            if (error instanceof ExchangeFailure)
                return finish(error);
            const code = error.code;
            const message = error instanceof Error ? error.message : String(error);
            finish(new ExchangeFailure(message, code, false, answered));
        };
        const onAbort = () => {
            req.destroy();
            finish(signal?.reason);
        };
        let idleTimer;
        const onIdle = () => {
            const failure = new ExchangeFailure(answered
                ? `the answer stalled: no byte for ${request.idleTimeoutMs} ms`
                : `no answer within ${request.idleTimeoutMs} ms`, 'ETIMEDOUT', true, answered);
            req.destroy(failure);
            finish(failure);
        };
        // Every sign of life restarts the limit; refresh() reuses the timer, cheap per body chunk.
        const stillAlive = () => {
            if (settled)
                return;
            if (idleTimer)
                idleTimer.refresh();
            else
                idleTimer = setTimeout(onIdle, request.idleTimeoutMs);
        };
        const headers = { 'Accept-Encoding': 'gzip', ...request.headers };
        if (request.payload)
            headers['Content-Length'] = String(Buffer.byteLength(request.payload));
        const options = {
            method: request.method,
            // URL keeps the brackets of an IPv6 literal; the socket layer wants the bare address.
            hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
            port: url.port || (secure ? 443 : 80),
            path: `${url.pathname}${url.search}`,
            headers,
            agent: request.agent
        };
        const limit = answerLimitFor(url);
        // A plain body copied into the pool leaves what Node read it into unused (read-buffers.ts).
        const readBuffers = request.bodyPool ? new AnswerReadBuffers() : undefined;
        const req = (secure ? external_node_https_namespaceObject : external_node_http_namespaceObject).request(options, (response) => {
            answered = true;
            stillAlive();
            const gzipped = /^\s*(x-)?gzip\s*$/i.test(String(response.headers['content-encoding'] ?? ''));
            const declared = Number(response.headers['content-length']);
            const decoder = gzipped ? createGunzip() : undefined;
            const tooLarge = (size, isDeclared) => {
                const error = oversizedAnswerError({
                    host: url.host,
                    limit,
                    size,
                    declared: isDeclared,
                    decompressed: gzipped && !isDeclared
                });
                req.destroy();
                decoder?.destroy();
                finish(error);
            };
            // Refused before a byte of the body is read, or any memory is taken for it.
            if (declared > limit)
                return tooLarge(declared, true);
            const parts = [];
            if (request.bodyPool) {
                pooled = new PooledBody(request.bodyPool, gzipped || !(declared > 0) ? 0 : declared);
            }
            const body = pooled;
            if (decoder)
                readBuffers?.forget();
            let received = 0;
            let kept = 0;
            // Parts that come after the end (an aborted request) are not kept: the memory is reused.
            const keep = (part) => {
                if (settled)
                    return;
                kept += part.length;
                if (kept > limit)
                    return tooLarge(kept, false);
                if (body)
                    body.append(part);
                else
                    parts.push(part);
            };
            response.on('data', (part) => {
                stillAlive();
                if (settled)
                    return;
                received += part.length;
                // The compressed bytes count too: an endless gzipped body is cut as an endless plain one.
                if (decoder && received > limit)
                    return tooLarge(received, false);
                if (decoder)
                    decoder.write(part);
                else
                    keep(part);
                if (body && !decoder)
                    readBuffers?.add(part);
            });
            const done = () => {
                // After the end, the parser is done with every byte read for this answer.
                readBuffers?.free();
                finish(undefined, {
                    status: response.statusCode ?? 0,
                    headers: response.headers,
                    body: body ? body.bytes() : Buffer.concat(parts),
                    release: () => body?.release()
                });
            };
            if (decoder) {
                decoder.on('data', keep);
                decoder.on('end', done);
                decoder.on('error', (error) => fail(new ExchangeFailure(`the gzip answer is corrupt: ${error.message}`, 'EGZIP', false, true)));
            }
            response.on('end', () => (decoder ? decoder.end() : done()));
            response.on('error', fail);
            response.on('close', () => {
                if (!response.complete) {
                    fail(new ExchangeFailure('connection closed before the answer was complete', 'ECONNRESET', false, true));
                }
            });
        });
        req.on('error', fail);
        req.on('socket', (socket) => readBuffers?.watch(socket));
        signal?.addEventListener('abort', onAbort, { once: true });
        stillAlive();
        req.end(request.payload || undefined);
    });
}

;// CONCATENATED MODULE: ./src/codearts/id-token.ts



/** No answer, or no further byte of it, for this long ends a sign-in request. */
const SIGN_IN_TIMEOUT_MS = 30_000;
/**
 * One sign-in request, sent through the runner's proxy settings; never kept alive. `signal`
 * ends it when the run ends (a socket on its way would hold the process).
 */
function sendSignInRequest(method, url, headers, payload, signal) {
    const agent = new lib_HttpClient('codearts-build-action/1.0', [], { keepAlive: false }).getAgent(url.toString());
    const idleTimeoutMs = SIGN_IN_TIMEOUT_MS;
    return sendRequest({ method, url, headers, payload, agent, idleTimeoutMs, signal });
}
/** A failure worth one more try: no answer, throttling or a server error. */
function signInTransient(message, httpStatus) {
    return new ApiError({ message, kind: 'transient', httpStatus });
}
/** The text of a failed exchange: its Node message, without anything from the request. */
function failureText(error) {
    if (error instanceof ExchangeFailure)
        return error.timedOut ? 'no answer in time' : error.message;
    return error instanceof Error ? error.message : String(error);
}
/** The start of an answer's body on one line, for a message. */
function bodyExcerpt(answer) {
    return answer.body.toString('utf8', 0, 300).replace(/\s+/g, ' ').trim();
}
/**
 * A new ID token for `audience`, as `core.getIDToken` asks for it (GET the request URL with
 * `audience` added, `Authorization: Bearer` the request token, answer `{"value": "<JWT>"}`),
 * but with the environment and the mask of this run, and without ten silent retries. The
 * token is registered as a secret as soon as it is read, before anything else happens.
 */
async function requestIdToken(request, audience, secrets, signal) {
    const url = new URL(request.url);
    url.searchParams.set('audience', audience);
    let answer;
    try {
        const headers = { Accept: 'application/json', Authorization: `Bearer ${request.token}` };
        answer = await sendSignInRequest('GET', url, headers, '', signal);
    }
    catch (error) {
        throw signInTransient(`The runner's ID token service did not answer: ${failureText(error)}.`);
    }
    if (answer.status !== 200) {
        const message = `The runner's ID token service refused an ID token for audience '${audience}' (HTTP ${answer.status}: ${bodyExcerpt(answer)}).`;
        if (answer.status === 429 || answer.status >= 500) {
            throw signInTransient(message, answer.status);
        }
        throw new ApiError({
            message: `${message} Check that the job has 'permissions: id-token: write'.`,
            kind: 'fatal',
            httpStatus: answer.status
        });
    }
    let value;
    try {
        value = JSON.parse(answer.body.toString('utf8')).value;
    }
    catch {
        value = undefined;
    }
    if (typeof value !== 'string' || !value) {
        throw signInTransient("The runner's ID token service answered without an ID token.");
    }
    secrets(value);
    return value;
}
/** The claims that decide IAM's identity conversion, read from the JWT (never verified here). */
function decisiveClaims(idToken) {
    let claims = {};
    try {
        claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    }
    catch {
        return 'sub, repository, ref, environment';
    }
    return ['sub', 'repository', 'ref', 'environment']
        .map((name) => {
        const value = claims[name];
        return `${name}: ${typeof value === 'string' ? value.replace(/[\r\n]/g, ' ') : '(none)'}`;
    })
        .join(', ');
}

;// CONCATENATED MODULE: ./src/codearts/iam.ts


function iamMessage(answer) {
    try {
        const body = JSON.parse(answer.body.toString('utf8'));
        const error = (body.error ?? {});
        const code = body.error_code ?? error.code;
        const message = body.error_msg ?? error.message;
        const parts = [code, message].filter((part) => typeof part === 'string' || typeof part === 'number');
        if (parts.length > 0)
            return parts.join(': ').replace(/\s+/g, ' ');
    }
    catch {
        // Not JSON: quoted as it came.
    }
    return bodyExcerpt(answer);
}
function lifetimeOf(answer) {
    try {
        const body = JSON.parse(answer.body.toString('utf8'));
        const expires = Date.parse(String(body.token?.expires_at));
        const issued = Date.parse(String(body.token?.issued_at));
        const lifetime = expires - issued;
        return Number.isFinite(lifetime) && lifetime > 0 ? lifetime : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Exchanges an ID token for an IAM token scoped to the project
 * (`POST /v3.0/OS-AUTH/id-token/tokens`, the token in X-Subject-Token). A refusal is fatal and
 * says which provider refused and which claims the workflow presented; no answer, throttling
 * or a server error is transient. The issued token is registered as a secret before use.
 */
async function exchangeIdToken(target, idToken, secrets, signal) {
    const project = target.projectId ? { id: target.projectId } : { name: target.projectName };
    const payload = JSON.stringify({ auth: { id_token: { id: idToken }, scope: { project } } });
    const url = new URL(`${target.iamEndpoint}/v3.0/OS-AUTH/id-token/tokens`);
    let answer;
    try {
        answer = await sendSignInRequest('POST', url, {
            Accept: 'application/json',
            'Content-Type': 'application/json;charset=utf8',
            'X-Idp-Id': target.identityProvider
        }, payload, signal);
    }
    catch (error) {
        throw signInTransient(`IAM at ${url.host} did not answer the sign-in: ${failureText(error)}.`);
    }
    const token = answer.headers['x-subject-token'];
    if (answer.status >= 200 && answer.status < 300 && typeof token === 'string' && token) {
        secrets(token);
        return { token, lifetimeMs: lifetimeOf(answer) };
    }
    const told = `HTTP ${answer.status}: ${iamMessage(answer)}`;
    if (answer.status === 429 || answer.status >= 500) {
        throw signInTransient(`IAM at ${url.host} could not sign in (${told}).`, answer.status);
    }
    if (answer.status < 300) {
        throw new ApiError({
            message: `IAM at ${url.host} answered the sign-in without a token (HTTP ${answer.status}, no X-Subject-Token header). Check the 'iam-endpoint' input.`,
            kind: 'fatal',
            httpStatus: answer.status
        });
    }
    throw new ApiError({
        message: `IAM refused the keyless sign-in through identity provider '${target.identityProvider}' (${told}). Check that provider's identity conversion rules against this workflow's claims (${decisiveClaims(idToken)}), that its client ID is '${target.audience}', and that the mapped user group may use project ${target.projectId ?? target.projectName}.`,
        kind: 'fatal',
        httpStatus: answer.status
    });
}

;// CONCATENATED MODULE: ./src/codearts/keyless.ts




/**
 * Credentials are renewed once this share of the lifetime IAM gave them has passed: the margin
 * scales with the lifetime, so 20-second credentials are renewed as sparingly as 24-hour ones
 * (after 15 s and 18 h), and 15-minute ones keep almost 4 minutes in hand.
 */
const RENEW_AT_SHARE = 0.75;
/** The lifetime assumed when IAM does not say: below IAM's shortest (15 minutes). */
const UNKNOWN_LIFETIME_MS = 10 * 60_000;
/** Pause before the one retry of a sign-in step that failed transiently. */
const RETRY_PAUSE_MS = 1000;
/** One more try after a transient failure; anything else, or a second failure, is thrown. */
async function withOneRetry(step, pauseMs, signal) {
    try {
        return await step();
    }
    catch (error) {
        if (!(error instanceof ApiError) || error.kind !== 'transient')
            throw error;
        await sleep(pauseMs, signal);
        return step();
    }
}
/**
 * The IAM token of a keyless sign-in: a new ID token from the runner exchanged at IAM, on the
 * first request and again once most of its lifetime has passed (a new ID token each time,
 * since those live minutes). A request refused with HTTP 401 gets one renewal; a token issued
 * after a refusal that is refused too is not renewed again (no loop). Concurrent requests
 * share one renewal. Every ID token and IAM token is a secret from the moment it is read.
 */
class KeylessSignIn {
    settings;
    secrets;
    held;
    pending;
    /** After a renewal failed while the held token was still valid: not before this. */
    nextTryMs = 0;
    /** IAM or the runner refused a sign-in: every later request fails with it, none asks again. */
    refusal;
    /** Aborted when the run ends: a sign-in on its way (or in its retry pause) ends with it. */
    runEnded = new AbortController();
    constructor(settings, secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }
    /** The token to send now: signs in first, and renews once most of its lifetime is gone. */
    async currentToken() {
        if (this.refusal)
            throw this.refusal;
        const held = this.held;
        if (!held)
            return this.firstSignIn();
        const now = Date.now();
        if (now < held.renewAtMs || (now < this.nextTryMs && now < held.expiresAtMs)) {
            return held.token;
        }
        try {
            return (await this.renew(false)).token;
        }
        catch (error) {
            // A renewal that fails while the held token still lives keeps it, and tries later.
            if (error instanceof ApiError &&
                error.kind === 'transient' &&
                Date.now() < held.expiresAtMs) {
                this.nextTryMs = Date.now() + Math.max(1000, held.lifetimeMs / 20);
                return held.token;
            }
            throw error;
        }
    }
    /**
     * The first sign-in fails fast: a transient failure was tried once more already, and
     * nothing was done yet that waiting could save.
     */
    async firstSignIn() {
        try {
            return (await this.renew(false)).token;
        }
        catch (error) {
            if (!(error instanceof ApiError) || error.kind !== 'transient')
                throw error;
            throw this.refuse(new ApiError({
                message: `Keyless sign-in failed after 2 tries: ${error.message}`,
                kind: 'fatal',
                httpStatus: error.httpStatus
            }));
        }
    }
    /** Remembers why signing in cannot work, so that a request sent meanwhile asks IAM no more. */
    refuse(error) {
        this.refusal ??= error instanceof Error ? error : new Error(String(error));
        return this.refusal;
    }
    /** The run is over: a sign-in on its way ends now instead of holding the process. */
    dispose() {
        this.runEnded.abort(new Error('The run ended during a keyless sign-in.'));
    }
    /** After an HTTP 401 for `refused`: whether a request may be sent once more, renewed. */
    async renewAfterRejection(refused) {
        if (this.refusal)
            throw this.refusal;
        if (this.pending) {
            await this.pending;
            return true;
        }
        const held = this.held;
        if (!held)
            return false;
        // A newer token is there already (another request renewed it): try that one.
        if (refused !== held.token)
            return true;
        if (held.afterRefusal)
            return false;
        await this.renew(true);
        return true;
    }
    /** One sign-in shared by every request that needs it; a refusal is remembered (refuse). */
    renew(afterRefusal) {
        this.pending ??= this.signIn(afterRefusal)
            .catch((error) => {
            throw error instanceof ApiError && error.kind === 'transient' ? error : this.refuse(error);
        })
            .finally(() => {
            this.pending = undefined;
        });
        return this.pending;
    }
    async signIn(afterRefusal) {
        const { settings, secrets } = this;
        const { signal } = this.runEnded;
        const idToken = await withOneRetry(() => requestIdToken(settings.idTokenRequest, settings.audience, secrets, signal), RETRY_PAUSE_MS, signal);
        const sentAtMs = Date.now();
        const issued = await withOneRetry(() => exchangeIdToken(settings, idToken, secrets, signal), RETRY_PAUSE_MS, signal);
        const lifetimeMs = issued.lifetimeMs ?? UNKNOWN_LIFETIME_MS;
        // Counted from when the exchange was sent: IAM's clock may differ from this one.
        const held = {
            token: issued.token,
            renewAtMs: sentAtMs + lifetimeMs * RENEW_AT_SHARE,
            expiresAtMs: sentAtMs + lifetimeMs,
            lifetimeMs,
            afterRefusal
        };
        this.held = held;
        this.nextTryMs = 0;
        return held;
    }
}

;// CONCATENATED MODULE: ./src/codearts/signer.ts

const ALGORITHM = 'SDK-HMAC-SHA256';
/**
 * Percent-encodes everything except the RFC 3986 unreserved set, over UTF-8 bytes, with
 * upper-case hex. This is the `escape()` of huaweicloud-sdk-go-v3 core/auth/signer and the
 * `noEscape` table of the nodejs-v3 AKSKSigner and of the APIG JavaScript signer.
 * encodeURIComponent alone is not enough: it leaves `! ' ( ) *` as they are.
 */
function encodeRfc3986(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/**
 * The gateway rebuilds the canonical form from what it received, after decoding. Decoding
 * first makes the signature independent of how the URL happened to be escaped
 * (`%7E` versus `~`, `(` versus `%28`).
 */
function decodeLeniently(value) {
    try {
        return decodeURIComponent(value);
    }
    catch {
        // A stray `%` cannot be decoded by the server either; it sees the text as it is.
        return value;
    }
}
function canonicalUri(pathname) {
    const encoded = pathname
        .split('/')
        .map((segment) => encodeRfc3986(decodeLeniently(segment)))
        .join('/');
    // The signature always covers a path ending in `/`, although the request is sent without
    // it (Huawei "API Request Signing Guide" example: `/v1/{project}/vpcs` signs as `.../vpcs/`;
    // same in the Go, Node.js and APIG signers).
    return encoded.endsWith('/') ? encoded : `${encoded}/`;
}
/** Orders by UTF-8 bytes, as Go's sort.Strings does in the SDK's canonicalQueryString. */
function compareUtf8(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
function canonicalQuery(searchParams) {
    // URLSearchParams decodes `+` as a space, like Go's url.ParseQuery and Node's
    // querystring, which is how the public signers read the query they sign.
    const pairs = [...searchParams.entries()];
    pairs.sort(([nameA, valueA], [nameB, valueB]) => {
        return compareUtf8(nameA, nameB) || compareUtf8(valueA, valueB);
    });
    // A parameter without a value still contributes `name=` (Go SDK and APIG signer alike).
    return pairs.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`).join('&');
}
function sha256Hex(data) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha256').update(data, 'utf8').digest('hex');
}
function parseAbsoluteUrl(url) {
    try {
        return new URL(url);
    }
    catch {
        throw new Error(`Cannot sign request: '${url}' is not an absolute URL.`);
    }
}
/**
 * Builds the APIG canonical request that `SDK-HMAC-SHA256` hashes and signs. Exposed so a
 * signature the gateway refuses can be diagnosed by logging what was signed.
 *
 * @param method HTTP method (upper-cased here, as it goes on the wire).
 * @param url Absolute URL of the request.
 * @param signedHeaders The headers to sign, by name (any case) with their values; they are
 *   lower-cased, sorted and trimmed here.
 * @param body The exact body sent; its SHA-256 is taken over the raw UTF-8 bytes.
 * @returns The canonical request text.
 */
function canonicalRequest(method, url, signedHeaders, body) {
    const parsed = parseAbsoluteUrl(url);
    const headers = Object.entries(signedHeaders)
        .map(([name, value]) => [name.toLowerCase(), value.trim()])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // Each header line ends in `\n` and the list is then joined with `\n` again, so a blank
    // line separates the headers from the signed-header list (Huawei guide example, Go SDK).
    const headerBlock = headers.map(([name, value]) => `${name}:${value}\n`).join('');
    return [
        method.toUpperCase(),
        canonicalUri(parsed.pathname),
        canonicalQuery(parsed.searchParams),
        headerBlock,
        headers.map(([name]) => name).join(';'),
        // The raw body, byte for byte: the Go SDK test vectors only reproduce when the hash covers
        // the trailing newline that Go's JSON encoder writes, so nothing may be re-serialised.
        sha256Hex(body)
    ].join('\n');
}
/** `YYYYMMDDTHHMMSSZ` in UTC, the only form `X-Sdk-Date` accepts. */
function sdkDate(now) {
    if (Number.isNaN(now.getTime())) {
        throw new Error('Cannot sign request: the signing time is not a valid date.');
    }
    return now
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
}
function findHeader(headers, name) {
    for (const [key, value] of Object.entries(headers)) {
        if (key.toLowerCase() === name)
            return value;
    }
    return undefined;
}
/**
 * Signs a request for Huawei Cloud's API gateway with `SDK-HMAC-SHA256` (AK/SK).
 *
 * Signed headers are `host` and `x-sdk-date`, plus `x-project-id` and `x-security-token` when
 * the credentials carry them and `content-type` when the request has one. Other headers are
 * left unsigned on purpose: the gateway verifies exactly the list named in `SignedHeaders`,
 * and an HTTP library is free to add or rewrite headers such as `User-Agent`.
 *
 * @param request The request as it will be sent; `url` must be absolute.
 * @param credentials AK/SK, and optionally security token and project id.
 * @param now Signing time; the gateway refuses more than 15 minutes of clock skew.
 * @returns Headers to add to the request: `X-Sdk-Date`, `Authorization`, and
 *   `X-Security-Token` / `X-Project-Id` when given.
 * @throws Error when a key is empty, the URL is not absolute or the time is invalid.
 */
function signRequest(request, credentials, now) {
    if (!credentials.accessKey || !credentials.secretKey) {
        throw new Error('Cannot sign request: the access key and the secret key must both be set.');
    }
    const date = sdkDate(now);
    const added = { 'X-Sdk-Date': date };
    if (credentials.securityToken)
        added['X-Security-Token'] = credentials.securityToken;
    if (credentials.projectId)
        added['X-Project-Id'] = credentials.projectId;
    // An explicit Host header is what goes on the wire; otherwise the client derives it from
    // the URL, and URL.host already drops a default port (as the Node.js SDK signs it).
    const host = findHeader(request.headers, 'host') ?? parseAbsoluteUrl(request.url).host;
    const toSign = { host };
    const contentType = findHeader(request.headers, 'content-type');
    if (contentType !== undefined)
        toSign['content-type'] = contentType;
    for (const [name, value] of Object.entries(added))
        toSign[name.toLowerCase()] = value;
    const canonical = canonicalRequest(request.method, request.url, toSign, request.body);
    const stringToSign = `${ALGORITHM}\n${date}\n${sha256Hex(canonical)}`;
    const signature = (0,external_node_crypto_namespaceObject.createHmac)('sha256', credentials.secretKey)
        .update(stringToSign, 'utf8')
        .digest('hex');
    const signedHeaderList = Object.keys(toSign).sort().join(';');
    return {
        ...added,
        Authorization: `${ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaderList}, Signature=${signature}`
    };
}

;// CONCATENATED MODULE: ./src/codearts/auth.ts


/**
 * The authenticator for the given credentials. A signature covers the time it was made, so
 * each request is signed as it is sent (retries included), never reused.
 */
function authenticatorFor(credentials, now = () => new Date(), context = {}) {
    if (credentials.kind === 'token') {
        const { token } = credentials;
        return () => ({ 'X-Auth-Token': token });
    }
    if (credentials.kind === 'keyless') {
        if (!context.secrets)
            throw new Error('A keyless sign-in needs a place to register secrets.');
        const signIn = new KeylessSignIn(credentials, context.secrets);
        return Object.assign(async () => ({ 'X-Auth-Token': await signIn.currentToken() }), {
            renewAfterRejection: (refused) => signIn.renewAfterRejection(refused['X-Auth-Token'] ?? ''),
            dispose: () => signIn.dispose()
        });
    }
    return (request) => signRequest(request, credentials, now());
}

;// CONCATENATED MODULE: ./src/codearts/transport-errors.ts


/**
 * Failures of the connection itself that no retry can heal, as fatal ApiErrors whose message
 * names the cause and the input to change.
 */
/** Node's codes for a certificate chain it does not trust or a certificate that does not fit. */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'CERT_UNTRUSTED',
    'CERT_REJECTED',
    'CERT_SIGNATURE_FAILURE',
    'INVALID_CA',
    'ERR_TLS_CERT_ALTNAME_INVALID'
]);
/**
 * Answers that are not JSON, in a row, from an endpoint that never answered JSON, before it is
 * taken as not the API. One web page (a gateway's 502) during a good run stays a hiccup; four
 * in a row from the very start are a portal, a login page or another service.
 */
const NON_JSON_ANSWERS_BEFORE_GIVING_UP = 4;
/** The most characters of a foreign body quoted in a message. */
const QUOTED_BODY_CHARS = 60;
function isUntrustedCertificate(code) {
    return code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(code);
}
/** The endpoint's certificate is not trusted: how to add its CA, never how to skip the check. */
function untrustedCertificateError(host, code, reason) {
    return new ApiError({
        message: `The TLS certificate of ${host} is not trusted (${code}: ${reason}). If the endpoint is served with a certificate of a private or corporate CA, give that CA to Node.js: add 'env: NODE_EXTRA_CA_CERTS: <path to the CA's PEM file>' to this step. Otherwise check the 'endpoint' and 'region' inputs: ${host} may not be the CodeArts Build API.`,
        kind: 'fatal'
    });
}
/** The host name does not exist: most often a typo in 'region' or 'endpoint'. */
function unresolvableHostError(hostname, code) {
    return new ApiError({
        message: `The host name ${hostname} does not resolve (${code}). Check the 'region' input (a typo such as 'cn-nrth-4' gives a host that does not exist) and the 'endpoint' input (leave it empty to use the region's default).`,
        kind: 'fatal',
        neverReachedServer: true
    });
}
/**
 * Remote text cut to at most `max` characters without cutting a word: the part of a word past
 * the cut goes with it. The quoted text is redacted later, when the message is written, and a
 * secret (a token, a key: no spaces) cut in two would escape that redaction in part; a secret
 * is either quoted whole, and then redacted, or not at all.
 */
function cutAtWord(text, max) {
    if (text.length <= max)
        return text;
    const kept = text.slice(0, max + 1);
    const lastSpace = kept.lastIndexOf(' ');
    return clip(lastSpace === -1 ? '' : kept.slice(0, lastSpace).trimEnd(), max);
}
/** Control characters and backticks could break the line or the Markdown around it. */
function oneLine(text) {
    return text
        .replace(/[\u0000-\u001f\u007f-\u009f`]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
}
/** Content type and first characters of an answer, quoted on one line with no markup. */
function describeNonJsonAnswer(answer) {
    const type = String(answer.headers['content-type'] ?? 'no content type');
    // The whole body (within the answer limit; told once, at the end): any shorter slice would be
    // a cut of its own, and a word that crosses the cut is dropped whole (cutAtWord).
    const start = oneLine(answer.body.toString('utf8'));
    const cut = cutAtWord(start, QUOTED_BODY_CHARS);
    const quoted = (cut === '' && start !== '' ? ELLIPSIS : cut) || '(empty)';
    return `HTTP ${answer.status}, ${cutAtWord(oneLine(type), 80) || ELLIPSIS}, starting "${quoted.replace(/"/g, "'")}"`;
}
/** Every answer so far was a web page or other non-JSON: the endpoint is not the API. */
function notTheApiError(host, count, lastAnswer) {
    return new ApiError({
        message: `The endpoint ${host} is not the CodeArts Build API: its last ${count} answers were not JSON (${lastAnswer}). Check the 'endpoint' input (leave it empty to use the region's default, https://cloudbuild-ext.<region>.myhuaweicloud.com) and the 'region' input.`,
        kind: 'fatal'
    });
}

;// CONCATENATED MODULE: ./src/codearts/exchange.ts






/** Tries of a host name that does not resolve before it is taken as wrong (DNS can blip). */
const DNS_TRIES = 3;
/** Network errors that happen before any byte of the request left this machine. */
const NEVER_CONNECTED_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH'
]);
/**
 * Sends signed requests to one endpoint and turns every failure into an ApiError with its
 * meaning. It keeps what one answer alone cannot tell: whether the endpoint ever answered JSON
 * (then a web page is a passing hiccup, else a streak of them means it is not the API) and how
 * many lookups in a row found no such host (the log and status calls share the host).
 */
class ApiExchange {
    options;
    pool;
    jsonSeen = false;
    nonJsonInARow = 0;
    hostNotFoundInARow = 0;
    constructor(options) {
        this.options = options;
        // Used for its connection pool only, which also honours the runner's proxy settings.
        this.pool = new lib_HttpClient(options.userAgent, [], { keepAlive: true });
    }
    /** One request answered with JSON: the answer's object, or an ApiError with its meaning. */
    async call(request) {
        const answer = await this.exchange(request);
        return this.interpret(request.what, answer, this.parseJson(answer));
    }
    /**
     * One request under the idle limit. A host name that does not resolve is tried again after a
     * pause (DNS can blip) before it is fatal; an untrusted certificate is fatal at once.
     */
    async exchange(request) {
        const { method, url, signal } = request;
        const payload = request.payload ?? '';
        const target = new URL(url);
        let resets = 0;
        let renewed = false;
        for (;;) {
            const headers = { Accept: 'application/json' };
            if (payload)
                headers['Content-Type'] = 'application/json;charset=UTF-8';
            const auth = await this.options.authenticate({ method, url, headers, body: payload });
            Object.assign(headers, auth);
            headers['User-Agent'] = this.options.userAgent;
            if (this.hostNotFoundInARow >= DNS_TRIES) {
                throw unresolvableHostError(target.hostname, 'ENOTFOUND');
            }
            try {
                const answer = await sendRequest({
                    method,
                    url: target,
                    headers,
                    payload,
                    agent: this.pool.getAgent(url),
                    idleTimeoutMs: this.options.requestTimeoutMs,
                    signal,
                    bodyPool: request.bodyPool
                });
                this.hostNotFoundInARow = 0;
                // Credentials that expire get one renewal when refused; the request is sent again.
                const renew = this.options.authenticate.renewAfterRejection;
                if (answer.status === 401 &&
                    !renewed &&
                    renew &&
                    (await renewOrRelease(renew, auth, answer))) {
                    renewed = true;
                    answer.release?.();
                    continue;
                }
                return answer;
            }
            catch (error) {
                if (signal?.aborted || !(error instanceof ExchangeFailure))
                    throw error;
                if (error.code === 'ENOTFOUND') {
                    this.hostNotFoundInARow++;
                    if (this.hostNotFoundInARow >= DNS_TRIES) {
                        throw unresolvableHostError(target.hostname, error.code);
                    }
                    await sleep(this.options.dnsRetryDelayMs ?? 1000, signal);
                    continue;
                }
                if (isUntrustedCertificate(error.code)) {
                    throw untrustedCertificateError(target.host, error.code, error.message);
                }
                const reset = !error.answered && (error.code === 'ECONNRESET' || /hang up/i.test(error.message));
                if (request.resendAfterReset && reset && resets === 0) {
                    resets++;
                    continue;
                }
                throw transientFailure(request.what, error.message, error.code !== undefined && NEVER_CONNECTED_CODES.has(error.code), error.timedOut);
            }
        }
    }
    /** The answer's JSON object; counts answers that are not JSON at all (a web page, say). */
    parseJson(answer) {
        const body = parseJsonBody(answer.body);
        if (body || looksLikeJson(answer.body)) {
            this.jsonSeen = true;
            this.nonJsonInARow = 0;
            return body;
        }
        this.nonJsonInARow++;
        if (!this.jsonSeen && this.nonJsonInARow >= NON_JSON_ANSWERS_BEFORE_GIVING_UP) {
            throw notTheApiError(new URL(this.options.endpoint).host, this.nonJsonInARow, describeNonJsonAnswer(answer));
        }
        return undefined;
    }
    /** The answer's object, or the ApiError its status and error fields stand for. */
    interpret(what, answer, body) {
        if (body) {
            this.jsonSeen = true;
            this.nonJsonInARow = 0;
        }
        const status = answer.status;
        if (status >= 200 && status < 300) {
            if (!body)
                throw transientFailure(what, `HTTP ${status} with a body that is not JSON`);
            const fields = errorFields(body);
            // Errors also arrive with HTTP 200: an error code, or status "fail". They are retried
            // as a 500 would be, and told as what they are.
            if (fields.errorCode || body.status === 'fail') {
                const told = {
                    ...fields,
                    sentStatus: status,
                    status: typeof body.status === 'string' ? body.status : undefined
                };
                return fail(what, status === 200 ? 500 : status, told, answer);
            }
            return body;
        }
        return fail(what, status, body ? errorFields(body) : {}, answer);
    }
    /** Releases kept-alive connections, and ends a sign-in on its way, so the process can end. */
    dispose() {
        this.pool.dispose();
        this.options.authenticate.dispose?.();
    }
}
function fail(what, status, fields, answer) {
    const retryAfter = answer.headers['retry-after'];
    throw classifyFailure(what, status, fields, parseRetryAfterMs(retryAfter, Date.now()));
}
/** Asks for new credentials after a 401; a renewal that fails gives the answer's memory back first. */
async function renewOrRelease(renew, refused, answer) {
    try {
        return await renew(refused);
    }
    catch (error) {
        answer.release?.();
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/codearts/legacy-fallback.ts

/**
 * Runs `send` on the call's first route, and on its other route when the first one is not
 * published in this region (`route-missing`). Every other failure is the caller's: a route
 * that exists but fails must not be hidden behind one that may behave differently.
 */
async function withLegacyFallback(send, options = {}) {
    if (!options.skipCurrent) {
        try {
            return { answer: await send('current'), route: 'current' };
        }
        catch (error) {
            if (!(error instanceof ApiError && error.kind === 'route-missing'))
                throw error;
            options.onFallback?.(error);
        }
    }
    return { answer: await send('legacy'), route: 'legacy' };
}

;// CONCATENATED MODULE: ./src/codearts/log-answer.ts
/**
 * Reads a real-time-log answer without ever making its content a string. The content's JSON
 * string escapes are decoded straight into UTF-8 bytes, in place in the answer's own buffer:
 * a decoded escape is never longer than the escape (`\n` is 1 byte for 2, `\uXXXX` at most 3
 * for 6, a surrogate pair 4 for 12), so the bytes written never overtake the bytes still to be
 * read. Raw UTF-8 between escapes is moved, not re-encoded. The log then travels as bytes to
 * the file and to stdout; only the few lines that need text are decoded.
 *
 * Pure functions over the body's bytes: no I/O.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
/** Stands in for the content while the rest of the answer is parsed. */
const PLACEHOLDER = '\u0000codearts-content\u0000';
const PLACEHOLDER_JSON = Buffer.from(JSON.stringify(PLACEHOLDER).slice(1, -1));
/** U+FFFD, what a lone surrogate becomes in UTF-8 (as Node's encoder writes it). */
const log_answer_REPLACEMENT = [0xef, 0xbf, 0xbd];
/**
 * The single-character escapes of JSON, by their letter: the byte each stands for (0: none;
 * any other is kept as written, leniently, as before). A table: it is read once a line.
 */
const SIMPLE_ESCAPES = new Uint8Array(256);
for (const [letter, byte] of [
    [QUOTE, QUOTE],
    [BACKSLASH, BACKSLASH],
    [0x2f /* / */, 0x2f],
    [0x62 /* b */, 0x08],
    [0x66 /* f */, 0x0c],
    [0x6e /* n */, 0x0a],
    [0x72 /* r */, 0x0d],
    [0x74 /* t */, 0x09]
]) {
    SIMPLE_ESCAPES[letter] = byte;
}
function hexValue(byte) {
    if (byte >= 0x30 && byte <= 0x39)
        return byte - 0x30;
    const lower = byte | 0x20;
    return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}
/** The code unit of a `\uXXXX` escape at `at` (its backslash), or -1 if it is not one. */
function unicodeEscape(body, at, end) {
    if (at + 6 > end || body[at] !== BACKSLASH || body[at + 1] !== LETTER_U)
        return -1;
    let value = 0;
    for (let i = at + 2; i < at + 6; i++) {
        const digit = hexValue(body[i]);
        if (digit === -1)
            return -1;
        value = value * 16 + digit;
    }
    return value;
}
/** Writes a code point as UTF-8 (surrogates as their three-byte form); returns the length. */
function writeCodePoint(body, at, code) {
    if (code < 0x80) {
        body[at] = code;
        return 1;
    }
    if (code < 0x800) {
        body[at] = 0xc0 | (code >> 6);
        body[at + 1] = 0x80 | (code & 0x3f);
        return 2;
    }
    if (code < 0x10000) {
        body[at] = 0xe0 | (code >> 12);
        body[at + 1] = 0x80 | ((code >> 6) & 0x3f);
        body[at + 2] = 0x80 | (code & 0x3f);
        return 3;
    }
    body[at] = 0xf0 | (code >> 18);
    body[at + 1] = 0x80 | ((code >> 12) & 0x3f);
    body[at + 2] = 0x80 | ((code >> 6) & 0x3f);
    body[at + 3] = 0x80 | (code & 0x3f);
    return 4;
}
/**
 * Decodes the JSON string text `body[start, end)` into UTF-8 in place, from `start`; returns
 * the decoded length. Lenient where JSON is strict: a raw control character is kept, and an
 * unknown or cut escape is kept as written, since content before it may already be shown.
 * `newlines` takes down every newline an escape becomes (a raw one is not looked for).
 */
function decodeJsonStringInPlace(body, start, end, newlines) {
    let read = start;
    let write = start;
    while (read < end) {
        // None before `end` means the rest is plain text.
        let slash = body.indexOf(BACKSLASH, read);
        if (slash === -1 || slash > end)
            slash = end;
        if (slash > read) {
            if (write !== read)
                body.copyWithin(write, read, slash);
            write += slash - read;
        }
        if (slash === end)
            break;
        // Past the body's end the letter is undefined, and so is its entry.
        const simple = SIMPLE_ESCAPES[body[slash + 1]];
        if (simple > 0) {
            if (simple === 0x0a)
                newlines?.add(body.byteOffset + write);
            body[write++] = simple;
            read = slash + 2;
            continue;
        }
        const unit = unicodeEscape(body, slash, end);
        if (unit === -1) {
            // Kept as written: the backslash now, what follows it as ordinary text.
            body[write++] = BACKSLASH;
            read = slash + 1;
            continue;
        }
        read = slash + 6;
        if (unit >= 0xd800 && unit <= 0xdbff) {
            const low = unicodeEscape(body, read, end);
            if (low >= 0xdc00 && low <= 0xdfff) {
                write += writeCodePoint(body, write, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
                read += 6;
                continue;
            }
            // The high half at the very end may find its low half in the next answer.
            if (read === end) {
                write += writeCodePoint(body, write, unit);
                continue;
            }
        }
        else if (unit >= 0xdc00 && unit <= 0xdfff && slash !== start) {
            for (const byte of log_answer_REPLACEMENT)
                body[write++] = byte;
            continue;
        }
        if (unit >= 0xd800 && unit <= 0xdbff) {
            for (const byte of log_answer_REPLACEMENT)
                body[write++] = byte;
            continue;
        }
        if (unit === 0x0a)
            newlines?.add(body.byteOffset + write);
        write += writeCodePoint(body, write, unit);
    }
    return write - start;
}
function isSpace(byte) {
    return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
/** True when the byte at `at` is escaped: an odd number of backslashes stands before it. */
function isEscaped(body, at) {
    let backslashes = 0;
    for (let i = at - 1; i >= 0 && body[i] === BACKSLASH; i--)
        backslashes++;
    return backslashes % 2 === 1;
}
/** Where the string value of the first `"<key>":` starts (after its quote), or -1. */
function findStringValue(body, keyName) {
    const quotedKey = Buffer.from(JSON.stringify(keyName));
    for (let key = body.indexOf(quotedKey); key !== -1; key = body.indexOf(quotedKey, key + 1)) {
        if (isEscaped(body, key))
            continue;
        let at = key + quotedKey.length;
        while (isSpace(body[at]))
            at++;
        if (body[at] !== 0x3a /* : */)
            continue;
        at++;
        while (isSpace(body[at]))
            at++;
        if (body[at] === QUOTE)
            return at + 1;
    }
    return -1;
}
/** Where the JSON string starting at `start` ends (its closing quote), or -1. */
function findStringEnd(body, start) {
    for (let at = body.indexOf(QUOTE, start); at !== -1; at = body.indexOf(QUOTE, at + 1)) {
        if (!isEscaped(body, at))
            return at;
    }
    return -1;
}
/**
 * Splits the answer's log text (`result.<key>`: `content` on the v3 route, `log` on the v1
 * one) from the rest and parses the rest; undefined when the body is not a plain JSON object
 * with a string at `result.<key>` (an error answer, say), for the caller to read the usual
 * way. The key's value is emptied in the envelope; the content is decoded in the body's own
 * memory, which the body's owner releases.
 */
function splitLogAnswer(body, key = 'content') {
    const valueStart = findStringValue(body, key);
    if (valueStart === -1)
        return undefined;
    const valueEnd = findStringEnd(body, valueStart);
    if (valueEnd === -1)
        return undefined;
    let envelope;
    try {
        const rest = Buffer.concat([
            body.subarray(0, valueStart),
            PLACEHOLDER_JSON,
            body.subarray(valueEnd)
        ]);
        envelope = JSON.parse(rest.toString('utf8'));
    }
    catch {
        return undefined;
    }
    const result = envelope?.result;
    if (typeof result !== 'object' || result === null || result[key] !== PLACEHOLDER)
        return undefined;
    result[key] = '';
    // The decoder takes down the newlines it writes; a raw one in the text (lenient JSON) it
    // passes over, so with one there none are known.
    const raw = body.indexOf(0x0a, valueStart);
    const newlines = raw === -1 || raw >= valueEnd ? new KnownNewlines() : undefined;
    newlines?.begin(body.buffer, body.byteOffset + valueStart);
    const length = decodeJsonStringInPlace(body, valueStart, valueEnd, newlines);
    newlines?.end(body.byteOffset + valueStart + length);
    return {
        envelope: envelope,
        content: body.subarray(valueStart, valueStart + length),
        newlines
    };
}

;// CONCATENATED MODULE: ./src/codearts/status-answers.ts


/** An answer's `result`; one documented page types it as an array: its first element then. */
function resultOf(body) {
    const result = Array.isArray(body.result) ? body.result[0] : body.result;
    return isObject(result) ? result : undefined;
}
/** The build-info answer: whether the build runs, and its result word. */
function toBuildInfo(what, body) {
    const result = resultOf(body);
    const building = asBoolean(result?.building);
    if (!result || building === undefined)
        throw transientFailure(what, 'it lacks result.building');
    const buildResult = typeof result.build_result === 'string' ? result.build_result : '';
    return { building, buildResult };
}
/** The running-status answer (current route) or the legacy job status (whether it runs only). */
function toJobStatus(what, body, legacy) {
    if (legacy) {
        const running = asBoolean(body.result);
        if (running === undefined)
            throw transientFailure(what, 'its result is not true or false');
        return { running, lastBuildNo: undefined };
    }
    const result = resultOf(body);
    if (!result)
        throw transientFailure(what, 'it lacks result');
    const last = asCursor(result.last_build_no);
    return {
        running: asBoolean(result.is_running),
        lastBuildNo: last === undefined ? undefined : Number(last)
    };
}

;// CONCATENATED MODULE: ./src/codearts/route-errors.ts

/** The v1 log route's `size`: documented as a required string fixed at 1000. */
const V1_LOG_SIZE = '1000';
/**
 * A 400 from the v1 log route: the route refuses the request as this action sends it (its
 * parameters as documented), so another try cannot help. Said as such, not as a passing fault;
 * any other failure is passed on as it is.
 */
function v1LogRefused(error, host) {
    // An unknown job ID (400 CB.00060201) keeps its own advice.
    if (!(error instanceof ApiError) || error.httpStatus !== 400)
        return error;
    if (error.errorCode === 'CB.00060201')
        return error;
    return new ApiError({
        message: `The log route GET /v1/log/{job_id}/{build_no}/real-time-log is unusable at ${host}: it refused a request with its documented parameters (${describeAnswer(error)}; ${error.message}). Check the 'region' and 'endpoint' inputs; if they are right, report this answer to the action's maintainers.`,
        kind: 'fatal',
        httpStatus: error.httpStatus,
        errorCode: error.errorCode
    });
}

;// CONCATENATED MODULE: ./src/codearts/client.ts








/**
 * The CodeArts Build calls the action makes, each on its current route and, where a region
 * does not publish it, on the legacy one. Requests go through ApiExchange, the only sender.
 */
class CodeArtsClient {
    options;
    api;
    /** Once v3 is found missing it is not asked again: v3 is the outdated route, it won't return. */
    v3LogMissing = false;
    /** Log answers are read into reused memory: a few reads are in flight or in hand at once. */
    logBodies = new BodyPool();
    constructor(options) {
        this.options = options;
        this.api = new ApiExchange(options);
    }
    /** Reads the log from `offset`; `length` is a wish, the server may send less. */
    async readLog(buildNo, offset, length, signal) {
        const read = { buildNo, offset, length, signal };
        const { answer } = await withLegacyFallback((route) => (route === 'current' ? this.readLogV3(read) : this.readLogV1(read)), {
            skipCurrent: this.v3LogMissing,
            onFallback: (error) => {
                this.v3LogMissing = true;
                this.options.onNotice?.(`The v3 real-time-log route is not published at ${this.host()} (${error.httpStatus} ${error.errorCode}); following the log through GET /v1/log/{job_id}/{build_no}/real-time-log.`);
            }
        });
        return answer;
    }
    readLogV3(read) {
        const url = `${this.jobPath('v3/jobs')}/${read.buildNo}/real-time-log?offset=${read.offset}&length=${read.length}`;
        return this.readLogAt(url, V3_LOG_FIELDS, read.signal);
    }
    /**
     * The current log route. Its `end_offset` is an opaque cursor sent back as the next
     * `start_offset`. The `end_offset` query parameter is left out: its meaning is not
     * documented, and sending a guess could cap a read short or be refused. `size` is documented
     * as a string fixed at 1000, not a byte budget: it is always sent so, whatever `length` asks.
     * A 400 here means the route cannot be used this way, not a passing fault.
     */
    async readLogV1(read) {
        const url = `${this.options.endpoint}/v1/log/${this.options.jobId}/${read.buildNo}/real-time-log?start_offset=${read.offset}&size=${V1_LOG_SIZE}`;
        try {
            return await this.readLogAt(url, V1_LOG_FIELDS, read.signal);
        }
        catch (error) {
            throw v1LogRefused(error, this.host());
        }
    }
    async readLogAt(url, fields, signal) {
        const what = 'reading the build log';
        const bodyPool = this.logBodies;
        const answer = await this.api.exchange({ method: 'GET', url, what, signal, bodyPool });
        const release = answer.release ?? (() => undefined);
        try {
            // The usual answer's content is decoded in place (see log-answer.ts); anything else is
            // read whole.
            const split = answer.status === 200 ? splitLogAnswer(answer.body, fields.content) : undefined;
            const envelope = this.api.interpret(what, answer, split?.envelope ?? this.api.parseJson(answer));
            const chunk = toLogChunk(envelope, fields, split, release);
            if (!chunk)
                throw transientFailure(what, missingLogFields(fields));
            return chunk;
        }
        catch (error) {
            // No chunk leaves here: the memory goes back at once.
            release();
            throw error;
        }
    }
    /** Whether the build still runs and how it ended. */
    async getBuildInfo(buildNo, signal) {
        const what = 'the build status request';
        const url = `${this.jobPath('v1/job')}/${buildNo}/build-info`;
        return toBuildInfo(what, await this.api.call({ method: 'GET', url, what, signal }));
    }
    /**
     * Whether the job runs and its last build number: the current route, then the legacy one
     * (which tells only whether it runs). An unknown job is answered 422 CB.00031006, the code
     * of a build record not there yet: asked of the job, it means the job is unknown.
     */
    async getJobStatus(signal) {
        const what = 'the job status request';
        const { answer, route } = await withLegacyFallback((choice) => {
            const url = choice === 'current'
                ? `${this.jobPath('v1/job')}/running-status`
                : `${this.jobPath('v3/jobs')}/status`;
            return this.api.call({ method: 'GET', url, what, signal });
        });
        return toJobStatus(what, answer, route === 'legacy');
    }
    /**
     * Starts a build of the job. The current route first, the legacy one when the current one is
     * not published. Starting is not idempotent: callers retry only failures that
     * `neverReachedServer` marks as safe.
     */
    async startBuild(body, signal) {
        const payload = JSON.stringify({ job_id: this.options.jobId, ...body });
        const what = 'starting the build';
        const { answer } = await withLegacyFallback((choice) => {
            const path = choice === 'current' ? 'v1/job/execute' : 'v3/jobs/build';
            const url = `${this.options.endpoint}/${path}`;
            return this.api.call({ method: 'POST', url, what, signal, payload });
        });
        const result = isObject(answer.result) ? answer.result : answer;
        const buildNo = Number(asCursor(result.actual_build_number) ?? NaN);
        if (!Number.isSafeInteger(buildNo) || buildNo < 1) {
            // The build may well have started: say so rather than start another.
            throw new ApiError({
                message: 'CodeArts accepted the start request but its answer has no actual_build_number; the build may have started. Check the task in CodeArts before running this step again.',
                kind: 'fatal',
                httpStatus: 200
            });
        }
        const daily = result.daily_build_number;
        return {
            buildNo,
            dailyBuildNo: typeof daily === 'string' || typeof daily === 'number' ? String(daily) : ''
        };
    }
    /**
     * Asks CodeArts to stop the build (the current route, then the legacy one). Stopping is
     * idempotent, so a request whose connection was reset before any answer is sent once more.
     * True only when the answer says the stop was taken: legacy `success: true`, v1
     * `status: "success"` (the legacy route answers HTTP 200 `success: false` when it stopped
     * nothing).
     */
    async stopBuild(buildNo, signal) {
        const payload = JSON.stringify({ build_no: buildNo });
        const what = 'stopping the build';
        const { answer } = await withLegacyFallback((choice) => {
            const url = choice === 'current'
                ? `${this.jobPath('v1/job')}/stop?build_no=${buildNo}`
                : `${this.jobPath('v3/jobs')}/${buildNo}/stop`;
            return this.api.call({ method: 'POST', url, what, signal, payload, resendAfterReset: true });
        });
        return answer.success === true || answer.status === 'success';
    }
    /** Releases kept-alive connections so the process can end. */
    dispose() {
        this.api.dispose();
    }
    host() {
        return new URL(this.options.endpoint).host;
    }
    jobPath(prefix) {
        return `${this.options.endpoint}/${prefix}/${this.options.jobId}`;
    }
}

;// CONCATENATED MODULE: ./src/session/api-client.ts


const USER_AGENT = 'codearts-build-action/1.0';
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * The API client for the inputs' endpoint, job and credentials: one configuration for the main
 * phase and the post phase. `onNotice` gets one-line notes such as the log route in use;
 * `secrets` registers what a keyless sign-in receives (ID tokens, IAM tokens) before any use.
 */
function clientForInputs(inputs, onNotice, secrets) {
    return new CodeArtsClient({
        endpoint: inputs.endpoint,
        jobId: inputs.jobId,
        authenticate: authenticatorFor(inputs.credentials, undefined, { secrets }),
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        userAgent: USER_AGENT,
        onNotice
    });
}

;// CONCATENATED MODULE: ./src/session/session.ts













/** With a stop request to send and a log tail to read, the runner's 7.5 s before SIGTERM. */
const CANCEL_WITH_STOP_GRACE_MS = 6500;
/**
 * Runs the mode the inputs ask for: start a build, follow one to its end, or check one once.
 * Inputs -> client -> (start) -> follower -> mirror and archive -> report.
 */
async function runSession(state, inputs) {
    const session = { state, inputs };
    const { mode } = inputs;
    state.postState.inputsRead(mode, inputs.stopOnCancel);
    if (inputs.stopOnCancel)
        state.cancellation.setGraceMs(CANCEL_WITH_STOP_GRACE_MS);
    // Checked before any request when its path is known; the default one needs the build number.
    const earlyLogFile = mode.kind === 'follow' || (mode.kind === 'start' && mode.follow)
        ? logFileFor(session, mode.kind === 'follow' ? mode.buildNo : undefined)
        : undefined;
    if (earlyLogFile)
        state.archive = createArchive(state, earlyLogFile);
    const client = clientFor(session);
    try {
        switch (mode.kind) {
            case 'follow':
                setOutputs(state, { 'build-no': String(mode.buildNo) });
                return await followLog(session, client, mode.buildNo);
            case 'check':
                setOutputs(state, { 'build-no': String(mode.buildNo) });
                return await checkOnce(session, client, mode.buildNo);
            case 'start': {
                const buildNo = await startRequestedBuild(session, client, mode.trigger);
                // Before anything else: from here on, a kill leaves the post step what it needs.
                state.postState.buildStarted(inputs.jobId, buildNo);
                setOutputs(state, { 'build-no': String(buildNo) });
                if (mode.follow)
                    return await followLog(session, client, buildNo);
                state.log.info(`Started CodeArts build ${buildName(inputs.jobId, buildNo)}; not following it (wait: false).`);
            }
        }
    }
    finally {
        client.dispose();
    }
}
function logFileFor({ state, inputs }, buildNo) {
    return resolveLogFile({
        value: inputs.logFileInput,
        jobId: inputs.jobId,
        buildNo,
        paths: state.env
    });
}
function clientFor({ state, inputs }) {
    return clientForInputs(inputs, (message) => {
        const safe = state.redactor.safe(message);
        if (state.mirror)
            state.mirror.statusLine(safe);
        else
            state.log.info(safe);
    }, secretSink(state.redactor, state.core, (write) => state.log.outsideFence(write)));
}
/** trigger: true: starts the build and sets its numbers as outputs at once. */
async function startRequestedBuild({ state, inputs }, client, trigger) {
    const { log, redactor, cancellation } = state;
    log.info(`Starting a build of CodeArts job ${inputs.jobId} at ${new URL(inputs.endpoint).host}.`);
    const started = await startBuild(client, trigger, {
        signal: cancellation.requested,
        onStatus: (message) => log.info(redactor.safe(message)),
        clock: state.clock
    });
    setOutputs(state, { 'daily-build-no': started.dailyBuildNo });
    const daily = started.dailyBuildNo ? ` (${started.dailyBuildNo})` : '';
    log.info(`Started build #${started.buildNo}${daily}.`);
    return started.buildNo;
}
/** wait: false on a given build: reads how it stands once, sets the outputs, and ends. */
async function checkOnce({ state, inputs }, client, buildNo) {
    const build = buildName(inputs.jobId, buildNo);
    const info = await client.getBuildInfo(buildNo, state.cancellation.requested);
    if (info.building) {
        state.log.info(`CodeArts build ${build} is still running; not following it (wait: false).`);
        return;
    }
    const result = classifyBuildResult(info.buildResult);
    setOutputs(state, { result });
    const message = state.redactor.safe(`CodeArts build ${build} has ended: ${info.buildResult}.`);
    if (result === 'success')
        state.log.info(message);
    else
        state.log.outsideFence(() => state.core.setFailed(message));
}
/** The log file, with the run's secrets kept out of it and its troubles said as warnings. */
function createArchive(state, filePath) {
    const warn = (message) => state.log.outsideFence(() => state.core.warning(state.redactor.safe(message)));
    return LogArchive.create(filePath, { secrets: state.redactor, warn });
}
/** Follows the build's log to its end, then reports the outcome. */
async function followLog(session, client, buildNo) {
    const { state, inputs } = session;
    const { log, redactor, cancellation, core } = state;
    const archive = (state.archive ??= createArchive(state, logFileFor(session, buildNo)));
    setOutputs(state, { 'log-file': archive.filePath });
    const host = new URL(inputs.endpoint).host;
    log.info(`Following CodeArts build ${buildName(inputs.jobId, buildNo)} at ${host}; raw log: ${archive.filePath}`);
    const mirror = (state.mirror = new LogMirror(log, { showLog: inputs.showLog, redactor }));
    const content = (state.content = new LogContent(archive, mirror, log, redactor));
    const follower = new BuildFollower(client, {
        buildNo,
        pollIntervalMs: inputs.pollIntervalMs,
        timeoutMs: inputs.timeoutMs,
        cancelSignal: cancellation.requested,
        jobId: inputs.jobId,
        host,
        startedByThisStep: inputs.mode.kind === 'start',
        clock: state.clock
    }, {
        onContent: (text, newlines) => content.take(text, newlines),
        onStatus: (message) => mirror.statusLine(redactor.safe(message)),
        onWarning: (message) => mirror.atLineBoundary(() => {
            log.endGroup();
            log.outsideFence(() => core.warning(redactor.safe(message)));
        }),
        onDebug: (message) => mirror.atLineBoundary(() => log.outsideFence(() => core.debug(redactor.safe(message)))),
        onLogRestart: () => content.breakLine(),
        // Asked only when the log is caught up: a last line without its newline counts then.
        finishedLineResult: (logComplete) => mirror.finishedResult ?? mirror.unterminatedFinishedResult(logComplete)
    });
    const followed = await follower.follow();
    // Any result but these means the build is over: the post step then has nothing to stop.
    if (followed.result !== 'cancelled' && followed.result !== 'timeout') {
        state.postState.buildSettled('ended');
    }
    const outcome = await stopBuildIfAsked(session, { client, follower, buildNo, outcome: followed });
    content.end();
    mirror.end();
    const { tracker } = mirror;
    if (outcome.result === 'aborted')
        markAbortedStep(tracker.steps);
    const annotations = chooseFailureAnnotations(mirror.failures, {
        workspace: state.env.GITHUB_WORKSPACE || undefined,
        workspacePrefix: inputs.workspacePrefix,
        redactor,
        // A failed run ends with the action's own error, which counts against the same cap.
        reserved: outcome.result === 'success' ? 0 : 1
    });
    const report = {
        jobId: inputs.jobId,
        buildNo,
        outcome,
        steps: tracker.steps,
        failedStep: tracker.failedStep(),
        logBytes: archive.size,
        annotations,
        testTotals: mirror.failures.totals()
    };
    reportOutcome(state, report);
    await writeJobSummary({ ...state, summaryFile: state.env.GITHUB_STEP_SUMMARY }, report);
}
/**
 * An aborted build stops the step that runs: the last step, when the log shows no end of it,
 * was aborted (not merely without an end marker). A step with error lines stays failed.
 */
function markAbortedStep(steps) {
    const last = steps.at(-1);
    if (last?.status === 'unfinished')
        last.status = 'aborted';
}

;// CONCATENATED MODULE: ./src/session/post-state.ts
/** The names under which the values are saved (the environment gets `STATE_<name>`). */
const STATE_NAMES = {
    /** Saved first by every main phase: its presence is how the bundle knows it runs as post. */
    mainPhaseRan: 'isPost',
    /** Why the post phase has nothing to watch, when the inputs already say so. */
    notWatched: 'remoteStopNotWatched',
    /** The build this step started and follows with a stop in effect: `{"jobId","buildNo"}`. */
    startedBuild: 'remoteStopBuild',
    /** How that build was settled by the main phase: `ended` or `stopped`. */
    settled: 'remoteStopSettled'
};
/**
 * Whether the post phase must watch this run's build: only a build this step starts, follows
 * and would stop on cancel. A build given by `build-no` is never stopped by the post phase,
 * even with `stop-on-cancel: true`: the main phase stops it on cancel and timeout, but a build
 * the step did not start is not the step's to clean up after a kill.
 */
function notWatchedReason(mode, stopOnCancel) {
    if (mode.kind !== 'start')
        return 'not-started';
    if (!mode.follow)
        return 'no-wait';
    if (!stopOnCancel)
        return 'no-stop-on-cancel';
    return undefined;
}
/**
 * What the main phase tells the post phase, in the order it learns it. A failure to save a
 * value about the build is a warning, never the end of the run: a started build must still be
 * followed. A failure to save the marker ends the run before any request instead: without
 * it, the post phase would take itself for a main phase and could start a second build.
 */
class MainPhaseRecord {
    save;
    warn;
    watching = false;
    watchedBuild;
    settledAlready = false;
    constructor(save, warn) {
        this.save = save;
        this.warn = warn;
    }
    /** At the main phase's start, before any request. Throws when the state cannot be saved. */
    mainPhaseStarted() {
        try {
            this.save(STATE_NAMES.mainPhaseRan, 'true');
        }
        catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            throw new Error(`Could not save the step state that tells the post step from this one (${reason}). Nothing was started; check the runner's GITHUB_STATE file.`, { cause: error });
        }
    }
    /** Once the inputs are read: whether a started build will need watching. */
    inputsRead(mode, stopOnCancel) {
        const reason = notWatchedReason(mode, stopOnCancel);
        this.watching = reason === undefined;
        if (reason)
            this.trySave(STATE_NAMES.notWatched, reason);
    }
    /** As soon as the build this step started has a number, before it is followed. */
    buildStarted(jobId, buildNo) {
        if (!this.watching)
            return;
        this.watchedBuild = `${jobId}#${buildNo}`;
        this.trySave(STATE_NAMES.startedBuild, JSON.stringify({ jobId, buildNo }));
    }
    /** The main phase saw the watched build end, or CodeArts accepted its stop request. */
    buildSettled(how) {
        if (this.watchedBuild === undefined || this.settledAlready)
            return;
        this.settledAlready = true;
        this.trySave(STATE_NAMES.settled, how);
    }
    trySave(name, value) {
        try {
            this.save(name, value);
        }
        catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            const about = this.watchedBuild ? ` CodeArts build ${this.watchedBuild}` : ' a build';
            this.warn(`Could not save the step state '${name}' (${reason}); the post step may not be able to stop${about} left running.`);
        }
    }
}
/** Whether this process is the post phase: the main phase of this step saved its marker. */
function isPostPhase(env) {
    return Boolean(env[`STATE_${STATE_NAMES.mainPhaseRan}`]);
}
const NOT_WATCHED_LINES = {
    'not-started': "Nothing to stop: this step followed a build it did not start ('build-no'), which is left as it is.",
    'no-wait': "Nothing to stop: this step started a build without following it ('wait: false'); it is left running.",
    'no-stop-on-cancel': "Nothing to stop: 'stop-on-cancel' is false, so the build this step started is left as it is."
};
/**
 * Reads the state the main phase saved (`STATE_<name>` variables) into what the post phase
 * has to do. Throws when the saved build cannot be read: that is worth a warning, not silence.
 */
function readPostPhaseTask(env) {
    const value = (name) => env[`STATE_${name}`] ?? '';
    const savedBuild = value(STATE_NAMES.startedBuild);
    if (!savedBuild) {
        const reason = value(STATE_NAMES.notWatched);
        const line = reason in NOT_WATCHED_LINES
            ? NOT_WATCHED_LINES[reason]
            : 'Nothing to stop: the main step started no CodeArts build.';
        return { kind: 'nothing', line };
    }
    const build = parseSavedBuild(savedBuild);
    const name = `CodeArts build ${build.jobId}#${build.buildNo}`;
    switch (value(STATE_NAMES.settled)) {
        case 'ended':
            return { kind: 'nothing', line: `Nothing to stop: the main step saw ${name} end.` };
        case 'stopped':
            return { kind: 'nothing', line: `Nothing to stop: the main step stopped ${name}.` };
        default:
            return { kind: 'check', build };
    }
}
function parseSavedBuild(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        parsed = undefined;
    }
    const { jobId, buildNo } = (parsed ?? {});
    if (typeof jobId !== 'string' ||
        !/^[0-9A-Za-z]{32}$/.test(jobId) ||
        typeof buildNo !== 'number' ||
        !Number.isSafeInteger(buildNo) ||
        buildNo < 1) {
        throw new Error(`The step state '${STATE_NAMES.startedBuild}' holds '${text.slice(0, 200)}', not a build this step started; nothing was stopped. Check the build task in CodeArts.`);
    }
    return { jobId, buildNo };
}

;// CONCATENATED MODULE: ./src/runner/cancellation.ts
/**
 * The runner cancels a step with SIGINT, then SIGTERM 7.5 s later, then kills it. On Windows it
 * sends Ctrl+C (Node's SIGINT) and then Ctrl+Break (Node's SIGBREAK, which ends the process at
 * once unless a handler is installed) instead. The first signal asks the action to wind down
 * (stop the build if it should, keep the log tail); a second one means "now". Past the grace
 * period the process ends whatever holds it.
 */
/**
 * The signals that mean "cancel" on a platform: SIGBREAK only exists on Windows, where it is
 * the runner's second signal and would otherwise end Node without a word.
 */
function cancelSignalsFor(platform) {
    return platform === 'win32' ? ['SIGINT', 'SIGBREAK', 'SIGTERM'] : ['SIGINT', 'SIGTERM'];
}
const PROCESS_ENVIRONMENT = {
    platform: process.platform,
    signals: process,
    exit: (code) => process.exit(code)
};
class Cancellation {
    environment;
    first = new AbortController();
    second = new AbortController();
    signalNames;
    graceMs;
    constructor(graceMs, environment = PROCESS_ENVIRONMENT) {
        this.environment = environment;
        this.graceMs = graceMs;
        this.signalNames = cancelSignalsFor(environment.platform);
        for (const name of this.signalNames)
            environment.signals.on(name, this.onSignal);
    }
    /** Aborted at the first signal. */
    get requested() {
        return this.first.signal;
    }
    /** Aborted at the second signal: wind-down work must end at once. */
    get forced() {
        return this.second.signal;
    }
    /** How long the process may go on after the first signal. */
    setGraceMs(graceMs) {
        this.graceMs = graceMs;
    }
    dispose() {
        for (const name of this.signalNames)
            this.environment.signals.off(name, this.onSignal);
    }
    onSignal = (signal) => {
        if (this.first.signal.aborted) {
            this.second.abort(new Error(`received ${signal} again`));
            return;
        }
        this.first.abort(new Error(`received ${signal}`));
        // unref: a timer that never keeps the process alive, only ends one that lingers.
        setTimeout(() => this.environment.exit(process.exitCode ?? 1), this.graceMs).unref();
    };
}

;// CONCATENATED MODULE: ./src/main.ts







/** After a cancel, the process ends within this even if a socket still holds it. */
const CANCEL_GRACE_MS = 1500;
/**
 * The action's main phase: masks, the workflow log, cancellation, the session, and any error
 * turned into a failed step. The post phase is `runPost` (post.ts).
 */
async function run(deps = defaultDeps()) {
    const state = openRun(deps);
    try {
        // First of all: the post phase runs after this one however it ends, and must know it is post.
        state.postState.mainPhaseStarted();
        await runSession(state, readInputs(deps.readInput, deps.env));
    }
    catch (error) {
        failStep(state, error);
    }
    finally {
        state.archive?.close();
        state.log.close();
        state.cancellation.dispose();
    }
}
/** Masks every secret, then opens the workflow log and listens for a cancel. */
function openRun(deps) {
    const { redactor, log, warn } = openWorkflowLog(deps);
    return {
        redactor,
        log,
        cancellation: new Cancellation(CANCEL_GRACE_MS, deps.cancellation),
        core: deps.core,
        env: deps.env,
        postState: new MainPhaseRecord((name, value) => deps.core.saveState(name, value), warn),
        clock: deps.clock ?? realClock
    };
}
/** Whatever happened, what was received is on disk and the workflow log is left clean. */
function failStep(state, error) {
    try {
        state.content?.end();
        state.mirror?.end();
    }
    catch {
        // The mirror may be what failed; the fence and group are closed below regardless.
    }
    const message = error instanceof Error ? error.message : String(error);
    state.log.outsideFence(() => {
        // A defect (not a known error) leaves its stack in the debug log, never on the page.
        if (error instanceof Error &&
            !(error instanceof InputError) &&
            error.name !== 'ApiError' &&
            error.stack) {
            state.core.debug(state.redactor.redact(error.stack));
        }
        state.core.setFailed(state.redactor.safe(message));
    });
}

;// CONCATENATED MODULE: ./src/session/post-stop.ts

/**
 * Stops a build the main phase left unsettled, if it still runs: asks its status once; stops
 * it when it runs; says so when it is over. When the status cannot be read (a region without
 * the status call, a failing gateway), the stop request is sent all the same: the build was
 * never seen to end, and a stop of a build already over changes nothing. Only a stop that
 * failed is a warning; it never fails the job, whose result is the main phase's.
 */
async function stopUnsettledBuild(api, build, signal, redactor) {
    const name = `CodeArts build ${build.jobId}#${build.buildNo}`;
    let statusTrouble;
    try {
        const info = await api.getBuildInfo(build.buildNo, signal);
        if (!info.building) {
            // Redacted, then cut; the post phase writes it on one line, fenced when it needs to be.
            const word = redactor.safe(info.buildResult || 'no result given', 100);
            return { level: 'info', message: `Nothing to stop: ${name} is already over (${word}).` };
        }
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        statusTrouble = `its status could not be read (${redactor.safe(reason, 500)})`;
    }
    // A status that could not be read just now is not asked again after a failed stop.
    const answer = await requestStop(api, build.buildNo, signal, redactor, !statusTrouble);
    if (answer.accepted) {
        const before = statusTrouble ? `${statusTrouble}, so` : 'it was still running, and';
        return {
            level: 'info',
            message: `${name} was left unsettled by the main step; ${before} CodeArts accepted the request to stop it.`
        };
    }
    if (answer.ended !== undefined) {
        return {
            level: 'info',
            message: `${name} is over (${answer.ended}): stopped, or ended on its own.`
        };
    }
    // The stop's failure is what matters; the status call's, if any, mostly says the same.
    return {
        level: 'warning',
        message: `${name} may still be running: the request to stop it was not taken (${answer.reason}). Stop it in CodeArts if it is.`
    };
}

;// CONCATENATED MODULE: ./src/post.ts





/**
 * How long the status call and the stop request may take together. The main phase's cancel
 * grace does not apply here; this only keeps a silent endpoint from holding the job's end.
 */
const POST_PHASE_LIMIT_MS = 40_000;
/**
 * The action's post phase (`runs.post`, `post-if: always()`): stops a build this step started
 * that the main phase neither saw end nor stopped, e.g. because it was killed. Says what it
 * did in one line; a failure is a warning, never a failed job.
 */
async function runPost(deps = defaultDeps()) {
    // The same rules as the main phase: a line that quotes the server is fenced when it could
    // read as a command, so nothing a server says is ever run, whatever characters it uses.
    const { redactor, log, warn } = openWorkflowLog(deps);
    const say = (line) => void log.info(redactor.safe(line).replace(/[\r\n]+/g, ' '));
    try {
        const task = readPostPhaseTask(deps.env);
        if (task.kind === 'nothing') {
            say(task.line);
            return;
        }
        // Credentials and endpoint come from the same inputs again: the state holds nothing secret.
        const inputs = readInputs(deps.readInput, deps.env);
        const client = clientForInputs({ ...inputs, jobId: task.build.jobId }, say, secretSink(redactor, deps.core, (write) => log.outsideFence(write)));
        try {
            const signal = AbortSignal.timeout(POST_PHASE_LIMIT_MS);
            const report = await stopUnsettledBuild(client, task.build, signal, redactor);
            if (report.level === 'info')
                say(report.message);
            else
                warn(report.message);
        }
        finally {
            client.dispose();
        }
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        warn(`The post step could not check for a build to stop: ${reason}`);
    }
    finally {
        log.close();
    }
}

;// CONCATENATED MODULE: ./src/index.ts



// The action's entry point, bundled into dist/index.js for both phases of action.yml's
// `runs`: the post phase is told apart by the state its main phase saved first. Each phase
// sets the step's result itself; what it does not catch still fails the process.
void (isPostPhase(process.env) ? runPost() : run());


//# sourceMappingURL=index.js.map