import { createServer } from 'node:http';

export type PageServer = {
  /** `http://127.0.0.1:<port>`: a browser origin of its own. */
  origin: string;
  close: () => Promise<void>;
};

/** A blank page served on 127.0.0.1 at a random port: another site, as the browser sees it. */
export async function startPageServer(): Promise<PageServer> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      '<!doctype html><html><head><title>Another site</title></head><body></body></html>',
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port given');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
