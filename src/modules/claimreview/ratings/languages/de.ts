import {
  ALTERED,
  EXAGGERATED,
  FALSE,
  HALF_TRUE,
  MISCAPTIONED,
  MISLEADING,
  MISSING_CONTEXT,
  MOSTLY_FALSE,
  MOSTLY_TRUE,
  OUTDATED,
  SATIRE,
  TRUE,
  UNPROVEN,
} from '../meanings.js';
import type { LanguageTable } from '../table.js';

export const german: LanguageTable = {
  language: 'de',
  labels: {
    richtig: TRUE,
    wahr: TRUE,
    'größtenteils richtig': MOSTLY_TRUE,
    'teilweise richtig': HALF_TRUE,
    'teilweise falsch': HALF_TRUE,
    'größtenteils falsch': MOSTLY_FALSE,
    falsch: FALSE,
    'frei erfunden': FALSE,
    erfunden: FALSE,
    // A quote its speaker never said is made up, not misattributed.
    'nie gesagt': FALSE,
    unsinn: FALSE,
    fälschung: FALSE,
    irreführend: MISLEADING,
    übertrieben: EXAGGERATED,
    'fehlender kontext': MISSING_CONTEXT,
    'falscher kontext': MISCAPTIONED,
    manipuliert: ALTERED,
    veraltet: OUTDATED,
    satire: SATIRE,
    unbelegt: UNPROVEN,
    'keine belege': UNPROVEN,
  },
};
