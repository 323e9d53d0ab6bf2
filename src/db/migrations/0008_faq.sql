CREATE TABLE "faq_unanswered" (
	"id" serial PRIMARY KEY NOT NULL,
	"normalised_text" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"suggestions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"confidence" real DEFAULT 0 NOT NULL,
	CONSTRAINT "faq_unanswered_normalised_text_unique" UNIQUE("normalised_text")
);
--> statement-breakpoint
CREATE INDEX "faq_unanswered_last_seen_idx" ON "faq_unanswered" USING btree ("last_seen_at");