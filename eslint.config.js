// Layer rules (see README "Layout"): arrows only point down.
//   shared/   pure: imports nothing but zod
//   models/   pure: may import shared/
//   main/     Node + Electron: may import shared/ and models/, never renderer/
//   renderer/ DOM: may import shared/ and models/, never main/ or Node
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const pureGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'process',
  'Buffer',
  'require',
  '__dirname',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'requestAnimationFrame',
  'queueMicrotask',
  'fetch',
  'performance',
  'globalThis',
  'global',
  'self',
  'eval',
].map((name) => ({
  name,
  message: 'models/ and shared/ are pure and deterministic: no host globals or timers.',
}));

const pureProperties = [
  { object: 'Math', property: 'random', message: 'Use a seeded stream from models/engine/random.' },
  {
    object: 'Date',
    property: 'now',
    message: 'Simulated time only: models/ and shared/ never read the clock.',
  },
  {
    object: 'performance',
    property: 'now',
    message: 'Simulated time only: models/ and shared/ never read the clock.',
  },
  { object: 'globalThis', property: 'setTimeout', message: 'No timers in pure layers.' },
  { object: 'globalThis', property: 'setInterval', message: 'No timers in pure layers.' },
];

const clock = 'Simulated time only: models/ and shared/ never read the clock.';
/** Forms that reach the clock, randomness or Node without naming a restricted global or import. */
const pureSyntax = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `new Date(): ${clock}` },
  { selector: "NewExpression[callee.name='Date'] > SpreadElement", message: `new Date(...): ${clock}` },
  { selector: "CallExpression[callee.name='Date']", message: `Date(): ${clock}` },
  {
    selector: 'ImportExpression',
    message: 'No dynamic import() in pure layers: it would escape the import rules (node:fs, electron, …).',
  },
  {
    selector:
      "VariableDeclarator[init.type='Identifier'][init.name=/^(Math|Date|performance|Reflect)$/], AssignmentExpression[right.type='Identifier'][right.name=/^(Math|Date|performance|Reflect)$/]",
    message: 'Do not alias Math, Date, performance or Reflect: it hides Math.random and the clock from lint.',
  },
];

const restrict = (patterns, paths = []) => [
  'error',
  {
    paths: paths.map((name) => ({ name, message: 'This layer may not import that module.' })),
    patterns,
  },
];

const upward = (layers) =>
  layers.map((layer) => ({
    group: [`**/${layer}/**`, `../${layer}`, `../../${layer}`, `../../../${layer}`],
    message: `Layer rule: this layer may not import ${layer}/.`,
  }));

const nodeGroup = {
  group: ['electron', 'electron/*', 'better-sqlite3', 'ws'],
  message: 'Host modules are for main/ only.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'release/**',
      'test/artifacts/**',
      '.electron-native/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          ...upward(['models', 'main', 'renderer']),
          nodeGroup,
          { group: ['react', 'react-dom', 'd3', 'd3-*'], message: 'shared/ is pure.' },
        ],
        nodeModules,
      ),
      'no-restricted-globals': ['error', ...pureGlobals],
      'no-restricted-properties': ['error', ...pureProperties],
      'no-restricted-syntax': ['error', ...pureSyntax],
    },
  },
  {
    files: ['models/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          ...upward(['main', 'renderer']),
          nodeGroup,
          { group: ['react', 'react-dom', 'd3', 'd3-*'], message: 'models/ is pure.' },
        ],
        nodeModules,
      ),
      'no-restricted-globals': ['error', ...pureGlobals],
      'no-restricted-properties': ['error', ...pureProperties],
      'no-restricted-syntax': ['error', ...pureSyntax],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': restrict([...upward(['main']), nodeGroup], nodeModules),
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'renderer/ runs in the browser sandbox.' },
        { name: 'require', message: 'renderer/ runs in the browser sandbox.' },
      ],
    },
  },
  {
    files: [
      'main/**/*.{ts,cts}',
      'bench/**/*.ts',
      'scripts/**/*.{js,mjs}',
      'bin/**/*.js',
      'test/**/*.ts',
      '*.config.{js,ts}',
      'renderer/vite.config.ts',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['main/**/*.{ts,cts}'],
    rules: {
      'no-restricted-imports': restrict(upward(['renderer'])),
    },
  },
  {
    files: ['main/electron/preload.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
