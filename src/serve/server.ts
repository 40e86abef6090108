/**
 * `nabla serve [FILE]` (SPEC §8): the playground on a loopback port. The
 * engine runs in the browser; this server only hands out files — the page,
 * the browser module of the engine and the playground's script (prebuilt
 * beside the server in the package, bundled at start when run from the
 * sources), the report's script, and KaTeX's stylesheet and fonts from
 * node_modules.
 *
 * Invariants:
 * - it listens on a loopback address only (127.0.0.1 by default), and
 *   answers only requests addressed to it by that name (a Host check, so a
 *   web page cannot reach it through DNS rebinding);
 * - only GET and HEAD of a fixed set of paths; font names are matched
 *   against KaTeX's pattern, so no path reaches outside KaTeX's folder;
 * - every response forbids other origins' code through its
 *   Content-Security-Policy, Node's own 400 and 431 answers included;
 * - the start file is read within the CLI's input limit.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { NablaError } from '../errors.ts';

import { MAX_INPUT_BYTES, msg, say, type Language, type Message } from '../index.ts';
import { readFileBounded } from '../io/read-bounded.ts';
import { decodeSource, sourceText } from '../io/source-text.ts';
import { katexDistDir, REPORT_SCRIPT } from '../report/html.ts';
import { bundleBrowserScripts, type BrowserScripts } from './browser-bundle.ts';
import { renderPlaygroundPage } from './page.ts';

export interface ServeOptions {
  /** A formula file whose contents start the editor (read again at each page load). */
  readonly file?: string;
  /** The port; 0 or absent picks a free one. */
  readonly port?: number;
  /** A loopback address (default 127.0.0.1); anything else is refused. */
  readonly host?: string;
  /** The language of the page and of the server's answers (SPEC §15; English when absent). */
  readonly lang?: Language;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The editor's text when no file is given: the notes' 2-2-2 network. */
const DEFAULT_SAMPLE = new URL('../../samples/mlp-2-2-2.nabla', import.meta.url);
/** Where the package build puts the browser scripts, seen from dist/serve/server.js. */
const PREBUILT = new URL('../browser/', import.meta.url);

const CSP = [
  "default-src 'none'",
  // The engine evaluates through a tape (numeric/tape.ts): no code is built from strings.
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Request headers beyond this are answered 431 (Node's default is 16 KiB; the page needs far less). */
const MAX_HEADER_BYTES = 16 * 1024;

const FONT = /^KaTeX_[A-Za-z0-9-]+\.(woff2|woff|ttf)$/;
const FONT_TYPES: Readonly<Record<string, string>> = { woff2: 'font/woff2', woff: 'font/woff', ttf: 'font/ttf' };

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** The browser scripts: the package's prebuilt ones, else (run from the sources) bundled now. */
export async function browserScripts(): Promise<BrowserScripts> {
  try {
    const read = (name: string): string => readFileSync(new URL(name, PREBUILT), 'utf8');
    return { engine: read('nabla.js'), playground: read('playground.js'), worker: read('playground-worker.js') };
  } catch {
    return bundleBrowserScripts();
  }
}

/** The start file's text, read within the CLI's input limit (a device or a huge file is refused, not read whole). */
function readSource(file: string | undefined): { source: string; fileName: string; sample: boolean } {
  const path = file ?? fileURLToPath(DEFAULT_SAMPLE);
  const cannotRead = (why: Message['params'][string]): NablaError => new NablaError(msg('serve.cannot-read', { file: path, why }));
  let bytes: Buffer | undefined;
  try {
    bytes = readFileBounded(path, MAX_INPUT_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw cannotRead(code === 'ENOENT' ? msg('serve.no-such-file', {}) : (err as Error).message);
  }
  if (bytes === undefined) throw cannotRead(msg('serve.goes-on', { max: MAX_INPUT_BYTES }));
  return { source: sourceText(decodeSource(bytes)), fileName: file === undefined ? 'mlp-2-2-2.nabla' : basename(file), sample: file === undefined };
}

/**
 * Node answers a request it cannot parse (400) or whose headers are too
 * large (431) itself, without our headers; this answer carries the same
 * Content-Security-Policy as every other.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return;
  const [status, reason] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = `${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n`
    + `Content-Security-Policy: ${CSP}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`);
}

/** Start the playground server. Resolves once it listens. */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new NablaError(msg('serve.loopback-only', { command: 'nabla serve', v4: '127.0.0.1', v6: '::1', host }));
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new NablaError(msg('serve.port', { port }));
  const lang = options.lang ?? 'en';
  /** A plain-text answer's body in the server's language. */
  const text = (key: 'serve.method-not-allowed' | 'serve.wrong-host' | 'serve.not-found' | 'serve.internal-error'): string => `${say(msg(key, {}), lang)}\n`;
  readSource(options.file); // fail now, not at the first page load

  const scripts = await browserScripts();
  const katexDir = katexDistDir();
  const katexCss = readFileSync(`${katexDir}/katex.min.css`);

  let listeningPort = port;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${listeningPort}`, `localhost:${listeningPort}`, `[::1]:${listeningPort}`, `${host}:${listeningPort}`]);

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.end(head ? undefined : body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.setHeader('Allow', 'GET, HEAD');
      send(res, 405, 'text/plain; charset=utf-8', text('serve.method-not-allowed'), false);
      return;
    }
    if (!allowedHosts().has(req.headers.host ?? '')) {
      send(res, 421, 'text/plain; charset=utf-8', text('serve.wrong-host'), head);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/' || path === '/index.html') {
      let page: string;
      try {
        const { source, fileName, sample } = readSource(options.file);
        page = renderPlaygroundPage({ source, fileName, sample, scriptSrc: '/playground.js', reportScriptSrc: '/report.js', katexCssHref: '/katex/katex.min.css', lang });
      } catch (err) {
        send(res, 500, 'text/plain; charset=utf-8', `${err instanceof NablaError ? err.sayIn(lang) : (err as Error).message}\n`, head);
        return;
      }
      send(res, 200, 'text/html; charset=utf-8', page, head);
    } else if (path === '/nabla.js') {
      send(res, 200, 'text/javascript; charset=utf-8', scripts.engine, head);
    } else if (path === '/playground.js') {
      send(res, 200, 'text/javascript; charset=utf-8', scripts.playground, head);
    } else if (path === '/playground-worker.js') {
      send(res, 200, 'text/javascript; charset=utf-8', scripts.worker, head);
    } else if (path === '/report.js') {
      send(res, 200, 'text/javascript; charset=utf-8', REPORT_SCRIPT, head);
    } else if (path === '/katex/katex.min.css') {
      send(res, 200, 'text/css; charset=utf-8', katexCss, head);
    } else if (path.startsWith('/katex/fonts/') && FONT.test(path.slice('/katex/fonts/'.length))) {
      const name = path.slice('/katex/fonts/'.length);
      let font: Buffer;
      try {
        font = readFileSync(`${katexDir}/fonts/${name}`);
      } catch {
        send(res, 404, 'text/plain; charset=utf-8', text('serve.not-found'), head);
        return;
      }
      send(res, 200, FONT_TYPES[name.slice(name.lastIndexOf('.') + 1)]!, font, head);
    } else {
      send(res, 404, 'text/plain; charset=utf-8', text('serve.not-found'), head);
    }
  };

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', text('serve.internal-error'), false);
      else res.destroy(err as Error);
    }
  });

  server.on('clientError', answerClientError);

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new NablaError(msg('serve.port-in-use', { port, option: '--port' })) : err);
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  listeningPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${listeningPort}/`,
    port: listeningPort,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
