CREATE TABLE "bank_statement_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"bank_serial" text NOT NULL,
	"payer_name" text NOT NULL,
	"payer_account" text NOT NULL,
	"payer_bank" text,
	"amount" bigint NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"summary" text,
	"filename" text NOT NULL,
	"imported_by" integer,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_statement_lines_serial" UNIQUE("center_id","bank_serial"),
	CONSTRAINT "bank_statement_lines_amount" CHECK ("bank_statement_lines"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD CONSTRAINT "bank_statement_lines_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_statement_lines" ADD CONSTRAINT "bank_statement_lines_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bank_statement_lines_received_idx" ON "bank_statement_lines" USING btree ("center_id","received_at");--> statement-breakpoint
-- A bank statement is what the bank printed: its lines are never changed or deleted.
CREATE TRIGGER bank_statement_lines_kept BEFORE UPDATE OR DELETE ON bank_statement_lines FOR EACH ROW EXECUTE FUNCTION refuse_change();
