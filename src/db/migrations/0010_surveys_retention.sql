ALTER TABLE "survey_participations" ADD COLUMN "survey_id" text;--> statement-breakpoint
ALTER TABLE "survey_participations" ADD COLUMN "report_year" smallint;