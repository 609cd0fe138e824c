import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openConfiguredStore } from '../db/open-store.js';
import { KEY_ROLES, type KeyRole } from '../lib/vocabulary.js';
import { createKey, revokeKeyByName } from '../modules/keys/keys.commands.js';
import { describeKeys } from '../modules/keys/keys.queries.js';
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

runCli(async () => {
  const config = loadConfig();
  const store = openConfiguredStore(config);
  try {
    await store.migrate();
    if (command === 'create') {
      if (!values.name) usage('create needs --name');
      if (!KEY_ROLES.includes(values.role as KeyRole))
        usage('create needs --role editor or --role admin');
      const name = values.name;
      const role = values.role as KeyRole;
      const created = await store.write((tx) => createKey(tx, name, role, 'cli'));
      console.log(
        `Created ${created.role} key '${created.name}'. It is shown only now; keep it safe:\n${created.key}`,
      );
    } else if (command === 'list') {
      const keys = await store.read((tx) => describeKeys(tx));
      if (keys.length === 0) console.log('No keys.');
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
        console.log(`${key.name}\t${key.role}\tcreated ${key.createdAt}\t${state}`);
      }
    } else if (command === 'revoke') {
      const [name] = rest;
      if (!name) usage('revoke needs the key name');
      await store.write((tx) => revokeKeyByName(tx, name, 'cli'));
      console.log(`Revoked key '${name}'.`);
    } else {
      usage(command ? `unknown command '${command}'` : 'a command is needed');
    }
  } finally {
    await store.close();
  }
});
