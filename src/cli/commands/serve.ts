/**
 * `nabla serve [FILE]`: the playground on 127.0.0.1 until the process is
 * interrupted. The server is a face of its own (src/serve/); the launcher
 * hands its start function in, so the CLI does not reach into another face.
 */

import { msg, OptionError, say, type Language } from '../../index.ts';
import { EXIT_OK, type Io } from '../io.ts';

/** Starts the playground server (src/serve/server.ts's `startServer`). */
export type StartServer = (options: { readonly file?: string; readonly port?: number; readonly lang?: Language }) =>
  Promise<{ readonly url: string; close(): Promise<void> }>;

export async function commandServe(io: Io, startServer: StartServer, file: string | undefined, options: { port?: string }, lang: Language = 'en'): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new OptionError('--port', msg('cli.option.port', {}), options.port ?? '', 0, (options.port ?? '').length);
  }
  const server = await startServer({ file, port, lang });
  io.stdout(`${say(msg('cli.serving', { url: server.url, key: 'Ctrl-C' }), lang)}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => void server.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT_OK;
}
