import type { TestProject } from 'vitest/node';
import { prepareTemplate, startPgCluster } from './pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database of the run's PostgreSQL server whose role may create databases. */
    pgAdminUrl: string;
  }
}

/** Once per `npm run test:pg`: the server, and the migrated template every test database copies. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPgCluster();
  await prepareTemplate(cluster);
  project.provide('pgAdminUrl', cluster.url('postgres'));
  return () => cluster.stop();
}
