-- One round trip per ledger transfer: validation, idempotency, conditional balance
-- updates (in account-id order, so concurrent transfers cannot deadlock) and the insert.
-- Errors are raised with a 'ledger:' message prefix that core/ledger maps to typed errors.
CREATE OR REPLACE FUNCTION ledger_transfer(
  p_id text, p_debit bigint, p_credit bigint, p_amount bigint, p_kind text,
  p_pending_id text, p_code text, p_timeout_at timestamptz, p_user_data jsonb
) RETURNS TABLE(result text, t_debit bigint, t_credit bigint, t_amount bigint)
LANGUAGE plpgsql AS $$
DECLARE
  existing transfers%ROWTYPE;
  pend transfers%ROWTYPE;
  amt bigint := p_amount;
  deb bigint := p_debit;
  cre bigint := p_credit;
  first_id bigint;
  n int;
BEGIN
  SELECT * INTO existing FROM transfers WHERE id = p_id;
  IF FOUND THEN
    IF existing.kind <> p_kind
       OR (p_kind IN ('posted', 'pending') AND (existing.debit_account_id <> p_debit OR existing.credit_account_id <> p_credit OR existing.amount <> p_amount))
       OR (p_kind IN ('post_pending', 'void_pending') AND (existing.pending_id IS DISTINCT FROM p_pending_id OR (p_amount IS NOT NULL AND existing.amount <> p_amount)))
       OR existing.code <> p_code THEN
      RAISE EXCEPTION 'ledger:id_conflict' USING DETAIL = p_id;
    END IF;
    RETURN QUERY SELECT 'exists'::text, existing.debit_account_id, existing.credit_account_id, existing.amount;
    RETURN;
  END IF;

  IF p_kind IN ('posted', 'pending') THEN
    IF amt IS NULL OR amt <= 0 THEN RAISE EXCEPTION 'ledger:invalid_amount' USING DETAIL = p_id; END IF;
    IF deb IS NULL OR cre IS NULL OR deb = cre THEN RAISE EXCEPTION 'ledger:invalid_accounts' USING DETAIL = p_id; END IF;
  ELSIF p_kind IN ('post_pending', 'void_pending') THEN
    SELECT * INTO pend FROM transfers WHERE id = p_pending_id;
    IF NOT FOUND OR pend.kind <> 'pending' THEN RAISE EXCEPTION 'ledger:pending_not_found' USING DETAIL = coalesce(p_pending_id, ''); END IF;
    PERFORM 1 FROM transfers WHERE pending_id = p_pending_id;
    IF FOUND THEN RAISE EXCEPTION 'ledger:pending_already_resolved' USING DETAIL = p_pending_id; END IF;
    deb := pend.debit_account_id;
    cre := pend.credit_account_id;
    IF p_kind = 'void_pending' THEN
      amt := pend.amount;
    ELSE
      IF amt IS NULL THEN amt := pend.amount; END IF;
      IF amt < 0 OR amt > pend.amount THEN RAISE EXCEPTION 'ledger:invalid_amount' USING DETAIL = p_id; END IF;
      IF pend.timeout_at IS NOT NULL AND pend.timeout_at < now() THEN RAISE EXCEPTION 'ledger:pending_expired' USING DETAIL = p_pending_id; END IF;
    END IF;
  ELSE
    RAISE EXCEPTION 'ledger:invalid_kind' USING DETAIL = p_kind;
  END IF;

  INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, pending_id, code, timeout_at, user_data)
  VALUES (p_id, deb, cre, amt, p_kind, CASE WHEN p_kind IN ('post_pending', 'void_pending') THEN p_pending_id END, p_code, p_timeout_at, p_user_data)
  ON CONFLICT (id) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n = 0 THEN
    -- A concurrent caller inserted the same id first: answer as a retry would.
    RETURN QUERY SELECT 'exists'::text, t.debit_account_id, t.credit_account_id, t.amount FROM transfers t WHERE t.id = p_id;
    RETURN;
  END IF;

  first_id := least(deb, cre);
  FOR i IN 1..2 LOOP
    IF (i = 1 AND first_id = deb) OR (i = 2 AND first_id <> deb) THEN
      IF p_kind = 'posted' THEN
        UPDATE accounts SET debits_posted = debits_posted + amt
         WHERE id = deb AND (NOT debits_must_not_exceed_credits OR debits_posted + debits_pending + amt <= credits_posted);
      ELSIF p_kind = 'pending' THEN
        UPDATE accounts SET debits_pending = debits_pending + amt
         WHERE id = deb AND (NOT debits_must_not_exceed_credits OR debits_posted + debits_pending + amt <= credits_posted);
      ELSIF p_kind = 'post_pending' THEN
        UPDATE accounts SET debits_pending = debits_pending - pend.amount, debits_posted = debits_posted + amt WHERE id = deb;
      ELSE
        UPDATE accounts SET debits_pending = debits_pending - pend.amount WHERE id = deb;
      END IF;
      GET DIAGNOSTICS n = ROW_COUNT;
      IF n = 0 THEN
        PERFORM 1 FROM accounts WHERE id = deb;
        IF NOT FOUND THEN RAISE EXCEPTION 'ledger:account_not_found' USING DETAIL = deb::text; END IF;
        RAISE EXCEPTION 'ledger:insufficient_funds' USING DETAIL = deb::text;
      END IF;
    ELSE
      IF p_kind = 'posted' THEN
        UPDATE accounts SET credits_posted = credits_posted + amt
         WHERE id = cre AND (NOT credits_must_not_exceed_debits OR credits_posted + credits_pending + amt <= debits_posted);
      ELSIF p_kind = 'pending' THEN
        UPDATE accounts SET credits_pending = credits_pending + amt
         WHERE id = cre AND (NOT credits_must_not_exceed_debits OR credits_posted + credits_pending + amt <= debits_posted);
      ELSIF p_kind = 'post_pending' THEN
        UPDATE accounts SET credits_pending = credits_pending - pend.amount, credits_posted = credits_posted + amt WHERE id = cre;
      ELSE
        UPDATE accounts SET credits_pending = credits_pending - pend.amount WHERE id = cre;
      END IF;
      GET DIAGNOSTICS n = ROW_COUNT;
      IF n = 0 THEN
        PERFORM 1 FROM accounts WHERE id = cre;
        IF NOT FOUND THEN RAISE EXCEPTION 'ledger:account_not_found' USING DETAIL = cre::text; END IF;
        RAISE EXCEPTION 'ledger:exceeds_debits' USING DETAIL = cre::text;
      END IF;
    END IF;
  END LOOP;

  RETURN QUERY SELECT 'created'::text, deb, cre, amt;
