## Shared words: menu, buttons, statuses, errors, amounts, payment kinds

menu-buy = 🟢 Buy USDT
menu-sell = 🔴 Sell USDT
menu-wallet = 💰 Wallet
menu-orders = 📋 My orders
menu-methods = 💳 Payment methods
menu-profile = 👤 Profile
menu-acceptor = 🏦 Acceptor
menu-language = 🌐 Language

common-cancel = ✖️ Cancel
common-cancelled = Cancelled. Nothing was changed.
common-nothing-to-cancel = There is nothing to cancel.
common-unknown = I did not understand that. Please use the menu below.

status-created = waiting for an acceptor
status-claimed = waiting for the acceptor to confirm
status-matched = waiting for payment
status-paid = paid, waiting for release
status-released = released
status-cancelled = cancelled
status-expired = expired
status-disputed = under appeal
status-resolved = resolved by an arbitrator

error-internal = Something went wrong on our side. Nothing was changed — please try again in a moment.
error-stale-button = This button is no longer valid.
error-too-fast = Too many requests — please slow down.
error-invalid-amount = That amount is not valid.
error-unknown-currency = This currency is not supported.
error-unknown-payment-method = This payment method is not available for this currency.
error-outside-limits = No acceptor takes this amount right now. Try a different amount.
error-below-minimum = The amount is below the minimum of { $min } USDT.
error-above-maximum = The amount is above the maximum of { $max } USDT.
error-kyc-limit = This would pass your daily limit of { $limit } USDT (used today: { $used } USDT). Verify your identity to raise it.
error-not-found = Not found.
error-forbidden = You are not allowed to do that.
error-not-your-order = This is not your order.
error-invalid-transition = Not possible now: the order is { $status }.
error-already-done = This order is already { $status }.
error-too-early = Too early for that — please wait a little.
error-too-late = Too late for that — the time for it has passed.
error-insufficient-funds = Not enough USDT available.
error-no-acceptor = No acceptor is available for this right now. Please try again later.
error-acceptor-unavailable = That acceptor can no longer take this order.
error-margin-too-low = Your margin deposit is too low (required: { $required } USDT).
error-cancel-limit = You cancelled too many orders today. New buy orders are possible again tomorrow.
error-frozen = Your account is frozen. Please contact support.
error-invalid-input = That input is not valid ({ $field }).
error-missing-payment-details = Add your { $method } receiving details first (💳 Payment methods).
error-ledger-conflict = The balance changed meanwhile. Please try again.

amount-empty = Please type an amount.
amount-format = That is not a number. Use digits and an optional decimal point, e.g. 1000.50 or 1,000.50.
amount-exponent = Please write the number in full digits (e.g. 1000, not 1e3).
amount-non-ascii-digits = Please use the digits 0–9.
amount-negative = The amount must be positive.
amount-zero = The amount must be greater than zero.
amount-precision = Too many decimals: at most { $scale } here.
amount-too-large = That amount is too large.
amount-one-of-fiat-or-usdt = Give the amount either in fiat or in USDT.

method-bank = 🏦 Bank transfer
method-alipay = Alipay
method-wechat = WeChat Pay
method-cash = 💵 Cash in person
method-ewallet = 📱 E-wallet

field-holder = Account holder
field-bank = Bank
field-account = Account number
field-city = City
field-provider = Provider
field-method = Method
field-label = Label
