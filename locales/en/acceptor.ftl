acceptor-intro = Acceptors hold USDT and trade with clients at their own fixed prices. Want to become one?
acceptor-apply = 📝 Apply
acceptor-apply-ask = Tell us about yourself: which currencies and payment methods you work with and your experience.
acceptor-apply-invalid = Please write a few sentences (10 to 1000 characters).
acceptor-applied = Application sent. An admin will review it.
acceptor-already-applied = You have already applied.
acceptor-not-approved = This is only for approved acceptors.
acceptor-status-pending = Your application is under review.
acceptor-status-rejected = Your application was not approved.
acceptor-status-suspended = Your acceptor account is suspended.
acceptor-status-approved = You are an approved acceptor.
acceptor-online = 🟢 online
acceptor-offline = ⚪ offline
acceptor-go-online = 🟢 Go online
acceptor-go-offline = ⚪ Go offline
acceptor-panel =
    🏦 Acceptor desk — you are { $state }
    Margin: { $margin } USDT (required now: { $required } USDT, { $bps }% of 24 h volume)
    24 h volume: { $volume } USDT · { $limit }
acceptor-daily-limit = daily limit: { $limit } USDT
acceptor-no-daily-limit = no daily limit

offer-none = No offers yet.
offer-new = ➕ New offer
offer-line = #{ $id } { $side } · { $currency } @ { $price } · { $min }–{ $max } · { $methods } · { $state }
offer-active = active
offer-paused = paused
offer-pause = ⏸ Pause #{ $id }
offer-resume = ▶️ Resume #{ $id }
offer-edit-price = ✏️ Edit #{ $id }
offer-choose-side = Which side does this offer take?
offer-side-buy = I sell USDT (clients buy)
offer-side-sell = I buy USDT (clients sell)
offer-side-button = Please press one of the buttons.
offer-enter-currency = Type the fiat currency code (e.g. CNY).
offer-enter-price = Fixed price in { $currency } per USDT (up to 4 decimals, e.g. 7.2500):
offer-price-example = Example: 7.2500
offer-enter-min = Smallest order in { $currency }:
offer-enter-max = Largest order in { $currency }:
offer-limit-example = Example: 500 or 20,000
offer-max-below-min = The largest order must be at least { $min }.
offer-choose-methods = Which payment methods do you accept? Tap to select, then Done.
offer-methods-done = ✅ Done
offer-methods-none = Select at least one method.
offer-methods-button = Please use the buttons.
offer-created = Offer #{ $id } created.
offer-updated = Offer #{ $id }: { $price } { $currency }/USDT, { $min }–{ $max } { $currency }.
offer-keep = Keep
offer-current = Now: { $value }
offer-bulk-usage = Usage: /pause CNY [method] or /resume CNY [method]
offer-bulk-paused = { $count } { $currency } offers paused.
offer-bulk-resumed = { $count } { $currency } offers resumed.

margin-deposit = ➕ Deposit margin
margin-withdraw = ➖ Withdraw margin
margin-all = All ({ $max } USDT)
margin-ask-deposit = How much USDT should move from your balance into your margin deposit? You can move up to { $max } USDT.
margin-ask-withdraw =
    Margin held: { $margin } USDT · required for your 24 h volume: { $required } USDT.
    How much should go back to your balance? You can withdraw up to { $max } USDT.
margin-nothing-to-deposit = Your balance is empty: deposit USDT to your wallet first.
margin-nothing-to-withdraw = Nothing to withdraw: your margin ({ $margin } USDT) is all needed for your 24 h volume (required: { $required } USDT).
margin-over-max = That is more than you can move now (at most { $max } USDT).
margin-confirm-deposit = Move { $amount } USDT from your balance into your margin deposit? Margin afterwards: { $after } USDT (required: { $required } USDT).
margin-confirm-withdraw = Move { $amount } USDT from your margin deposit back to your balance? Margin afterwards: { $after } USDT (required: { $required } USDT).
margin-done-deposit = ✅ { $amount } USDT moved into your margin deposit. Margin now: { $margin } USDT.
margin-done-withdraw = ✅ { $amount } USDT moved back to your balance. Margin now: { $margin } USDT.
margin-already-done = This was already done.
