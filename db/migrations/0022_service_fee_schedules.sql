CREATE TABLE "service_fee_schedules" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"parcel_kind" text NOT NULL,
	"effective_from" date NOT NULL,
	"document_no" text NOT NULL,
	"method" text NOT NULL,
	"fixed_amount" bigint,
	"rate" numeric(9, 4),
	"tiers" jsonb,
	"cap" bigint,
	"payer" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_fee_schedules_from" UNIQUE("center_id","parcel_kind","effective_from"),
	CONSTRAINT "service_fee_schedules_method_check" CHECK ("service_fee_schedules"."method" in ('按宗固定','按成交价比例','分档累进')),
	CONSTRAINT "service_fee_schedules_payer_check" CHECK ("service_fee_schedules"."payer" in ('受让人','出让人')),
	CONSTRAINT "service_fee_schedules_shape" CHECK (("service_fee_schedules"."method" = '按宗固定' and "service_fee_schedules"."fixed_amount" is not null and "service_fee_schedules"."cap" is null)
    or ("service_fee_schedules"."method" = '按成交价比例' and "service_fee_schedules"."rate" is not null)
    or ("service_fee_schedules"."method" = '分档累进' and "service_fee_schedules"."tiers" is not null))
);
--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD CONSTRAINT "service_fee_schedules_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD CONSTRAINT "service_fee_schedules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TRIGGER service_fee_schedules_kept BEFORE UPDATE OR DELETE ON service_fee_schedules FOR EACH ROW EXECUTE FUNCTION refuse_change();
