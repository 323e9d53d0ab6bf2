CREATE TABLE "plan_documents" (
	"year" integer PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"origin" text NOT NULL,
	"document" jsonb NOT NULL,
	"editors" jsonb NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_narratives" (
	"unit_code" text NOT NULL,
	"period_key" text NOT NULL,
	"achievements" text DEFAULT '' NOT NULL,
	"limits" text DEFAULT '' NOT NULL,
	"proposals" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_by" text,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "report_narratives_unit_code_period_key_pk" PRIMARY KEY("unit_code","period_key")
);
--> statement-breakpoint
CREATE TABLE "demo_registry" (
	"table_name" text NOT NULL,
	"row_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_registry_table_name_row_key_pk" PRIMARY KEY("table_name","row_key")
);
