import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'reports/', 'coverage/', 'models/**/*.js', 'agent/dist/', 'agent/models/', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The runtime-neutral core: what the Workers app (src/edge/worker.ts → src/app.ts) runs. No Node API and no
  // Node-only package here; the Node adapters behind the core's ports are listed, and may (issue #21).
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: [
      '**/*.test.ts',
      // Node processes, their composition root and what only they run: entries, the agent and vision
      // (their own package), the job queue, the database connection and migrations, the edge adapters.
      'src/{main,server,config-cli}.ts',
      'src/{runtime,agent,vision,jobs,edge}/**',
      'src/db/{connect,migrate,migrate-cli}.ts',
      // Node adapters behind a port of the core.
      'src/accounts/auth-secret.ts',
      'src/alerts/alert.events.ts',
      'src/config.ts',
      'src/http/docs.ts',
      'src/http/rate-limit.ts',
      'src/matches/match.queue.ts',
      'src/notifications/{account-mail,notification.channels,notification.queue}.ts',
      'src/outbound/{guarded-connect,outbound-check}.ts',
      'src/photos/{photo-image,photo-mask}.ts',
      'src/push/{push.channel,vapid-keys}.ts',
      'src/storage/blob-storage.ts',
      'src/web/{assets,install}.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['sharp', 'pg-boss', 'nodemailer', 'web-push', 'esbuild'].map((name) => ({
            name,
            message: 'Node-only: the core runs on Workers too. Put it in a Node adapter behind a port (src/runtime wires it).',
          })),
          patterns: [
            { group: ['node:*'], message: 'No Node API in the runtime-neutral core: WebCrypto (src/web-crypto.ts), fetch and web streams run everywhere.' },
            { group: ['@electric-sql/pglite', '@electric-sql/pglite/*', '@electric-sql/pglite-*'], message: 'PGlite is a Node adapter (src/db/connect.ts).' },
          ],
        },
      ],
    },
  },
)
