-- Whose words a quote holds. Added in place with its CHECK on the column, as 0005 adds its counts:
-- drizzle-kit would rebuild quotes to add a table-level one, which would drop its triggers (the
-- search index and source_claims follow the quotes through them). Existing quotes are the
-- speakers' own words, as the record has taken them so far.
ALTER TABLE `quotes` ADD `wording` text DEFAULT 'verbatim' NOT NULL CONSTRAINT "quotes_wording_check" CHECK(wording IN ('verbatim', 'paraphrase'));
