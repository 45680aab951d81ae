/**
 * Starts AWS's DynamoDB Local (the jar shipped in the npm package
 * `amplify-dynamodb-simulator`) with the machine's Java, on a free port, and
 * waits until it answers. In memory for tests, or with its data in a folder
 * (e.g. `.data/dynamodb`) so that records survive a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort, MissingComponent } from './ports';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The JVM's process id when this process started it (benchmarks pin it to a core). */
  pid?: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Folder for the database file; in memory when left out. */
  dataDir?: string | undefined;
  port?: number | undefined;
  startTimeoutMs?: number | undefined;
}

function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  } catch {
    throw new MissingComponent('DynamoDB Local is missing: run `npm ci` (it ships in the devDependency amplify-dynamodb-simulator).');
  }
}

/**
 * The JVM's quick compiler only, one compiler thread and the serial collector: DynamoDB Local here lives for
 * minutes, and on a two-core machine the optimising compiler's threads took more CPU than they saved (the
 * registration, donation and concurrency tests used 48 s of CPU with it, 27 s without).
 */
const quickStartJvm = ['-XX:TieredStopAtLevel=1', '-XX:CICompilerCount=1', '-XX:+UseSerialGC'];

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const dir = emulatorDir();
  const port = options.port ?? (await freePort());
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const args = [
    ...quickStartJvm,
    `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(dir, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];

  const child = spawn('java', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('exit', (code) => resolve({ code }));
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child, exited);
  const probe = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      const early = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 150, undefined))]);
      if (early) {
        if ((early.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
          throw new MissingComponent('Java is not installed, and DynamoDB Local runs on it. Install Java 17, e.g. `apt-get install openjdk-17-jre-headless`.');
        }
        throw new Error(`DynamoDB Local exited (code ${early.code}) before it was ready:\n${output.trim()}`);
      }
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, port, ...(child.pid !== undefined ? { pid: child.pid } : {}), stop };
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on port ${port} within the time allowed:\n${output.trim()}`);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
