import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from './config.ts';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

export type ProfileRow = {
  name: string;
  where: string;
  ms: number;
  percent: number;
  /** The commonest caller chain (3 frames, nearest first) of a self-time row. */
  calledFrom?: string;
};

export type ProfileSummary = {
  file: string;
  /** Whether only the samples of the load window were kept (start-up left out). */
  windowed: boolean;
  sampledMs: number;
  /** Sampled time not idle: what the percentages are of. */
  busyMs: number;
  idleMs: number;
  /** Self time by function. */
  topSelf: ProfileRow[];
  /** Self time by package, Node internals, Kassa folder, or V8 pseudo-frame (GC, program). */
  byArea: ProfileRow[];
  /** Inclusive time of Kassa's own functions (apps/, packages/): where a request's work sits. */
  topKassaInclusive: ProfileRow[];
};

/** Where a frame lives: a package name, a Kassa folder, node:internal, or a V8 pseudo-frame. */
function areaIn(frame: CallFrame, rootUrl: string): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node:internal';
  const local = url.startsWith(rootUrl) ? url.slice(rootUrl.length) : url;
  const folder = /^(apps\/[^/]+|packages\/[^/]+)/.exec(local);
  return folder ? folder[1]! : local;
}

function whereIn(frame: CallFrame, rootUrl: string): string {
  const url = frame.url;
  if (!url) return '';
  const modules = /node_modules\/(.*)$/.exec(url);
  const short = modules ? modules[1]! : url.startsWith(rootUrl) ? url.slice(rootUrl.length) : url;
  // tsx-compiled Kassa modules (older checkouts) report line 0 for every function: print the file alone.
  return frame.lineNumber > 0 ? `${short}:${frame.lineNumber + 1}` : short;
}

const nameOf = (frame: CallFrame) => frame.functionName || '(anonymous)';

/**
 * Maps the frames of Kassa's own bundles (the server runs apps/server/dist/main.js, see
 * scripts/build-server.mjs) back to their TypeScript sources through the source map next to the
 * bundle (`main.js.map`), so that rows name e.g. packages/db/src/raw.ts:28 and the area
 * packages/db rather than apps/server/dist/main.js:1172. Frames of node_modules, and of files
 * without a map, are left as they are. Function names stay the bundle's: esbuild renames a function
 * whose name collides with another module's (e.g. `handler2`).
 */
function bundleMapper(rootUrl: string): (frame: CallFrame) => CallFrame {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (url: string) => {
    let map = maps.get(url);
    if (map === undefined) {
      const path = fileURLToPath(`${url}.map`);
      map = existsSync(path)
        ? new SourceMap(JSON.parse(readFileSync(path, 'utf8')) as SourceMapPayload)
        : null;
      maps.set(url, map);
    }
    return map;
  };
  return (frame) => {
    const { url } = frame;
    if (!url.startsWith(rootUrl) || url.includes('/node_modules/') || !url.endsWith('.js')) return frame;
    const found = mapOf(url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!found || !('originalSource' in found)) return frame;
    return {
      ...frame,
      // Relative to the map (Node 20 gives the map's own `sources` entry), or already a URL.
      url: new URL(found.originalSource, `${url}.map`).href,
      lineNumber: found.originalLine,
      columnNumber: found.originalColumn,
    };
  };
}

/** Microseconds of the monotonic clock, the clock of V8's profile timestamps on Linux. */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function and per area, and the
 * inclusive time of Kassa's own functions (each sample counted once per function on its stack).
 * With a window (monotonic microseconds, see `monotonicMicros`) only the samples inside it count,
 * which leaves the server's start-up out.
 */
