-- Withdrawal rules an admin can change (micro-USDT as strings; fees per chain).
INSERT INTO settings (key, value) VALUES
  ('withdraw_min_usdt', '"10000000"'),
  ('withdraw_max_usdt', '"50000000000"'),
  ('withdraw_daily_usdt', '"100000000000"'),
  ('withdraw_approval_threshold_usdt', '"5000000000"'),
  ('withdraw_fee_usdt', '{"tron":"1000000","ethereum":"5000000","bsc":"500000","polygon":"200000"}')
ON CONFLICT DO NOTHING;
