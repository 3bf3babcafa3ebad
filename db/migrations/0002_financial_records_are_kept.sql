-- Financial records are never updated or deleted: a correction is a new record (a 调减, a
-- reversal 冲销). These triggers hold that rule for every path into the database, not only the
-- app's routes. A paid payment is frozen; a closed year takes no new dated record.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'financial record % in % cannot be changed or deleted; record a correction instead', OLD.id, TG_TABLE_NAME
    USING ERRCODE = 'P0001', HINT = 'financial-record-kept';
END $$;
--> statement-breakpoint
CREATE TRIGGER budget_entries_kept BEFORE UPDATE OR DELETE ON budget_entries FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER fund_arrivals_kept BEFORE UPDATE OR DELETE ON fund_arrivals FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER remittances_kept BEFORE UPDATE OR DELETE ON remittances FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER payment_steps_kept BEFORE UPDATE OR DELETE ON payment_steps FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE FUNCTION payments_keep_paid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status = '已支付' THEN
    RAISE EXCEPTION 'payment % cannot be changed or deleted once paid (or ever deleted); reverse it instead', OLD.id
      USING ERRCODE = 'P0001', HINT = 'financial-record-kept';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER payments_kept BEFORE UPDATE OR DELETE ON payments FOR EACH ROW EXECUTE FUNCTION payments_keep_paid();
--> statement-breakpoint
CREATE FUNCTION refuse_closed_year() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d date;
  c integer;
BEGIN
  IF TG_TABLE_NAME = 'payments' THEN
    IF NEW.status <> '已支付' THEN RETURN NEW; END IF;
    d := NEW.paid_on; c := NEW.center_id;
  ELSIF TG_TABLE_NAME = 'remittances' THEN
    d := NEW.remitted_on; c := NEW.center_id;
  ELSIF TG_TABLE_NAME = 'budget_entries' THEN
    d := NEW.entry_date; SELECT center_id INTO c FROM projects WHERE id = NEW.project_id;
  ELSE
    d := NEW.arrived_on; SELECT center_id INTO c FROM projects WHERE id = NEW.project_id;
  END IF;
  IF EXISTS (SELECT 1 FROM closed_years WHERE center_id = c AND year = extract(year FROM d)) THEN
    RAISE EXCEPTION 'year % of center % is closed', extract(year FROM d), c
      USING ERRCODE = 'P0001', HINT = 'year-closed';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER payments_closed_year BEFORE INSERT OR UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION refuse_closed_year();
--> statement-breakpoint
CREATE TRIGGER remittances_closed_year BEFORE INSERT ON remittances FOR EACH ROW EXECUTE FUNCTION refuse_closed_year();
--> statement-breakpoint
CREATE TRIGGER budget_entries_closed_year BEFORE INSERT ON budget_entries FOR EACH ROW EXECUTE FUNCTION refuse_closed_year();
--> statement-breakpoint
CREATE TRIGGER fund_arrivals_closed_year BEFORE INSERT ON fund_arrivals FOR EACH ROW EXECUTE FUNCTION refuse_closed_year();
