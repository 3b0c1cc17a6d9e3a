import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT = join(ROOT, 'apps/web/dist/index.html');
/** Everything that ends up in the web bundle. */
const SOURCES = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/domain/src',
  'packages/contracts/src',
];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestChange(join(path, name))),
    stat.mtimeMs,
  );
}

/** The server serves apps/web/dist, so build it unless it is newer than every source it comes from. */
export default function setup(): void {
  const sourcesChanged = Math.max(
    ...SOURCES.map((p) => join(ROOT, p))
      .filter(existsSync)
      .map(newestChange),
  );
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= sourcesChanged) return;
  console.log('e2e: building the web app (npm run build -w @kassa/web)');
  // Vitest sets NODE_ENV=test, and Vite builds a development bundle (no service worker, dev React)
  // unless NODE_ENV is production.
  execFileSync('npm', ['run', 'build', '-w', '@kassa/web'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
