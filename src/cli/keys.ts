import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { closeDb, openDb } from '../db/client.js';
import { migrateDb } from '../db/migrate.js';
import { KEY_ROLES, type KeyRole } from '../lib/vocabulary.js';
import { createKey, describeKeys, revokeKeyByName } from '../modules/keys/keys.service.js';
import { runCli } from './run-cli.js';

const USAGE = `Usage:
  npm run keys -- create --name NAME --role editor|admin   make a key (shown once)
  npm run keys -- list                                     list keys (never the secrets)
  npm run keys -- revoke NAME                              revoke a key`;

function usage(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
})();
const [command, ...rest] = positionals;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

runCli(() => {
  const config = loadConfig();
  const db = openDb(config.DB_FILE);
  try {
    migrateDb(db);
    if (command === 'create') {
      if (!values.name) usage('create needs --name');
      if (!KEY_ROLES.includes(values.role as KeyRole))
        usage('create needs --role editor or --role admin');
      const created = createKey(db, values.name, values.role as KeyRole, 'cli');
      console.log(
        `Created ${created.role} key '${created.name}'. It is shown only now; keep it safe:\n${created.key}`,
      );
    } else if (command === 'list') {
      const keys = describeKeys(db);
      if (keys.length === 0) console.log('No keys.');
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
        console.log(`${key.name}\t${key.role}\tcreated ${key.createdAt}\t${state}`);
      }
    } else if (command === 'revoke') {
      const [name] = rest;
      if (!name) usage('revoke needs the key name');
      revokeKeyByName(db, name, 'cli');
      console.log(`Revoked key '${name}'.`);
    } else {
      usage(command ? `unknown command '${command}'` : 'a command is needed');
    }
  } finally {
    closeDb(db);
  }
});
