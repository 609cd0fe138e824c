-- Hand-written. The record's change mark: one number that moves with every transaction that
-- writes the record, whoever writes it (an instance, psql, a restore). Each instance keeps answers
-- to reads in memory under the mark they were read at, and reads the mark before sending one
-- again: a commit anywhere is seen by every instance's next request (src/db/pg/store.ts).
CREATE TABLE change_mark (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  mark bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO change_mark (only_row, mark) VALUES (true, 0);
--> statement-breakpoint

-- The trigger every table has (0001) moves the mark once per transaction: the first statement
-- that writes moves it, the others (an import's millions) only see that it moved. The mark is
-- visible at commit, with the writes; undone with them.
CREATE OR REPLACE FUNCTION factcheck_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('factcheck.marked', true) IS DISTINCT FROM 'yes' THEN
    UPDATE change_mark SET mark = mark + 1;
    PERFORM set_config('factcheck.marked', 'yes', true);
  END IF;
  RETURN NULL;
END $$;
