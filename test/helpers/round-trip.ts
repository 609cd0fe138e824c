import { makeApp, makeKeys, send } from './app.js';

/**
 * An export imported into an empty database, as a move to another server does: the import's
 * status, what that database exports then, and whether importing the same export again changed
 * anything.
 */
export async function importedIntoEmpty(
  exported: string,
): Promise<{ status: number; exportedAgain: string; changedAgain: boolean }> {
  const fresh = await makeApp({ seed: false });
  try {
    const key = (await makeKeys(fresh.store)).editor;
    const importOnce = () =>
      send<{ changed: boolean }>(fresh.app, 'POST', '/import', { key, body: JSON.parse(exported) });
    const first = await importOnce();
    const exportedAgain = (await fresh.app.inject({ url: '/export' })).body;
    const second = await importOnce();
    return { status: first.status, exportedAgain, changedAgain: second.body.changed };
  } finally {
    await fresh.close();
  }
}
