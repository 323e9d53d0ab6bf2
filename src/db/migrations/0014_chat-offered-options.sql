CREATE TABLE "chat_offered_options" (
	"zalo_user_id" text PRIMARY KEY NOT NULL,
	"options" jsonb NOT NULL,
	"offered_at" timestamp with time zone NOT NULL
);
