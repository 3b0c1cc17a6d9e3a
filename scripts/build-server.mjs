// `npm run build:server`: bundles the API server (apps/server/src/main.ts and the @kassa/*
// workspace packages it imports, which are TypeScript sources) into apps/server/dist/main.js, an
// ES module for Node 20 that production runs with plain `node` instead of through tsx (idle RSS on
// PostgreSQL: about 150 MB instead of 240 MB). Every npm package stays external, loaded from
// node_modules as before. The source map is a separate file (main.js.map) that Node reads only
// when started with --enable-source-maps; bench/checkout/profile.ts maps CPU profiles with it.
//
// `node scripts/build-server.mjs --if-stale` builds only when an input is newer than the bundle
// (scripts/start.mjs and the checkout benchmark use that).
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The bundle `node` runs in production. */
export const SERVER_BUNDLE = join(root, 'apps/server/dist/main.js');

/** What the bundle is made of (or read next to it at run time), relative to the repository root. */
function serverInputs() {
  const packages = readdirSync(join(root, 'packages')).map((name) => `packages/${name}`);
  return [
    'scripts/build-server.mjs',
    'package.json',
    'apps/server/package.json',
    'apps/server/src',
    ...packages.flatMap((p) => [`${p}/package.json`, `${p}/src`]),
    'packages/db/migrations',
  ];
}

/** The newest modification time (ms) of a file, or of anything below a folder; 0 when missing. */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** True when the bundle is missing or older than any of its inputs. */
export function serverBundleIsStale() {
  if (!existsSync(SERVER_BUNDLE)) return true;
  const builtAt = statSync(SERVER_BUNDLE).mtimeMs;
  return serverInputs().some((p) => newestMtime(join(root, p)) > builtAt);
}

/** Bare imports (npm packages) stay external; @kassa/* workspace packages are bundled. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    // esbuild's filters are Go regular expressions (no lookahead): @kassa/* is let through here.
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@kassa/') ? undefined : { path: args.path, external: true },
    );
  },
};

/** Builds the bundle and its source map; each file is written to a temporary name, then renamed. */
export async function buildServer() {
  // Imported here so that `npm start` with an up-to-date bundle does not need the dev dependency.
  const { build, stop } = await import('esbuild');
  const started = performance.now();
  const result = await build({
    entryPoints: [join(root, 'apps/server/src/main.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [externalPackages],
    write: false,
    logLevel: 'warning',
  });
  await stop(); // ends esbuild's service process
  mkdirSync(dirname(SERVER_BUNDLE), { recursive: true });
  // The map first, the bundle last: a server starting meanwhile finds the old bundle or the new one.
  const files = [...result.outputFiles].sort(
    (a, b) => Number(a.path === SERVER_BUNDLE) - Number(b.path === SERVER_BUNDLE),
  );
  for (const file of files) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  const kb = Math.round(statSync(SERVER_BUNDLE).size / 1024);
  console.log(
    `kassa: built ${relative(process.cwd(), SERVER_BUNDLE) || SERVER_BUNDLE} (${kb} KiB) in ${Math.round(performance.now() - started)} ms`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || serverBundleIsStale()) await buildServer();
}
