CREATE TABLE "faq_feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"topic_id" text NOT NULL,
	"helpful" boolean NOT NULL,
	"lang" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "faq_index_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "faq_taught_examples" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"lang" text NOT NULL,
	"topic_id" text,
	"version_number" integer,
	"unanswered_id" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "faq_topic_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"topic_id" text NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"rejected_by" uuid,
	"rejected_at" timestamp with time zone,
	"reject_reason" text,
	CONSTRAINT "faq_topic_versions_number_uq" UNIQUE("topic_id","number")
);
--> statement-breakpoint
CREATE TABLE "faq_topics" (
	"id" text PRIMARY KEY NOT NULL,
	"latest_version" integer NOT NULL,
	"published_version" integer,
	"last_reviewed_at" date,
	"last_reviewed_by" uuid,
	"review_by" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "faq_unanswered" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "faq_unanswered" ADD COLUMN "source" text DEFAULT 'low_confidence' NOT NULL;--> statement-breakpoint
ALTER TABLE "faq_unanswered" ADD COLUMN "reported_topic_id" text;--> statement-breakpoint
ALTER TABLE "faq_unanswered" ADD COLUMN "resolved_topic_id" text;--> statement-breakpoint
ALTER TABLE "faq_unanswered" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "faq_unanswered" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "faq_taught_examples" ADD CONSTRAINT "faq_taught_examples_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faq_topic_versions" ADD CONSTRAINT "faq_topic_versions_topic_id_faq_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."faq_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faq_topic_versions" ADD CONSTRAINT "faq_topic_versions_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faq_topic_versions" ADD CONSTRAINT "faq_topic_versions_submitted_by_staff_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faq_topic_versions" ADD CONSTRAINT "faq_topic_versions_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faq_topic_versions" ADD CONSTRAINT "faq_topic_versions_rejected_by_staff_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faq_topics" ADD CONSTRAINT "faq_topics_last_reviewed_by_staff_id_fk" FOREIGN KEY ("last_reviewed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faq_topics" ADD CONSTRAINT "faq_topics_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "faq_feedback_topic_idx" ON "faq_feedback" USING btree ("topic_id");--> statement-breakpoint
ALTER TABLE "faq_unanswered" ADD CONSTRAINT "faq_unanswered_resolved_by_staff_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;