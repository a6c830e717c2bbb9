import js from '@eslint/js'
import jest from 'eslint-plugin-jest'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      'no-console': 'error',
      // Parsing terminal output means matching control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['__tests__/**'],
    ...jest.configs['flat/recommended'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      ...jest.configs['flat/recommended'].rules,
      // Table-driven cases (it.each) pick the check that fits the row, and a run's output is
      // inspected only once the run is known to have produced it.
      'jest/no-conditional-expect': 'off',
      // Checks are often named helpers: expectComplete(run), inputError(...).
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'inputError'] }]
    }
  },
  {
    files: ['simulator/**', 'scripts/**', 'bench/**', '__tests__/**'],
    rules: { 'no-console': 'off' }
  }
)
