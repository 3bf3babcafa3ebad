-- A closed year's report is final: what its score is computed from besides the financial records
-- (indicator rows, deductions, satisfaction responses, the project's name and 实际完成目标) takes no
-- change once the year is closed. The app refuses first with its own messages; these triggers hold
-- the rule for every other path into the database, as 0002 does for the financial records.
CREATE FUNCTION refuse_closed_score() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rec record;
  c integer;
  y integer;
BEGIN
  IF TG_OP = 'DELETE' THEN rec := OLD; ELSE rec := NEW; END IF;
  IF TG_TABLE_NAME = 'satisfaction_responses' THEN
    c := rec.center_id; y := rec.year;
  ELSE
    SELECT center_id, year INTO c, y FROM projects WHERE id = rec.project_id;
  END IF;
  IF EXISTS (SELECT 1 FROM closed_years WHERE center_id = c AND year = y) THEN
    RAISE EXCEPTION 'year % of center % is closed', y, c USING ERRCODE = 'P0001', HINT = 'year-closed';
  END IF;
  -- An update that moves a row to another project or year is judged on both sides.
  IF TG_OP = 'UPDATE' THEN
    IF TG_TABLE_NAME = 'satisfaction_responses' THEN
      c := OLD.center_id; y := OLD.year;
    ELSE
      SELECT center_id, year INTO c, y FROM projects WHERE id = OLD.project_id;
    END IF;
    IF EXISTS (SELECT 1 FROM closed_years WHERE center_id = c AND year = y) THEN
      RAISE EXCEPTION 'year % of center % is closed', y, c USING ERRCODE = 'P0001', HINT = 'year-closed';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER indicators_closed_year BEFORE INSERT OR UPDATE OR DELETE ON indicators FOR EACH ROW EXECUTE FUNCTION refuse_closed_score();
--> statement-breakpoint
CREATE TRIGGER deductions_closed_year BEFORE INSERT OR UPDATE OR DELETE ON deductions FOR EACH ROW EXECUTE FUNCTION refuse_closed_score();
--> statement-breakpoint
CREATE TRIGGER satisfaction_closed_year BEFORE INSERT OR UPDATE OR DELETE ON satisfaction_responses FOR EACH ROW EXECUTE FUNCTION refuse_closed_score();
--> statement-breakpoint
CREATE FUNCTION refuse_closed_project_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.name, OLD.year, OLD.budget_unit, OLD.target, OLD.actual_goal) IS DISTINCT FROM (NEW.name, NEW.year, NEW.budget_unit, NEW.target, NEW.actual_goal)
     AND EXISTS (SELECT 1 FROM closed_years WHERE center_id = OLD.center_id AND year = OLD.year) THEN
    RAISE EXCEPTION 'project % of a closed year cannot be changed', OLD.id USING ERRCODE = 'P0001', HINT = 'year-closed';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER projects_closed_year BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION refuse_closed_project_change();
