ALTER TABLE "claims" ADD COLUMN "attribution" text DEFAULT 'stated' NOT NULL;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "attribution_note" text;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_attribution_check" CHECK (attribution IN ('stated', 'inferred'));