CREATE TABLE `language_counts` (
	`language` text PRIMARY KEY NOT NULL,
	`claim_count` integer NOT NULL,
	CONSTRAINT "language_counts_claim_count_check" CHECK(claim_count >= 0)
);
--> statement-breakpoint
-- Every stored claim counted once, by its language.
INSERT INTO "language_counts" ("language", "claim_count") SELECT "language", count(*) FROM "claims" GROUP BY "language";