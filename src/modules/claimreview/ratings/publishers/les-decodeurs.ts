import {
  EXAGGERATED,
  FALSE,
  HALF_TRUE,
  MISLEADING,
  MISSING_CONTEXT,
  MOSTLY_FALSE,
  MOSTLY_TRUE,
  TRUE,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Les Décodeurs (Le Monde). */
export const lesDecodeurs: PublisherTable = {
  publisher: 'Les Décodeurs',
  names: ['Les Décodeurs', 'Le Monde', 'Le Monde.fr'],
  hosts: ['lemonde.fr'],
  labels: {
    Vrai: TRUE,
    'Plutôt vrai': MOSTLY_TRUE,
    "C'est plus compliqué": HALF_TRUE,
    Imprécis: HALF_TRUE,
    Exagéré: EXAGGERATED,
    'Manque de contexte': MISSING_CONTEXT,
    Trompeur: MISLEADING,
    'Plutôt faux': MOSTLY_FALSE,
    Faux: FALSE,
  },
};
