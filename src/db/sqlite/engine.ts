import type { Engine } from '../engine.js';
import { DeferredCountChanges } from './deferred-counts.js';
import { DeferredIndexes } from './deferred-indexes.js';
import { DeferredSearchIndex } from './deferred-search-index.js';
import { sqliteDialect } from './dialect.js';
import { translateError } from './errors.js';
import { SqliteImportScratch } from './import-scratch.js';
import { sqliteRows, sqliteRun } from './raw-statements.js';
import { SideAudit } from './side-audit.js';

/** SQLite's import parts: scratch tables, and the search index, counts and indexes deferred. */
export const sqliteEngine: Engine = {
  async openImport(tx, { minRecords, countSlice }) {
    const searchIndex = await DeferredSearchIndex.open(tx);
    const audit = new SideAudit(tx);
    return {
      scratch: await SqliteImportScratch.open(tx),
      searchIndex,
      countChanges: await DeferredCountChanges.open(tx, { slice: countSlice }),
      indexes: await DeferredIndexes.open(tx, {
        minRecords,
        onLarge: () => {
          searchIndex.setTriggersAside();
          audit.start();
        },
      }),
      audit,
    };
  },
  sql: sqliteDialect,
  translateError,
  readRows: sqliteRows,
  runStatement: sqliteRun,
};
