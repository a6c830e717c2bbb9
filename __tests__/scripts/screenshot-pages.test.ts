/**
 * scripts/screenshot-pages.js: the HTML that `npm run screenshots` photographs. Log and summary
 * text is the remote build's, so it must reach the page as text, never as markup.
 */
import { describe, expect, it } from '@jest/globals'
import {
  ansiToHtml,
  foldedLogRows,
  MAX_PICTURED_LINE_CHARS,
  summaryHtml,
  summaryPage,
  workflowLogPage
} from '../../scripts/screenshot-pages.js'

const HOSTILE = '<img src=x onerror=alert(1)>'
const HOSTILE_AS_TEXT = '&lt;img src=x onerror=alert(1)&gt;'

const job = {
  job: 'build',
  step: 'Follow the CodeArts build',
  uses: 'owner/codearts-build-follow@v1',
  inputs: { 'job-id': 'abc', token: '***' },
  seconds: 3,
  failed: true
}

describe('foldedLogRows', () => {
  it('shows a hostile log line as text, in plain lines, group titles and errors alike', () => {
    const html = foldedLogRows(
      [HOSTILE, `::group::${HOSTILE}`, 'inside', '::endgroup::', `::error::${HOSTILE}`].join('\n')
    )
    expect(html).not.toContain('<img')
    expect(html.split(HOSTILE_AS_TEXT)).toHaveLength(4)
  })

  it('folds groups: one ▶ row each, the lines inside hidden and their numbers skipped', () => {
    const html = foldedLogRows(
      ['before', '::group::Maven build', 'compiling', 'testing', '::endgroup::', 'after'].join('\n')
    )
    expect(html).toContain('▶</span>Maven build')
    expect(html).not.toContain('compiling')
    expect(html).not.toContain('testing')
    // before = 1, the group's row = 2, its two lines 3 and 4, after = 5.
    expect(html).toMatch(/<span class="n">5<\/span><span class="t">after</)
  })

  it('labels errors, hides executed commands and masks secrets as the runner does', () => {
    const html = foldedLogRows(
      ['::add-mask::s3cr3t-value', 'token s3cr3t-value', '::error file=a.ts::it broke'].join('\n')
    )
    expect(html).not.toContain('s3cr3t-value')
    expect(html).not.toContain('add-mask')
    expect(html).toContain('token ***')
    expect(html).toContain('<div class="line error">')
    expect(html).toContain('Error:</span> it broke')
  })

  it('cuts a very long line and says how much it left out', () => {
    const html = foldedLogRows('x'.repeat(MAX_PICTURED_LINE_CHARS + 25))
    expect(html).toContain('(25 more characters)')
    expect(html).not.toContain('x'.repeat(MAX_PICTURED_LINE_CHARS + 1))
  })
})

describe('ansiToHtml', () => {
  it('turns colour and bold codes into spans, drops other sequences and escapes the text', () => {
    expect(ansiToHtml('\x1b[1;31mBUILD <FAILURE>\x1b[m done\x1b[2K')).toBe(
      '<span class="b c-red">BUILD &lt;FAILURE&gt;</span> done'
    )
    expect(ansiToHtml('\x1b[92mok\x1b[39m')).toBe('<span class="c-bright-green">ok</span>')
  })
})

describe('summaryHtml and summaryPage', () => {
  it('renders tables, and leaves a mermaid block, escaped, for mermaid to draw', () => {
    const html = summaryHtml(
      '| Step | Status |\n| --- | --- |\n| a | ok |\n\n```mermaid\ngantt\nx :done, s0, 1, 2 <b>\n```\n'
    )
    expect(html).toContain('<table>')
    expect(html).toContain('<td>ok</td>')
    expect(html).toContain('<pre class="mermaid">gantt\nx :done, s0, 1, 2 &lt;b&gt;</pre>')
  })

  it('shows annotation messages, titles and files as text', () => {
    const html = summaryPage(
      '## done',
      [{ level: 'error', message: HOSTILE, properties: { file: HOSTILE, title: HOSTILE } }],
      job
    )
    expect(html).not.toContain('<img')
    expect(html.split(HOSTILE_AS_TEXT)).toHaveLength(4)
    expect(html).toContain('1 error<')
  })

  it('opens the step log with the runner’s folded Run group listing the inputs', () => {
    const html = workflowLogPage('Following the build\n', job)
    expect(html).toContain('▶</span>Run owner/codearts-build-follow@v1')
    expect(html).not.toContain('job-id: abc')
    expect(html).toMatch(/<span class="n">5<\/span><span class="t">Following the build</)
  })
})
