/**
 * The one rule for boolean-like inputs ('show-log', 'trigger', 'wait', and the true/false
 * values of 'stop-on-cancel'). It accepts what `core.getBooleanInput` accepts (true, True,
 * TRUE, false, False, FALSE) and, as this action always has, any letter case of those and of
 * yes/no and on/off, so a workflow written against an earlier release keeps working.
 */
import { invalid } from './input-error.js'

/** Spellings read as true, compared without regard to letter case. */
export const TRUE_SPELLINGS = ['true', 'yes', 'on'] as const
/** Spellings read as false, compared without regard to letter case. */
export const FALSE_SPELLINGS = ['false', 'no', 'off'] as const

/** The accepted spellings as an error message lists them. */
export const BOOLEAN_SPELLINGS_TEXT =
  "'true' or 'false' (also 'yes'/'no' or 'on'/'off'; any letter case, e.g. 'True', 'FALSE')"

/** true or false for an accepted spelling, undefined for anything else. */
export function booleanFromSpelling(value: string): boolean | undefined {
  const lower = value.toLowerCase()
  if ((TRUE_SPELLINGS as readonly string[]).includes(lower)) return true
  if ((FALSE_SPELLINGS as readonly string[]).includes(lower)) return false
  return undefined
}

/** A boolean-like input; the error names the input, quotes the value and lists the spellings. */
export function parseBoolean(name: string, value: string): boolean {
  const parsed = booleanFromSpelling(value)
  if (parsed === undefined) throw invalid(name, value, `Expected ${BOOLEAN_SPELLINGS_TEXT}.`)
  return parsed
}
