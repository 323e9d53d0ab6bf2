CREATE TABLE "followers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zalo_user_id" text NOT NULL,
	"user_id_by_app" text,
	"display_name" text,
	"language" text DEFAULT 'vi' NOT NULL,
	"area_code" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"consent_broadcasts" boolean DEFAULT true NOT NULL,
	"consent_surveys" boolean DEFAULT true NOT NULL,
	"opted_out" boolean DEFAULT false NOT NULL,
	"opted_out_at" timestamp with time zone,
	"following" boolean DEFAULT false NOT NULL,
	"followed_at" timestamp with time zone,
	"unfollowed_at" timestamp with time zone,
	"last_interaction_at" timestamp with time zone,
	"free_replies_used" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "followers_zalo_user_id_unique" UNIQUE("zalo_user_id")
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"follower_id" uuid NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"handoff_status" text DEFAULT 'bot' NOT NULL,
	"handoff_reason" text,
	"assigned_staff_id" text,
	"handoff_at" timestamp with time zone,
	"last_staff_activity_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_follower_id_unique" UNIQUE("follower_id")
);
--> statement-breakpoint
CREATE TABLE "inbox_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"event_name" text NOT NULL,
	"zalo_user_id" text,
	"payload" jsonb NOT NULL,
	"event_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"processed_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "inbox_events_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"follower_id" uuid,
	"zalo_user_id" text NOT NULL,
	"kind" text NOT NULL,
	"message" jsonb NOT NULL,
	"source" text DEFAULT 'bot' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"zalo_message_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_messages_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_follower_id_followers_id_fk" FOREIGN KEY ("follower_id") REFERENCES "public"."followers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_follower_id_followers_id_fk" FOREIGN KEY ("follower_id") REFERENCES "public"."followers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "followers_area_idx" ON "followers" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "followers_interaction_idx" ON "followers" USING btree ("last_interaction_at");--> statement-breakpoint
CREATE INDEX "conversations_handoff_idx" ON "conversations" USING btree ("handoff_status");--> statement-breakpoint
CREATE INDEX "inbox_events_due_idx" ON "inbox_events" USING btree ("id") WHERE status in ('pending', 'processing');--> statement-breakpoint
CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE status in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "outbox_messages_follower_idx" ON "outbox_messages" USING btree ("follower_id");