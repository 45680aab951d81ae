/**
 * Starts aws-ses-v2-local, a local SES endpoint with an inbox viewer (its
 * root page) and the sent messages as JSON at `GET /store`. It runs in this
 * process: stopping and starting it again on the same port keeps the inbox,
 * which is how tests take SES away and bring it back.
 */
import type { Server } from 'node:http';
import * as sesModule from 'aws-ses-v2-local';
import { freePort, isPortFree } from './ports';

// A CommonJS module with `exports.default`: Node's ESM import and bundlers disagree on where the function is.
type StartServer = (typeof sesModule)['default'];
const sesLocal: StartServer = ((sesModule as unknown as { default: StartServer | { default: StartServer } }).default as { default?: StartServer }).default ?? (sesModule.default as StartServer);

export interface SesLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface SesLocalOptions {
  port?: number | undefined;
  /** Try this port first and fall back to a free one (e.g. the usual 8005 for `npm start`). */
  preferredPort?: number | undefined;
}

export async function startSesLocal(options: SesLocalOptions = {}): Promise<SesLocal> {
  let port = options.port;
  if (port === undefined && options.preferredPort !== undefined && (await isPortFree(options.preferredPort))) port = options.preferredPort;
  port ??= await freePort();
  const server: Server = await sesLocal({ host: '127.0.0.1', port });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A sent message as aws-ses-v2-local's `GET /store` lists it. */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  at: number;
}

export async function sentEmails(endpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  if (!response.ok) throw new Error(`SES local store answered ${response.status}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}
