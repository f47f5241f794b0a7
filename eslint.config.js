// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// Stages talk only through grader/types.ts: a stage never imports another stage (pipeline.ts composes them).
const stages = ['discover', 'prepare', 'run', 'check', 'bench', 'score', 'report']
const stageBoundaries = stages.map((stage) => ({
  files: [`grader/${stage}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: stages
          .filter((other) => other !== stage)
          .map((other) => ({
            group: [`../${other}/*`],
            message: `a stage may not import the ${other} stage`,
          }))
          .concat([
            { group: ['../cli.js', '../pipeline.js'], message: 'stages never import the CLI or pipeline' },
          ]),
      },
    ],
  },
}))

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'reports/**',
      'datasets/.cache/**',
      'test/fixtures/submissions/**',
      '.parlab-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...stageBoundaries,
)
