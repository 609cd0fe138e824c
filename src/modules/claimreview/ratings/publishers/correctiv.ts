import {
  ALTERED,
  FALSE,
  HALF_TRUE,
  MISCAPTIONED,
  MISSING_CONTEXT,
  MOSTLY_FALSE,
  MOSTLY_TRUE,
  SATIRE,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { PublisherTable } from '../table.js';

/** Correctiv Faktencheck. */
export const correctiv: PublisherTable = {
  publisher: 'Correctiv',
  names: ['Correctiv', 'CORRECTIV', 'Correctiv Faktencheck', 'CORRECTIV.Faktencheck'],
  hosts: ['correctiv.org'],
  labels: {
    Richtig: TRUE,
    'Größtenteils richtig': MOSTLY_TRUE,
    'Teilweise falsch': HALF_TRUE,
    'Größtenteils falsch': MOSTLY_FALSE,
    Falsch: FALSE,
    'Frei erfunden': FALSE,
    'Fehlender Kontext': MISSING_CONTEXT,
    'Falscher Kontext': MISCAPTIONED,
    Unbelegt: UNPROVEN,
    Manipuliert: ALTERED,
    Satire: SATIRE,
  },
};
