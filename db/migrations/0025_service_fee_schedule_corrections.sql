ALTER TABLE "service_fee_schedules" DROP CONSTRAINT "service_fee_schedules_from";--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD COLUMN "supersedes_id" integer;--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD CONSTRAINT "service_fee_schedules_supersedes_id_service_fee_schedules_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."service_fee_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "service_fee_schedules_from" ON "service_fee_schedules" USING btree ("center_id","parcel_kind","effective_from",coalesce("supersedes_id", 0));--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD CONSTRAINT "service_fee_schedules_supersedes_once" UNIQUE("supersedes_id");--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD CONSTRAINT "service_fee_schedules_reason_check" CHECK (("service_fee_schedules"."supersedes_id" is null) = ("service_fee_schedules"."reason" is null));