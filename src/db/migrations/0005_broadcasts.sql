CREATE TABLE "plan_items" (
	"year" integer NOT NULL,
	"no" integer NOT NULL,
	"theme" text NOT NULL,
	"title" text NOT NULL,
	"when_text" text NOT NULL,
	"months" jsonb NOT NULL,
	"deadline" boolean DEFAULT false NOT NULL,
	"kind" text NOT NULL,
	"lead" jsonb NOT NULL,
	"lead_applies_to" jsonb NOT NULL,
	"cooperating" jsonb NOT NULL,
	"cooperating_applies_to" jsonb NOT NULL,
	"cooperating_note" text,
	"min_count" integer,
	CONSTRAINT "plan_items_year_no_pk" PRIMARY KEY("year","no")
);
--> statement-breakpoint
CREATE TABLE "plan_quotas" (
	"year" integer NOT NULL,
	"id" text NOT NULL,
	"unit" text NOT NULL,
	"per" text NOT NULL,
	"min" integer NOT NULL,
	"channel" text NOT NULL,
	"months" jsonb,
	"rotation" jsonb,
	"what" text NOT NULL,
	"source_year" integer,
	"source" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_quotas_year_id_pk" PRIMARY KEY("year","id")
);
--> statement-breakpoint
CREATE TABLE "plan_themes" (
	"year" integer NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	CONSTRAINT "plan_themes_year_code_pk" PRIMARY KEY("year","code")
);
--> statement-breakpoint
CREATE TABLE "broadcast_clicks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"broadcast_id" integer NOT NULL,
	"area_code" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "broadcast_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"broadcast_id" integer NOT NULL,
	"zalo_user_id" text NOT NULL,
	"area_code" text,
	"language" text,
	"message_kind" text NOT NULL,
	"quota_day" text NOT NULL,
	"quota_month" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"claimed_at" timestamp with time zone,
	"zalo_msg_id" text,
	"error_code" text,
	"error_reason" text,
	"sent_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"seen_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "broadcasts" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"version" integer NOT NULL,
	"segment" jsonb NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"link_token" text NOT NULL,
	"use_cs_in_window" integer DEFAULT 1 NOT NULL,
	"planned_at" timestamp with time zone,
	"planned" integer,
	"excluded_opt_out" integer,
	"excluded_quota" integer,
	"finished_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_code" text NOT NULL,
	"theme_code" text,
	"plan_year" integer,
	"plan_item_no" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"submitted_by" text,
	"submitted_at" timestamp with time zone,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"rejection_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"text_vi" text NOT NULL,
	"text_km" text,
	"text_en" text,
	"image_url" text,
	"button_title" text,
	"button_url" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_versions" ADD CONSTRAINT "content_versions_item_id_content_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."content_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "broadcast_clicks_broadcast_idx" ON "broadcast_clicks" USING btree ("broadcast_id");--> statement-breakpoint
CREATE UNIQUE INDEX "broadcast_deliveries_once_uq" ON "broadcast_deliveries" USING btree ("broadcast_id","zalo_user_id");--> statement-breakpoint
CREATE INDEX "broadcast_deliveries_work_idx" ON "broadcast_deliveries" USING btree ("broadcast_id","status","id");--> statement-breakpoint
CREATE INDEX "broadcast_deliveries_quota_idx" ON "broadcast_deliveries" USING btree ("zalo_user_id","quota_month");--> statement-breakpoint
CREATE INDEX "broadcast_deliveries_msg_idx" ON "broadcast_deliveries" USING btree ("zalo_msg_id");--> statement-breakpoint
CREATE INDEX "broadcasts_due_idx" ON "broadcasts" USING btree ("status","scheduled_at");--> statement-breakpoint
CREATE UNIQUE INDEX "broadcasts_link_token_uq" ON "broadcasts" USING btree ("link_token");--> statement-breakpoint
CREATE INDEX "content_history_item_idx" ON "content_history" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "content_items_status_idx" ON "content_items" USING btree ("status");--> statement-breakpoint
CREATE INDEX "content_items_unit_idx" ON "content_items" USING btree ("unit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "content_versions_item_version_uq" ON "content_versions" USING btree ("item_id","version");