ALTER TABLE "claims" ADD COLUMN "stated_at_note" text;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "published_at_note" text;