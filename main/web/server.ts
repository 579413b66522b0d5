import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_EVENTS } from '../../shared/api/contract.js';
import { ApiError } from '../services/api-error.js';
import { dispatch } from '../services/dispatch.js';
import { createServices, type Services } from '../services/services.js';
import { defaultDataDir } from '../services/paths.js';

/** Largest request body accepted, in bytes. */
const MAX_BODY_BYTES = 4_000_000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly services: Services;
  close(): Promise<void>;
}

export interface WebHostOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  dataDir?: string;
  /** Built renderer (index.html and assets). */
  rendererDir?: string;
  maxWorkers?: number;
}

const sameToken = (given: string | null | undefined, token: string): boolean => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(`request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

const STATUS: Record<ApiError['code'], number> = {
  'bad-request': 400,
  'not-found': 404,
  forbidden: 403,
  failed: 500,
};

/**
 * Serves the renderer and main's services to a browser on 127.0.0.1: `POST /api/<method>` with the
 * per-start token in `x-headroom-token`, events over a WebSocket at `/events?token=…`. The same
 * dispatch (and so the same argument validation) as the Electron host.
 */
export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const rendererDir = resolve(
    options.rendererDir ?? fileURLToPath(new URL('../../renderer/', import.meta.url)),
  );
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (no ${join(rendererDir, 'index.html')}): run npm run build`);
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  const services = createServices({ dataDir, host: 'web', maxWorkers: options.maxWorkers });
  const token = randomBytes(24).toString('base64url');

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    });
    createReadStream(file).pipe(res);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      if (!sameToken(req.headers['x-headroom-token'] as string | undefined, token)) {
        return sendJson(res, 403, { error: 'missing or wrong token: open the address printed at start' });
      }
      const method = url.pathname.slice('/api/'.length);
      readBody(req)
        .then((text) => {
          let args: unknown;
          try {
            args = text.length ? JSON.parse(text) : {};
          } catch {
            throw new ApiError('the request body is not JSON');
          }
          return dispatch(services.handlers, method, args);
        })
        .then(
          (result) => sendJson(res, 200, { result }),
          (error: unknown) => {
            if (error instanceof ApiError) return sendJson(res, STATUS[error.code], { error: error.message });
            const message = error instanceof Error ? error.message : String(error);
            return sendJson(res, 500, { error: message });
          },
        );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'method not allowed' });
    serveStatic(req, res, url.pathname);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/events' || !sameToken(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const unsubscribe = API_EVENTS.map((event) =>
    services.on(event, (payload) => {
      const frame = JSON.stringify({ event, payload });
      for (const ws of sockets) ws.send(frame);
    }),
  );

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    services,
    async close() {
      for (const off of unsubscribe) off();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await services.close();
    },
  };
}

const isEntry = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const args = process.argv.slice(2);
  const portIndex = args.indexOf('--port');
  const port = portIndex >= 0 ? Number(args[portIndex + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(
      `headroom web: --port must be an integer from 0 to 65535, got ${args[portIndex + 1]}\n`,
    );
    process.exit(1);
  }
  startWebHost({ port }).then(
    (host) => {
      process.stdout.write(`Headroom at ${host.url}\n`);
      const stop = () => void host.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: Error) => {
      process.stderr.write(`headroom web: ${error.message}\n`);
      process.exit(1);
    },
  );
}
