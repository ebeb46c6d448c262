-- An account's id, created on first use, callable inside the statement that needs it
-- (one round trip instead of a lookup, then the transfer).
CREATE OR REPLACE FUNCTION ensure_account(p_owner_type text, p_owner_id bigint, p_kind text, p_limited boolean)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE r bigint;
BEGIN
  SELECT id INTO r FROM accounts WHERE owner_type = p_owner_type AND owner_id = p_owner_id AND asset = 'USDT' AND kind = p_kind;
  IF FOUND THEN RETURN r; END IF;
  INSERT INTO accounts (owner_type, owner_id, asset, kind, debits_must_not_exceed_credits)
  VALUES (p_owner_type, p_owner_id, 'USDT', p_kind, p_limited)
  ON CONFLICT (owner_type, owner_id, asset, kind) DO NOTHING RETURNING id INTO r;
  IF r IS NULL THEN
    SELECT id INTO r FROM accounts WHERE owner_type = p_owner_type AND owner_id = p_owner_id AND asset = 'USDT' AND kind = p_kind;
  END IF;
  RETURN r;
END;
$$;
--> statement-breakpoint
-- An acceptor's matched volume per hour follows the orders themselves: added when an order
-- becomes matched, taken back when a matched order is cancelled or expires.
CREATE OR REPLACE FUNCTION orders_track_volume() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'matched' AND NEW.acceptor_id IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.status <> 'matched') THEN
    INSERT INTO acceptor_volume (acceptor_id, hour, amount)
    VALUES (NEW.acceptor_id, date_trunc('hour', NEW.created_at, 'UTC'), NEW.usdt_amount)
    ON CONFLICT (acceptor_id, hour) DO UPDATE SET amount = acceptor_volume.amount + excluded.amount;
  ELSIF TG_OP = 'UPDATE' AND OLD.status = 'matched' AND NEW.status IN ('cancelled', 'expired') THEN
    UPDATE acceptor_volume SET amount = amount - OLD.usdt_amount
    WHERE acceptor_id = OLD.acceptor_id AND hour = date_trunc('hour', OLD.created_at, 'UTC');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER orders_volume AFTER INSERT OR UPDATE OF status ON orders FOR EACH ROW EXECUTE FUNCTION orders_track_volume();
