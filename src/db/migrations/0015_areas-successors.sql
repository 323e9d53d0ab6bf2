ALTER TABLE "areas" ADD COLUMN "successor_code" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "successor_code" text;--> statement-breakpoint
ALTER TABLE "followers" ADD COLUMN "commune_asked_at" timestamp with time zone;