import {
  CONTRADICTORY,
  EXAGGERATED,
  FALSE,
  MOSTLY_TRUE,
  PENDING,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Agência Lupa. */
export const lupa: PublisherTable = {
  publisher: 'Agência Lupa',
  names: ['Agência Lupa', 'Lupa', 'Agencia Lupa'],
  hosts: ['lupa.uol.com.br', 'lupa.news', 'piaui.folha.uol.com.br'],
  labels: {
    Verdadeiro: TRUE,
    'Verdadeiro, mas': MOSTLY_TRUE,
    Exagerado: EXAGGERATED,
    // Less than the facts: the size is wrong the other way.
    Subestimado: EXAGGERATED,
    Contraditório: CONTRADICTORY,
    Insustentável: UNPROVEN,
    Falso: FALSE,
    'Ainda é cedo para dizer': PENDING,
    // "Keeping an eye on it": followed, not yet rated.
    'De olho': PENDING,
  },
};
