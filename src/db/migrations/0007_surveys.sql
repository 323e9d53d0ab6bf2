CREATE TABLE "survey_answer_tallies" (
	"survey_id" text NOT NULL,
	"day" date NOT NULL,
	"question_id" text NOT NULL,
	"answer" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "survey_answer_tallies_survey_id_day_question_id_answer_pk" PRIMARY KEY("survey_id","day","question_id","answer")
);
--> statement-breakpoint
CREATE TABLE "survey_participations" (
	"key_hash" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" text NOT NULL,
	"version" integer NOT NULL,
	"day" date NOT NULL,
	"report_year" smallint NOT NULL,
	"slot" smallint NOT NULL,
	"area_code" text,
	"segment" text,
	"understands" boolean NOT NULL,
	"knowledge_correct" smallint NOT NULL,
	"answers" jsonb NOT NULL,
	"channel" text NOT NULL,
	"language" text DEFAULT 'vi' NOT NULL,
	"consent_given" boolean NOT NULL,
	"respondent_zalo_id" text
);
--> statement-breakpoint
CREATE TABLE "survey_versions" (
	"survey_id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"source" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_versions_survey_id_version_pk" PRIMARY KEY("survey_id","version")
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" text PRIMARY KEY NOT NULL,
	"current_version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "survey_responses_report_idx" ON "survey_responses" USING btree ("survey_id","report_year","slot");--> statement-breakpoint
CREATE INDEX "survey_responses_day_idx" ON "survey_responses" USING btree ("survey_id","day");