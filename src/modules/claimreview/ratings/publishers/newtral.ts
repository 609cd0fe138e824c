import { FALSE, HALF_TRUE, MISLEADING, MISSING_CONTEXT, TRUE } from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Newtral. */
export const newtral: PublisherTable = {
  publisher: 'Newtral',
  names: ['Newtral'],
  hosts: ['newtral.es'],
  labels: {
    Falso: FALSE,
    Engañoso: MISLEADING,
    'Verdad a medias': HALF_TRUE,
    'Falta contexto': MISSING_CONTEXT,
    Verdadero: TRUE,
  },
};
