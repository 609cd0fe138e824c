import { FALSE, HALF_TRUE, MISLEADING, MOSTLY_TRUE, SATIRE, TRUE } from '../meanings.js';
import type { LanguageTable } from '../table.js';

export const italian: LanguageTable = {
  language: 'it',
  labels: {
    vero: TRUE,
    "c'eri quasi": MOSTLY_TRUE,
    'parzialmente falso': HALF_TRUE,
    fuorviante: MISLEADING,
    falso: FALSE,
    'panzana pazzesca': FALSE,
    satira: SATIRE,
  },
};

export const polish: LanguageTable = {
  language: 'pl',
  labels: {
    prawda: TRUE,
    manipulacja: MISLEADING,
    fałsz: FALSE,
  },
};

/** Written without spaces: found as whole labels only, not inside sentences. */
export const chinese: LanguageTable = {
  language: 'zh',
  labels: {
    正確: TRUE,
    正确: TRUE,
    部分錯誤: HALF_TRUE,
    部分错误: HALF_TRUE,
    誤導: MISLEADING,
    误导: MISLEADING,
    錯誤: FALSE,
    错误: FALSE,
  },
};
