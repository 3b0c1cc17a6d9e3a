// `npm start`: builds the web app and the server bundle (scripts/build-server.mjs) when their
// sources are newer than the build, then runs the bundle with plain node (apps/server/dist/main.js)
// with signals forwarded, so Ctrl-C closes the database cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime, SERVER_BUNDLE, serverBundleIsStale } from './build-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(root, 'apps/web/dist/index.html');
const webInputs = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/public',
  'packages/domain/src',
  'packages/contracts/src',
];

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const sourcesAt = Math.max(...webInputs.map((p) => newestMtime(join(root, p))));
if (builtAt < sourcesAt) {
  console.log('kassa: building the web app (apps/web) ...');
  const build = spawnSync('npm', ['run', 'build', '-w', '@kassa/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// In a child process, so that esbuild (and its service process) is not kept beside the server.
if (serverBundleIsStale()) {
  console.log('kassa: building the server (apps/server/dist/main.js) ...');
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-server.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, [SERVER_BUNDLE], {
  cwd: process.cwd(),
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
