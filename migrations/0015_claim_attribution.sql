-- Whether a claim's claimant is stated by the source or inferred by the record, and why. Added in
-- place with the CHECK on the column, as 0005 adds its counts: drizzle-kit would rebuild claims
-- to add a table-level one, and dropping the old table would cascade-delete every quote, tag,
-- link, evidence item and history entry. Existing claims name claimants their sources state.
ALTER TABLE `claims` ADD `attribution` text DEFAULT 'stated' NOT NULL CONSTRAINT "claims_attribution_check" CHECK(attribution IN ('stated', 'inferred'));--> statement-breakpoint
ALTER TABLE `claims` ADD `attribution_note` text;
