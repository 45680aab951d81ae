/**
 * A proxy in front of a local server that passes every request and answer
 * through unchanged but for one response header it leaves out. The
 * Lighthouse part uses it to measure the same pages without
 * `Cross-Origin-Opener-Policy`, to show what that header costs there; the
 * site itself always sends it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startHeaderStrippingProxy(target: string, header: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  // The header left out, and the hop-by-hop ones that belong to each connection, not to the answer.
  const dropped = new Set([header.toLowerCase(), 'connection', 'keep-alive', 'transfer-encoding']);
  const server = http.createServer((request, response) => {
    const forwarded = http.request(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: { ...request.headers, host: upstream.host }, agent },
      (answer) => {
        const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !dropped.has(name)));
        response.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(response);
        answer.on('error', () => response.destroy());
      },
    );
    forwarded.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(forwarded);
    // The browser went away before the answer was through: stop asking upstream too.
    response.on('close', () => response.writableFinished || forwarded.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
