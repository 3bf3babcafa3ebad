CREATE TABLE "deposit_dispositions" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"transfer_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"payer_account" text NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"disposed_on" date NOT NULL,
	"bank_serial" text,
	"document_no" text,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deposit_dispositions_amount" CHECK ("deposit_dispositions"."amount" > 0),
	CONSTRAINT "deposit_dispositions_kind_check" CHECK ("deposit_dispositions"."kind" in ('退还','转定金','抵作价款','没收')),
	CONSTRAINT "deposit_dispositions_forfeit_doc" CHECK ("deposit_dispositions"."kind" <> '没收' or length(btrim(coalesce("deposit_dispositions"."document_no", ''))) > 0)
);
--> statement-breakpoint
CREATE TABLE "deposit_receipts" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"transfer_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"bank_serial" text NOT NULL,
	"payer_name" text NOT NULL,
	"payer_account" text NOT NULL,
	"payer_bank" text,
	"amount" bigint NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deposit_receipts_serial" UNIQUE("center_id","bank_serial"),
	CONSTRAINT "deposit_receipts_amount" CHECK ("deposit_receipts"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "deposit_dispositions" ADD CONSTRAINT "deposit_dispositions_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposit_dispositions" ADD CONSTRAINT "deposit_dispositions_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposit_dispositions" ADD CONSTRAINT "deposit_dispositions_application_id_bid_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."bid_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposit_dispositions" ADD CONSTRAINT "deposit_dispositions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposit_receipts" ADD CONSTRAINT "deposit_receipts_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposit_receipts" ADD CONSTRAINT "deposit_receipts_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposit_receipts" ADD CONSTRAINT "deposit_receipts_application_id_bid_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."bid_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposit_receipts" ADD CONSTRAINT "deposit_receipts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deposit_dispositions_application_idx" ON "deposit_dispositions" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "deposit_receipts_application_idx" ON "deposit_receipts" USING btree ("application_id");--> statement-breakpoint
-- 保证金 records are kept like payments: a receipt or disposition is never changed or deleted.
CREATE TRIGGER deposit_receipts_kept BEFORE UPDATE OR DELETE ON deposit_receipts FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER deposit_dispositions_kept BEFORE UPDATE OR DELETE ON deposit_dispositions FOR EACH ROW EXECUTE FUNCTION refuse_change();
