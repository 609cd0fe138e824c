-- Hand-written (drizzle-kit does not model FTS5's settings): FTS5 no longer merges the search
-- index's segments inside the writes themselves. Its merging is level by level, in whichever write
-- fills a level, and when that level holds the index's one large segment (an import merges the
-- index into one) the write rewrites all of it: 11.5 s on the 1 M record, the 240th write after the
-- import. The store merges the index between writes instead, a bounded step at a time
-- (src/db/sqlite/search-merges.ts).
INSERT INTO `claim_search` (`claim_search`, `rank`) VALUES ('automerge', 0);
