import { describe, expect, it } from '@jest/globals'
import { renderAsWorkflowLog } from '../../../simulator/runner-view.js'

/** stdout as the runner receives it: one `\n`-terminated line each. */
const stdout = (...lines: string[]): string => lines.map((line) => `${line}\n`).join('')

const TOKEN = 'f3a9c2e1b7d4'

describe('renderAsWorkflowLog', () => {
  it('renders groups, annotations, masks and hides executed commands', () => {
    const output = stdout(
      'Starting',
      '::add-mask::s3cr3t',
      '::group::Build step',
      'using s3cr3t',
      '::warning::slow',
      '::endgroup::',
      '::error title=Failed::build failed',
      '::set-output name=result::failed',
      '::debug::hidden'
    )
    expect(renderAsWorkflowLog(output)).toBe(
      ['Starting', '▶ Build step', '  using ***', '  Warning: slow', 'Error: build failed'].join(
        '\n'
      )
    )
  })

  it('renders fenced remote text as the log page would, fake markup included', () => {
    const output = stdout(
      `::stop-commands::${TOKEN}`,
      '::error::remote',
      '##[warning]looks real',
      `::${TOKEN}::`
    )
    expect(renderAsWorkflowLog(output)).toBe(
      ['::stop-commands::***', '::error::remote', 'Warning: looks real', '::***::'].join('\n')
    )
  })
})
