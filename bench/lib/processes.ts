import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';

/** The repository root (bench/lib/ is two levels down). */
export const ROOT = join(__dirname, '..', '..');

const children = new Set<ChildProcess>();

/** How a benchmark helper written in TypeScript starts: Node with ts-node, type checks left to `tsc`. */
export function tsNodeArgs(file: string): string[] {
  return ['-r', 'ts-node/register/transpile-only', join(ROOT, file)];
}

/**
 * Compiles one self-contained TypeScript file (it may import packages and types, but no other source
 * file) to `dist/bench/<name>.js` and returns that path: a child process that runs without ts-node.
 */
export function compileStandalone(file: string): string {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: file,
  });
  const dir = join(ROOT, 'dist', 'bench');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, basename(file).replace(/\.ts$/, '.js'));
  writeFileSync(out, outputText);
  return out;
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** Everything it printed so far (both streams, capped), for error messages. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) when it exits. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a child process that is stopped again when the benchmark ends, however it ends (see
 * `stopAllChildren`). Its output is kept, and echoed with a prefix when `echo` is set.
 */
export function startChild(command: string, args: string[], options: SpawnOptions & { name: string; echo?: boolean }): Child {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (child.pid === undefined) throw new Error(`Could not start ${options.name}`);
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (options.echo) process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `  [${options.name}] `));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    process: child,
    pid: child.pid,
    output: () => output,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Stops every child still running (SIGTERM, then SIGKILL). Used on the way out, also after Ctrl-C. */
export async function stopAllChildren(graceMs = 5_000): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
        }),
    ),
  );
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers 200, the child exits, or `timeoutMs` passes. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void child.exited.then((code) => (exitedWith = code));
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) throw new Error(`${url}: the process exited (${exitedWith}) before answering:\n${child.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${child.output()}`);
}

/** A process's resident memory in MB, from /proc (Linux); null elsewhere or when it has gone. */
export function residentMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Peak resident memory of a process over one measurement: the kernel's high-water mark (VmHWM),
 * reset at the start where the kernel allows it (writing 5 to /proc/PID/clear_refs), and VmRSS sampled
 * every 100 ms as a fallback. `stop()` gives the peak in MB (null when nothing could be read).
 */
export function sampleRss(pid: number): { stop(): number | null } {
  let reset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    reset = true;
  } catch {
    // not allowed here: the sampled VmRSS is what we have
  }
  let peak: number | null = residentMb(pid);
  const timer = setInterval(() => {
    const now = residentMb(pid);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      const hwm = reset ? residentMb(pid, 'VmHWM') : null;
      const last = residentMb(pid);
      const values = [peak, hwm, last].filter((v): v is number => v !== null);
      return values.length ? Math.max(...values) : null;
    },
  };
}

/** Waits until the child prints `text` (it exits or `timeoutMs` passes: an error with its output). */
export async function waitForOutput(child: Child, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void child.exited.then((code) => (exitedWith = code));
  while (!child.output().includes(text)) {
    if (exitedWith !== undefined) throw new Error(`The process exited (${exitedWith}) before printing "${text}":\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`No "${text}" within ${timeoutMs} ms:\n${child.output()}`);
    await sleep(50);
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere. */
export function cpuMs(pid: number): number | null {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}
