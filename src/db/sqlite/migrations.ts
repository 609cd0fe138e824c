import { fileURLToPath } from 'node:url';

/** drizzle-kit's SQLite migrations, plus the hand-written ones it cannot model (FTS5). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));
