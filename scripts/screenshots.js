// @ts-check
/**
 * Renders the README's pictures from a real run: the committed bundle (dist/index.js) follows a
 * failing build on the built-in simulator, as `npm run demo -- --scenario failure` does, and
 * headless Chromium photographs the workflow log page and the run's summary page built from
 * what it printed and wrote. Everything is local: the pages load only files from node_modules.
 * `npm run screenshots -- --help` lists the options.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import UPNG from 'upng-js'
import { parseRunnerOutput } from '../simulator/runner-view.js'
import { commandLine } from './command-line.js'
import { runDemo } from './demo-run.js'
import { summaryPage, workflowLogPage } from './screenshot-pages.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const USAGE = `Usage: npm run screenshots -- [--chromium PATH] [--out DIR] [--help]

Runs the committed bundle (dist/index.js) against the built-in simulator for a failing build and
takes two pictures with headless Chromium: workflow-page.png (the job's log, steps folded) and
job-summary.png (the annotations and the job summary, timeline drawn by mermaid).

  --chromium PATH  the Chromium to drive (default /usr/bin/chromium, or $CHROMIUM_PATH)
  --out DIR        where the PNG files go (default docs/images)
  --help           show this text

Needs Chromium, and fonts for the log's Chinese text and the summary's emoji; on Debian or
Ubuntu: apt-get install chromium fonts-noto-cjk fonts-noto-color-emoji.`

/** Width of both pictures in CSS pixels. */
const WIDTH = 1100
/**
 * Colours the pictures keep. Chromium's PNGs of text hold a couple of thousand (anti-aliased
 * edges); a 256-colour palette looks the same and makes the files about a third as large.
 */
const PALETTE_COLOURS = 256

/**
 * A PNG from Chromium made smaller: the same pixels in a palette of PALETTE_COLOURS colours.
 *
 * @param {Buffer} png
 * @returns {Buffer}
 */
function paletted(png) {
  const image = UPNG.decode(new Uint8Array(png).buffer)
  const rgba = UPNG.toRGBA8(image)[0]
  return Buffer.from(UPNG.encode([rgba], image.width, image.height, PALETTE_COLOURS))
}

const values = commandLine(
  {
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
    out: { type: 'string', default: path.join(root, 'docs', 'images') }
  },
  USAGE
)
const executablePath = String(values.chromium)
const out = path.resolve(String(values.out))
if (!fs.existsSync(executablePath)) {
  console.error(
    `No Chromium at ${executablePath}. Install it (Debian or Ubuntu: apt-get update && apt-get install -y chromium), or name one with --chromium PATH.`
  )
  process.exit(1)
}

// The demo build's log has Chinese text and the summary emoji: without fonts for them the
// pictures show empty boxes, so say which are missing (fc-list answers where fontconfig is).
for (const [pattern, debianPackage] of [
  [':lang=zh', 'fonts-noto-cjk'],
  ['Noto Color Emoji', 'fonts-noto-color-emoji']
]) {
  const fonts = spawnSync('fc-list', [pattern, 'family'], { encoding: 'utf8' })
  if (fonts.status === 0 && !fonts.stdout.trim()) {
    console.warn(
      `No font for ${pattern}: the pictures will show boxes (apt-get install ${debianPackage}).`
    )
  }
}

const started = Date.now()
let jobId = ''
const run = await runDemo('failure', { onStart: (simulator) => (jobId = simulator.jobId) })
const seconds = Math.round((Date.now() - started) / 1000)
if (run.exitCode !== 1) {
  console.error(`The action exited ${run.exitCode} on a failing build; expected 1. Nothing taken.`)
  process.exit(1)
}
/** @type {import('./screenshot-pages.js').PicturedJob} */
const job = {
  job: 'build',
  step: 'Follow the CodeArts build',
  uses: '<owner>/codearts-build-follow@v1',
  inputs: {
    // What the runner lists for the step's `with:`; a secret shows masked.
    'job-id': jobId,
    'build-no': '1',
    token: '***'
  },
  seconds,
  failed: true
}

const mermaidScript = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js')
const browser = await chromium
  // Playwright starts Chromium with a fresh profile of its own, removed when it closes.
  .launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
  .catch((error) => {
    console.error(`Chromium at ${executablePath} did not start: ${error.message}`)
    fs.rmSync(run.work, { recursive: true, force: true })
    process.exit(1)
  })
try {
  const context = await browser.newContext({
    viewport: { width: WIDTH, height: 800 },
    deviceScaleFactor: 1,
    timezoneId: 'Asia/Shanghai',
    locale: 'en-US',
    offline: true
  })
  const page = await context.newPage()
  fs.mkdirSync(out, { recursive: true })

  await page.setContent(workflowLogPage(run.stdout, job), { waitUntil: 'load' })
  const logPicture = await page.locator('main').screenshot()
  fs.writeFileSync(path.join(out, 'workflow-page.png'), paletted(logPicture))

  const annotations = parseRunnerOutput(run.stdout).annotations
  await page.setContent(summaryPage(run.summary, annotations, job), { waitUntil: 'load' })
  await page.addScriptTag({ path: mermaidScript })
  await page.evaluate(async () => {
    const { mermaid } = /** @type {any} */ (globalThis)
    mermaid.initialize({ startOnLoad: false, theme: 'default', gantt: { useWidth: 1000 } })
    await mermaid.run({ querySelector: 'pre.mermaid' })
  })
  await page.locator('pre.mermaid svg').first().waitFor()
  const summaryPicture = await page.locator('main').screenshot()
  fs.writeFileSync(path.join(out, 'job-summary.png'), paletted(summaryPicture))
} finally {
  await browser.close()
  fs.rmSync(run.work, { recursive: true, force: true })
}
for (const name of ['workflow-page.png', 'job-summary.png']) {
  const file = path.join(out, name)
  console.log(
    `${path.relative(process.cwd(), file)} (${Math.round(fs.statSync(file).size / 1024)} KiB)`
  )
}
