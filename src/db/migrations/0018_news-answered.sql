CREATE TABLE "news_consents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"follower_id" uuid NOT NULL,
	"action" text NOT NULL,
	"theme_code" text,
	"channel" text DEFAULT 'chat' NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "faq_answered_daily" (
	"topic_id" text NOT NULL,
	"day" date NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "faq_answered_daily_topic_id_day_pk" PRIMARY KEY("topic_id","day")
);
--> statement-breakpoint
ALTER TABLE "news_consents" ADD CONSTRAINT "news_consents_follower_id_followers_id_fk" FOREIGN KEY ("follower_id") REFERENCES "public"."followers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "news_consents_follower_idx" ON "news_consents" USING btree ("follower_id","at");--> statement-breakpoint
CREATE INDEX "faq_answered_daily_day_idx" ON "faq_answered_daily" USING btree ("day");