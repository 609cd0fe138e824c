DROP INDEX "actors_claim_count_idx";--> statement-breakpoint
DROP INDEX "tag_counts_claim_count_idx";--> statement-breakpoint
CREATE INDEX "actors_claim_count_idx" ON "actors" USING btree ("claim_count" DESC NULLS FIRST,"slug") WHERE claim_count > 0;--> statement-breakpoint
CREATE INDEX "tag_counts_claim_count_idx" ON "tag_counts" USING btree ("claim_count" DESC NULLS FIRST,"tag");