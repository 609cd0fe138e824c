DROP INDEX "evidence_claim_id_idx";--> statement-breakpoint
CREATE INDEX "evidence_claim_order_idx" ON "evidence" USING btree ("claim_id","created_at","slug");