ALTER TABLE "surveys" ADD COLUMN "named" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Surveys answered before the choice existed were read by name on the staff page: they stay 实名.
UPDATE "surveys" SET "named" = true;
