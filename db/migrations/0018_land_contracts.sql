CREATE TABLE "contract_instalments" (
	"id" serial PRIMARY KEY NOT NULL,
	"contract_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"amount" bigint NOT NULL,
	"due_on" date NOT NULL,
	CONSTRAINT "contract_instalments_seq" UNIQUE("contract_id","seq"),
	CONSTRAINT "contract_instalments_amount_check" CHECK ("contract_instalments"."amount" > 0 and "contract_instalments"."seq" >= 1)
);
--> statement-breakpoint
CREATE TABLE "land_contracts" (
	"id" serial PRIMARY KEY NOT NULL,
	"center_id" integer NOT NULL,
	"transfer_id" integer NOT NULL,
	"contract_no" text NOT NULL,
	"supervision_no" text,
	"signed_on" date NOT NULL,
	"grantor" text NOT NULL,
	"grantee" text NOT NULL,
	"area" numeric(18, 4),
	"land_use" text,
	"plot_ratio_min" numeric(8, 2),
	"plot_ratio_max" numeric(8, 2),
	"price" bigint NOT NULL,
	"earnest" bigint NOT NULL,
	"delivery_on" date,
	"start_by" date,
	"complete_by" date,
	"extension_doc_no" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "land_contracts_transfer" UNIQUE("transfer_id"),
	CONSTRAINT "land_contracts_center_no" UNIQUE("center_id","contract_no"),
	CONSTRAINT "land_contracts_money_check" CHECK ("land_contracts"."price" > 0 and "land_contracts"."earnest" >= 0 and "land_contracts"."earnest" <= "land_contracts"."price"),
	CONSTRAINT "land_contracts_plot_ratio_check" CHECK ("land_contracts"."plot_ratio_min" is null or "land_contracts"."plot_ratio_max" is null or "land_contracts"."plot_ratio_min" <= "land_contracts"."plot_ratio_max")
);
--> statement-breakpoint
ALTER TABLE "rule_exceptions" DROP CONSTRAINT "rule_exceptions_rule_check";--> statement-breakpoint
ALTER TABLE "contract_instalments" ADD CONSTRAINT "contract_instalments_contract_id_land_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."land_contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "land_contracts" ADD CONSTRAINT "land_contracts_center_id_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "land_contracts" ADD CONSTRAINT "land_contracts_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "land_contracts" ADD CONSTRAINT "land_contracts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_exceptions" ADD CONSTRAINT "rule_exceptions_rule_check" CHECK ("rule_exceptions"."rule" in ('deal-price','notice','deposit','term','bidders','publication','contract-signing'));--> statement-breakpoint
-- A signed contract and its schedule are kept: never changed or deleted.
CREATE TRIGGER land_contracts_kept BEFORE UPDATE OR DELETE ON land_contracts FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER contract_instalments_kept BEFORE UPDATE OR DELETE ON contract_instalments FOR EACH ROW EXECUTE FUNCTION refuse_change();
