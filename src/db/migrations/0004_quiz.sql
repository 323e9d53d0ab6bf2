CREATE TABLE "quiz_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" text NOT NULL,
	"round_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"attempt_no" integer NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"questions" jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"answers" jsonb,
	"score" integer,
	"duration_ms" integer,
	"prediction" bigint
);
--> statement-breakpoint
CREATE TABLE "quiz_best_attempts" (
	"round_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"campaign_id" text NOT NULL,
	"attempt_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"prediction" bigint,
	"submitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quiz_campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"organiser_unit" text NOT NULL,
	"audience" text NOT NULL,
	"bank" text NOT NULL,
	"source" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"rules" text NOT NULL,
	"questions_per_round" integer NOT NULL,
	"draw" jsonb NOT NULL,
	"time_limit_seconds" integer NOT NULL,
	"grace_seconds" integer DEFAULT 10 NOT NULL,
	"attempts_per_round" integer DEFAULT 1 NOT NULL,
	"prediction" jsonb,
	"tie_break" jsonb NOT NULL,
	"registration" jsonb NOT NULL,
	"consent_text" text NOT NULL,
	"consent_version" text NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quiz_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" text NOT NULL,
	"zalo_user_id" text NOT NULL,
	"registration" jsonb NOT NULL,
	"commune" text,
	"unit" text,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quiz_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank" text NOT NULL,
	"code" text NOT NULL,
	"type" text NOT NULL,
	"topic" text NOT NULL,
	"difficulty" integer DEFAULT 1 NOT NULL,
	"text" text NOT NULL,
	"options" jsonb NOT NULL,
	"correct" jsonb NOT NULL,
	"explanation" text NOT NULL,
	"source" text NOT NULL,
	"active" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quiz_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" text NOT NULL,
	"no" integer NOT NULL,
	"title" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"actual_count" integer,
	"published_at" timestamp with time zone,
	"published_by" text
);
--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_round_id_quiz_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."quiz_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_participant_id_quiz_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."quiz_participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_participants" ADD CONSTRAINT "quiz_participants_campaign_id_quiz_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."quiz_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_rounds" ADD CONSTRAINT "quiz_rounds_campaign_id_quiz_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."quiz_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempts_one_active_uq" ON "quiz_attempts" USING btree ("participant_id","round_id") WHERE "quiz_attempts"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempts_participant_round_no_uq" ON "quiz_attempts" USING btree ("participant_id","round_id","attempt_no");--> statement-breakpoint
CREATE INDEX "quiz_attempts_round_status_idx" ON "quiz_attempts" USING btree ("round_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_best_attempts_pk" ON "quiz_best_attempts" USING btree ("round_id","participant_id");--> statement-breakpoint
CREATE INDEX "quiz_best_attempts_rank_idx" ON "quiz_best_attempts" USING btree ("round_id","score" DESC NULLS LAST,"duration_ms","submitted_at");--> statement-breakpoint
CREATE INDEX "quiz_best_attempts_campaign_idx" ON "quiz_best_attempts" USING btree ("campaign_id","participant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_participants_campaign_user_uq" ON "quiz_participants" USING btree ("campaign_id","zalo_user_id");--> statement-breakpoint
CREATE INDEX "quiz_participants_campaign_commune_idx" ON "quiz_participants" USING btree ("campaign_id","commune");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_questions_bank_code_uq" ON "quiz_questions" USING btree ("bank","code");--> statement-breakpoint
CREATE INDEX "quiz_questions_bank_topic_idx" ON "quiz_questions" USING btree ("bank","topic");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_rounds_campaign_no_uq" ON "quiz_rounds" USING btree ("campaign_id","no");