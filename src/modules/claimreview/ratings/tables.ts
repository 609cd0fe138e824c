import { german } from './languages/de.js';
import { english } from './languages/en.js';
import { spanish } from './languages/es.js';
import { french } from './languages/fr.js';
import { hindi } from './languages/hi.js';
import { chinese, italian, polish } from './languages/others.js';
import { portuguese } from './languages/pt.js';
import { aap } from './publishers/aap.js';
import { afp } from './publishers/afp.js';
import { africaCheck } from './publishers/africa-check.js';
import { altNews } from './publishers/alt-news.js';
import { aosFatos } from './publishers/aos-fatos.js';
import { boom } from './publishers/boom.js';
import { correctiv } from './publishers/correctiv.js';
import { factcheckOrg } from './publishers/factcheck-org.js';
import { fullFact } from './publishers/full-fact.js';
import { leadStories } from './publishers/lead-stories.js';
import { lesDecodeurs } from './publishers/les-decodeurs.js';
import { lupa } from './publishers/lupa.js';
import { maldita } from './publishers/maldita.js';
import { newtral } from './publishers/newtral.js';
import { politifact } from './publishers/politifact.js';
import { reuters } from './publishers/reuters.js';
import { snopes } from './publishers/snopes.js';
import { vishvasNews } from './publishers/vishvas-news.js';
import { washingtonPost } from './publishers/washington-post.js';

/** Every publisher's scale. A new publisher: a file in publishers/, and its name here. */
export const PUBLISHER_TABLES = [
  politifact,
  washingtonPost,
  snopes,
  factcheckOrg,
  fullFact,
  afp,
  reuters,
  aap,
  leadStories,
  lesDecodeurs,
  correctiv,
  maldita,
  newtral,
  aosFatos,
  lupa,
  africaCheck,
  boom,
  vishvasNews,
  altNews,
];

/** Every language's ratings and verdict phrases. A new language: a file in languages/, and here. */
export const LANGUAGE_TABLES = [
  english,
  french,
  spanish,
  portuguese,
  german,
  italian,
  hindi,
  polish,
  chinese,
];
