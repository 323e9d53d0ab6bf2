CREATE TABLE "survey_daily_counts" (
	"survey_id" text NOT NULL,
	"day" date NOT NULL,
	"report_year" smallint NOT NULL,
	"slot" smallint NOT NULL,
	"area_code" text NOT NULL,
	"segment" text NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"understands" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "survey_daily_counts_survey_id_day_area_code_segment_pk" PRIMARY KEY("survey_id","day","area_code","segment")
);