END;
$$;
--> statement-breakpoint
-- Transfers are immutable: no UPDATE or DELETE ever.
CREATE OR REPLACE FUNCTION transfers_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger:transfers_are_immutable';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER transfers_no_update BEFORE UPDATE OR DELETE ON transfers FOR EACH ROW EXECUTE FUNCTION transfers_immutable();
--> statement-breakpoint
-- Desk accounts the ledger always has. chain_in / chain_out / faucet are unlimited sources and sinks.
INSERT INTO accounts (owner_type, owner_id, asset, kind, debits_must_not_exceed_credits) VALUES
  ('desk', 0, 'USDT', 'chain_in', false),
  ('desk', 0, 'USDT', 'chain_out', false),
  ('desk', 0, 'USDT', 'faucet', false),
  ('desk', 0, 'USDT', 'fees', true),
  ('desk', 0, 'USDT', 'dust', true)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The fiat currencies the desk advertises, with their ISO 4217 minor-unit exponents.
INSERT INTO currencies (code, exponent, name, sort) VALUES
  ('CNY', 2, 'Chinese Yuan', 1), ('USD', 2, 'US Dollar', 2), ('EUR', 2, 'Euro', 3),
  ('GBP', 2, 'Pound Sterling', 4), ('JPY', 0, 'Japanese Yen', 5), ('KRW', 0, 'South Korean Won', 6),
  ('HKD', 2, 'Hong Kong Dollar', 7), ('TWD', 2, 'New Taiwan Dollar', 8), ('SGD', 2, 'Singapore Dollar', 9),
  ('MYR', 2, 'Malaysian Ringgit', 10), ('THB', 2, 'Thai Baht', 11), ('VND', 0, 'Vietnamese Dong', 12),
  ('IDR', 2, 'Indonesian Rupiah', 13), ('PHP', 2, 'Philippine Peso', 14), ('INR', 2, 'Indian Rupee', 15),
  ('PKR', 2, 'Pakistani Rupee', 16), ('BDT', 2, 'Bangladeshi Taka', 17), ('NGN', 2, 'Nigerian Naira', 18),
  ('KES', 2, 'Kenyan Shilling', 19), ('GHS', 2, 'Ghanaian Cedi', 20), ('ZAR', 2, 'South African Rand', 21),
  ('BRL', 2, 'Brazilian Real', 22), ('RUB', 2, 'Russian Ruble', 23)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO payment_method_kinds (code, name, fields, currencies, sort) VALUES
  ('bank', 'Bank transfer', '["holder","bank","account"]', NULL, 1),
  ('alipay', 'Alipay', '["holder","account"]', '{CNY}', 2),
  ('wechat', 'WeChat Pay', '["holder","account"]', '{CNY}', 3),
  ('cash', 'Cash in person', '["city"]', NULL, 4),
  ('ewallet', 'Local e-wallet', '["provider","holder","account"]', NULL, 5)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO settings (key, value) VALUES
  ('matching_mode', '"auto"'),
  ('payment_window_sec', '900'),
  ('extend_sec', '900'),
  ('extend_when_under_sec', '300'),
  ('release_window_sec', '900'),
  ('appeal_escalate_sec', '1800'),
  ('claim_timeout_sec', '120'),
  ('match_timeout_sec', '600'),
  ('buyer_cancel_limit', '3'),
  ('margin_ratio_bps', '2000'),
  ('dispute_response_target_sec', '14400'),
  ('trade_fee_bps', '10'),
  ('min_order_usdt', '"1000000"'),
  ('max_order_usdt', '"100000000000"'),
  ('kyc_daily_limits', '{"0":"1000000000","1":"10000000000","2":"100000000000"}')
ON CONFLICT DO NOTHING;
