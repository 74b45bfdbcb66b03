/**
 * The layers of `src/`, lowest first: a folder may import its own layer's other folders only through
 * no cycle, and lower layers freely; never a higher layer. `npm run lint:deps` (part of `npm test`)
 * fails the build on any import that points up, on any cycle between folders, and on `common/`
 * importing the app. The README's "Code layout" draws the same picture.
 */
const LAYERS = [
  ['common'], // framework glue and small pure helpers: imports nothing of the app
  ['config'], // the environment, read and validated once
  ['database'], // Db (the one way to run SQL), migrations runner, reference-data copies, embedded PostgreSQL
  ['auth', 'audit'], // who is calling: roles, tokens, guards, decorators; the audit of administrative changes
  ['departments', 'catalog', 'calendar', 'knowledge', 'demo'], // reference data: the department tree, categories and regions, deadlines, the knowledge base
  ['users'], // staff accounts
  ['cases'], // the case: state machine, policy, access, the one write path, reads
  ['routing', 'reply', 'supervision', 'stats', 'callers', 'attachments', 'notifications', 'hotspots', 'incidents'], // what departments and the centre do to cases; who is calling; files; messages to citizens; the city's picture
  ['intake'], // how cases are born
  ['public', 'live', 'open311'], // the citizen's side, the live feed, other apps through Open311
];

const folder = (name) => `^src/${name}/`;
const above = (index) => LAYERS.slice(index + 1).flat();

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Two folders of src/ import each other, directly or through others: one of them belongs lower.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
      scope: 'folder',
    },
    {
      name: 'common-stands-alone',
      comment: 'common/ is glue and helpers for every layer: it imports nothing of the app.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: '^src/common/' },
    },
    ...LAYERS.flatMap((layer, index) =>
      above(index).length === 0
        ? []
        : layer.map((name) => ({
            name: `layer-${name}`,
            comment: `${name}/ may not import a higher layer (${above(index).join(', ')})`,
            severity: 'error',
            from: { path: folder(name) },
            to: { path: `^src/(${above(index).join('|')})/` },
          })),
    ),
    {
      name: 'no-tests-in-app',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '(^test/|\\.spec\\.ts$)' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|web)/' },
  },
};