export function summarizeProfile(
  file: string,
  options: { top?: number; window?: { fromUs: number; toUs: number }; serverRoot?: string } = {},
): ProfileSummary {
  const { top = 25, window } = options;
  const rootUrl = pathToFileURL(`${options.serverRoot ?? ROOT}/`).href;
  const whereOf = (frame: CallFrame) => whereIn(frame, rootUrl);
  const areaOf = (frame: CallFrame) => areaIn(frame, rootUrl);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const toSource = bundleMapper(rootUrl);
  for (const node of profile.nodes) node.callFrame = toSource(node.callFrame);
  let at = profile.startTime;
  const times = profile.timeDeltas.map((delta) => (at += delta));
  const windowed = window !== undefined && times.some((t) => t >= window.fromUs && t <= window.toUs);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, { frame: CallFrame; ms: number; callers: Map<string, number> }>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, { frame: CallFrame; ms: number }>();
  let sampledMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    if (windowed && ((times[i] ?? 0) < window.fromUs || (times[i] ?? 0) > window.toUs)) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    sampledMs += ms;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    const key = `${nameOf(frame)} ${whereOf(frame)}`;
    const entry = self.get(key) ?? { frame, ms: 0, callers: new Map<string, number>() };
    entry.ms += ms;
    const chain: string[] = [];
    for (let at = parent.get(id); at !== undefined && chain.length < 3; at = parent.get(at)) {
      const caller = byId.get(at)!.callFrame;
      if (caller.functionName === '(root)') break;
      chain.push(`${nameOf(caller)} (${whereOf(caller) || areaOf(caller)})`);
    }
    const callers = chain.join(' < ');
    entry.callers.set(callers, (entry.callers.get(callers) ?? 0) + ms);
    self.set(key, entry);
    const a = areaOf(frame);
    area.set(a, (area.get(a) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      const local = f.url.startsWith(rootUrl) && !f.url.includes('/node_modules/');
      if (!local) continue;
      const k = `${nameOf(f)} ${whereOf(f)}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const e = inclusive.get(k) ?? { frame: f, ms: 0 };
      e.ms += ms;
      inclusive.set(k, e);
    }
  });
  const busyMs = sampledMs - idleMs;
  const pct = (ms: number) => (busyMs ? (100 * ms) / busyMs : 0);
  const rows = (entries: Iterable<{ frame: CallFrame; ms: number; callers?: Map<string, number> }>) =>
    [...entries]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((e) => {
        const row: ProfileRow = {
          name: nameOf(e.frame),
          where: whereOf(e.frame),
          ms: e.ms,
          percent: pct(e.ms),
        };
        const commonest = [...(e.callers ?? [])].sort((a, b) => b[1] - a[1])[0];
        if (commonest?.[0]) row.calledFrom = commonest[0];
        return row;
      });
  return {
    file,
    windowed,
    sampledMs,
    busyMs,
    idleMs,
    topSelf: rows(self.values()),
    byArea: [...area.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, where: '', ms, percent: pct(ms) })),
    topKassaInclusive: rows(inclusive.values()),
  };
}

/** The summary as plain text columns. */
export function formatProfile(summary: ProfileSummary): string {
  const table = (title: string, rows: ProfileRow[]) =>
    [
      title,
      ...rows.map(
        (r) =>
          `  ${r.percent.toFixed(1).padStart(5)} %  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}${r.where ? `  ${r.where}` : ''}` +
          (r.calledFrom ? `\n${' '.repeat(22)}< ${r.calledFrom}` : ''),
      ),
    ].join('\n');
  return [
    `${summary.file}: ${(summary.sampledMs / 1000).toFixed(1)} s sampled${summary.windowed ? ' under load' : ''}, ${(summary.busyMs / 1000).toFixed(1)} s busy (percentages are of busy time)`,
    table('Self time by function:', summary.topSelf),
    table('Self time by area:', summary.byArea),
    table(
      "Inclusive time of Kassa's functions (work resumed in promise jobs, e.g. drizzle's query building, is not under its caller):",
      summary.topKassaInclusive,
    ),
  ].join('\n\n');
}

// `tsx bench/checkout/profile.ts <file.cpuprofile> [top] [server root]` prints the summary of any profile.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/checkout/profile.ts <file.cpuprofile> [top] [server root]');
    process.exit(2);
  }
  console.log(
    formatProfile(
      summarizeProfile(file, { top: Number(process.argv[3] ?? 25), serverRoot: process.argv[4] }),
    ),
  );
}
