-- Hand-written: what drizzle-kit does not model, and what makes PostgreSQL answer as SQLite does.

-- Text compares and sorts by code point, as in SQLite (whatever the database's locale): lists,
-- cursors and exports come out in the same order on both engines.
DO $$
DECLARE col record;
BEGIN
  FOR col IN
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = current_schema() AND c.data_type = 'text' AND t.table_type = 'BASE TABLE'
      AND c.table_name <> '__drizzle_migrations'
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE text COLLATE "C"', col.table_name, col.column_name);
  END LOOP;
END $$;
--> statement-breakpoint

-- An import's references may point forward (a link before the claim it comes from): its foreign
-- keys are checked at commit (SET CONSTRAINTS ALL DEFERRED), as SQLite's defer_foreign_keys does.
DO $$
DECLARE fk record;
BEGIN
  FOR fk IN
    SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
    WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
  LOOP
    EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE INITIALLY IMMEDIATE', fk.tbl, fk.conname);
  END LOOP;
END $$;
--> statement-breakpoint

-- Search: words as SQLite's FTS5 tokenizer `porter unicode61 remove_diacritics 2` reads them,
-- accents removed, English stems, and no stop words (every word of a claim can be searched).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH DICTIONARY factcheck_stem (TEMPLATE = snowball, LANGUAGE = english);
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION factcheck (COPY = simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION factcheck
  ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
  WITH unaccent, factcheck_stem;
--> statement-breakpoint

-- A claim's search document: its text above its tags above its quotes (FTS5's columns).
CREATE FUNCTION claim_search_refresh(claim text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO claim_search (claim_seq, document)
  SELECT c.seq,
    setweight(to_tsvector('factcheck', c.text), 'A') ||
    setweight(to_tsvector('factcheck', coalesce((SELECT string_agg(t.tag, ' ') FROM claim_tags t WHERE t.claim_id = c.id), '')), 'B') ||
    setweight(to_tsvector('factcheck', coalesce((SELECT string_agg(q.exact, ' … ' ORDER BY q.position) FROM quotes q WHERE q.claim_id = c.id), '')), 'C')
  FROM claims c WHERE c.id = claim
  ON CONFLICT (claim_seq) DO UPDATE SET document = excluded.document;
$$;
--> statement-breakpoint
CREATE FUNCTION claim_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'claims' THEN
    PERFORM claim_search_refresh(NEW.id);
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM claim_search_refresh(OLD.claim_id); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND (TG_OP = 'INSERT' OR NEW.claim_id <> OLD.claim_id) THEN
    PERFORM claim_search_refresh(NEW.claim_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER claims_search_insert AFTER INSERT ON claims FOR EACH ROW EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
CREATE TRIGGER claims_search_update AFTER UPDATE OF text ON claims FOR EACH ROW EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
CREATE TRIGGER quotes_search_insert AFTER INSERT ON quotes FOR EACH ROW EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
CREATE TRIGGER quotes_search_update AFTER UPDATE ON quotes FOR EACH ROW EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
CREATE TRIGGER quotes_search_delete AFTER DELETE ON quotes FOR EACH ROW EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
CREATE TRIGGER claim_tags_search_insert AFTER INSERT ON claim_tags FOR EACH ROW EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint
CREATE TRIGGER claim_tags_search_delete AFTER DELETE ON claim_tags FOR EACH ROW EXECUTE FUNCTION claim_search_changed();
--> statement-breakpoint

-- source_claims follows the quotes (SQLite migration 0008): one row per claim and source quoted,
-- counting the claim's quotes that name the source; the row goes with the last.
CREATE FUNCTION quotes_source_claims() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE source_claims SET quotes = quotes - 1 WHERE claim_id = OLD.claim_id AND source_id = OLD.source_id;
    UPDATE source_claims SET quotes = quotes - 1 WHERE claim_id = OLD.claim_id AND source_id = OLD.original_source_id;
    DELETE FROM source_claims WHERE claim_id = OLD.claim_id AND quotes = 0;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO source_claims (source_id, claim_id, claim_seq, stated_at, created_at, quotes)
    SELECT s.id, c.id, c.seq, c.stated_at, c.created_at, count(*)
    FROM claims c,
      (SELECT NEW.source_id AS id UNION ALL SELECT NEW.original_source_id WHERE NEW.original_source_id IS NOT NULL) s
    WHERE c.id = NEW.claim_id
    GROUP BY s.id, c.id, c.seq, c.stated_at, c.created_at
    ON CONFLICT (source_id, claim_id) DO UPDATE SET quotes = source_claims.quotes + excluded.quotes;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER quotes_source_claims_insert AFTER INSERT ON quotes FOR EACH ROW EXECUTE FUNCTION quotes_source_claims();
--> statement-breakpoint
CREATE TRIGGER quotes_source_claims_delete AFTER DELETE ON quotes FOR EACH ROW EXECUTE FUNCTION quotes_source_claims();
--> statement-breakpoint
CREATE TRIGGER quotes_source_claims_update AFTER UPDATE OF claim_id, source_id, original_source_id ON quotes FOR EACH ROW EXECUTE FUNCTION quotes_source_claims();
--> statement-breakpoint

-- The claim's sort keys copied beside its tags, links and sources move with its dates, and reach
-- a link written before its claim (SQLite migrations 0008 and 0009).
CREATE FUNCTION claims_source_claims_dates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE source_claims SET stated_at = NEW.stated_at, created_at = NEW.created_at WHERE claim_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER claims_source_claims_dates AFTER UPDATE OF stated_at, created_at ON claims FOR EACH ROW EXECUTE FUNCTION claims_source_claims_dates();
--> statement-breakpoint
CREATE FUNCTION claims_claim_tags_dates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claim_tags SET stated_at = NEW.stated_at, created_at = NEW.created_at WHERE claim_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER claims_claim_tags_dates AFTER UPDATE OF stated_at, created_at ON claims FOR EACH ROW EXECUTE FUNCTION claims_claim_tags_dates();
--> statement-breakpoint
CREATE FUNCTION claims_claim_links_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claim_links SET from_seq = NEW.seq, from_stated_at = NEW.stated_at, from_created_at = NEW.created_at
  WHERE from_claim_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER claims_claim_links_dates AFTER UPDATE OF stated_at, created_at ON claims FOR EACH ROW EXECUTE FUNCTION claims_claim_links_keys();
--> statement-breakpoint
CREATE TRIGGER claims_claim_links_insert AFTER INSERT ON claims FOR EACH ROW EXECUTE FUNCTION claims_claim_links_keys();
--> statement-breakpoint

-- Every write to the record, by an instance or by anyone else (psql, a restore), is announced at
-- its commit: each instance forgets the answers it keeps in memory (src/db/pg/store.ts). A table
-- added by a later migration takes the same trigger there.
CREATE FUNCTION factcheck_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('factcheck_changes', '');
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t record;
BEGIN
  FOR t IN
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
  LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION factcheck_announce_change()',
      t.table_name || '_announce_change', t.table_name);
  END LOOP;
END $$;
