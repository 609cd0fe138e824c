import {
  ALTERED,
  FALSE,
  MISLEADING,
  MISSING_CONTEXT,
  SATIRE,
  SCAM,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Maldita.es (Maldito Bulo). */
export const maldita: PublisherTable = {
  publisher: 'Maldita.es',
  names: ['Maldita', 'Maldita.es', 'Maldito Bulo'],
  hosts: ['maldita.es'],
  labels: {
    Bulo: FALSE,
    Falso: FALSE,
    Engañoso: MISLEADING,
    'Falta contexto': MISSING_CONTEXT,
    Montaje: ALTERED,
    'No hay pruebas': UNPROVEN,
    Timo: SCAM,
    Sátira: SATIRE,
    'Sí es cierto': TRUE,
    'Es cierto': TRUE,
  },
};
