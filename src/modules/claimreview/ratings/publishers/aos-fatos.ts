import {
  CONTRADICTORY,
  EXAGGERATED,
  FALSE,
  HALF_TRUE,
  MISLEADING,
  SATIRE,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Aos Fatos. */
export const aosFatos: PublisherTable = {
  publisher: 'Aos Fatos',
  names: ['Aos Fatos'],
  hosts: ['aosfatos.org'],
  labels: {
    Verdadeiro: TRUE,
    // "Needs context to be true."
    Impreciso: HALF_TRUE,
    'Não é bem assim': HALF_TRUE,
    Exagerado: EXAGGERATED,
    // True data, read so as to lead to a wrong conclusion.
    Distorcido: MISLEADING,
    // Says the opposite of what the claimant said before: a record at odds with itself.
    Contraditório: CONTRADICTORY,
    Insustentável: UNPROVEN,
    Falso: FALSE,
    Sátira: SATIRE,
  },
};
