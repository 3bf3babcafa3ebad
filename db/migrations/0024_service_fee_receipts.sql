CREATE TABLE "service_fee_receipts" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"transfer_id" integer NOT NULL,
	"invoice_no" text NOT NULL,
	"amount" bigint NOT NULL,
	"invoiced_on" date NOT NULL,
	"collected_on" date NOT NULL,
	"reverses_id" integer,
	"reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_fee_receipts_reverses_once" UNIQUE("reverses_id"),
	CONSTRAINT "service_fee_receipts_amount_check" CHECK (("service_fee_receipts"."reverses_id" is null and "service_fee_receipts"."amount" > 0) or ("service_fee_receipts"."reverses_id" is not null and "service_fee_receipts"."amount" < 0 and length(btrim("service_fee_receipts"."reason")) > 0))
);
--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD COLUMN "remit_rule" text;--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD COLUMN "remit_days" integer;--> statement-breakpoint
ALTER TABLE "service_fee_receipts" ADD CONSTRAINT "service_fee_receipts_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_fee_receipts" ADD CONSTRAINT "service_fee_receipts_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_fee_receipts" ADD CONSTRAINT "service_fee_receipts_reverses_id_service_fee_receipts_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."service_fee_receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_fee_receipts" ADD CONSTRAINT "service_fee_receipts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_fee_receipts_invoice_idx" ON "service_fee_receipts" USING btree ("center_id","invoice_no");--> statement-breakpoint
CREATE INDEX "service_fee_receipts_center_idx" ON "service_fee_receipts" USING btree ("center_id","collected_on");--> statement-breakpoint
CREATE INDEX "service_fee_receipts_transfer_idx" ON "service_fee_receipts" USING btree ("transfer_id");--> statement-breakpoint
ALTER TABLE "service_fee_schedules" ADD CONSTRAINT "service_fee_schedules_remit_check" CHECK (("service_fee_schedules"."remit_rule" is null and "service_fee_schedules"."remit_days" is null)
    or ("service_fee_schedules"."remit_rule" = '收款后天数' and "service_fee_schedules"."remit_days" between 1 and 366)
    or ("service_fee_schedules"."remit_rule" = '按季' and "service_fee_schedules"."remit_days" between 1 and 31));--> statement-breakpoint
CREATE TRIGGER service_fee_receipts_kept BEFORE UPDATE OR DELETE ON service_fee_receipts FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE FUNCTION refuse_closed_year_fee_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM closed_years WHERE center_id = NEW.center_id AND year = extract(year FROM NEW.collected_on)) THEN
    RAISE EXCEPTION 'year % of center % is closed', extract(year FROM NEW.collected_on), NEW.center_id
      USING ERRCODE = 'P0001', HINT = 'year-closed';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER service_fee_receipts_closed_year BEFORE INSERT ON service_fee_receipts FOR EACH ROW EXECUTE FUNCTION refuse_closed_year_fee_receipt();
