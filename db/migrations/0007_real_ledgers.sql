CREATE TABLE "import_mappings" (
	"center_id" integer NOT NULL,
	"shape" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_center_id_shape_pk" PRIMARY KEY("center_id","shape")
);
--> statement-breakpoint
CREATE TABLE "record_warnings" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"entity" text NOT NULL,
	"entity_id" integer NOT NULL,
	"kind" text NOT NULL,
	"ledger_column" text,
	"message" text NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_uploads" ADD COLUMN "mapping" jsonb;--> statement-breakpoint
ALTER TABLE "import_uploads" ADD COLUMN "center_id" integer;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "all_rounds" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_warnings" ADD CONSTRAINT "record_warnings_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "record_warnings_entity_idx" ON "record_warnings" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "record_warnings_center_idx" ON "record_warnings" USING btree ("center_id","id");--> statement-breakpoint
ALTER TABLE "import_uploads" ADD CONSTRAINT "import_uploads_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_all_rounds_check" CHECK (not "payments"."all_rounds" or ("payments"."transfer_id" is not null and "payments"."category" = '拍卖机构劳务费'));--> statement-breakpoint
-- A record's warnings are kept like the record: never changed, never deleted.
CREATE TRIGGER record_warnings_kept BEFORE UPDATE OR DELETE ON record_warnings FOR EACH ROW EXECUTE FUNCTION refuse_change();
