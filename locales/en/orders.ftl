card-title-buy-trader = 🧾 Order #{ $id } · you buy USDT
card-title-sell-trader = 🧾 Order #{ $id } · you sell USDT
card-title-buy-acceptor = 🧾 Order #{ $id } · you sell USDT to a client
card-title-sell-acceptor = 🧾 Order #{ $id } · you buy USDT from a client
card-status = Status: { $status }
card-amount = Amount: { $fiat } { $currency } = { $usdt } USDT
card-price = Price: { $price } { $currency }/USDT
card-method = Payment: { $method }
card-pay-to = Pay to:
card-deadline-claim = Confirm before { $time }
card-deadline-pay = Pay before { $time }
card-appeal-after = Appeal possible after { $time }
card-deadline-claim-wait = Waiting for the acceptor to confirm (until { $time })
card-appeal-open = You may appeal now if there is a problem.
card-receipt = 📎 Receipt attached.
card-rate-prompt = ⭐ Rate your counterparty:
card-chat-hint = 💬 Reply to this message to write to the other side (anonymous, kept as evidence).
card-reassigned = Order #{ $id } is no longer assigned to you.
card-btn-cancel = ✖️ Cancel
card-btn-confirm = ✅ Confirm & lock
card-btn-decline = ↩️ Decline
card-btn-paid = 💸 I have paid
card-btn-release = ✅ Confirm received / Release
card-btn-extend = ⏱ Extend
card-btn-appeal = ⚖️ Appeal
card-btn-claim = ✋ Accept

order-state-now = Order #{ $id } is { $status } — this button no longer applies.
order-done-cancel = Order #{ $id } cancelled.
order-done-confirm = Order #{ $id } confirmed, funds locked.
order-done-decline = Order #{ $id } declined.
order-done-release = Order #{ $id } released.
order-done-extend = Order #{ $id } extended.
order-done-rate = Thank you for rating!
release-totp = Order #{ $id }: enter the 6-digit code from your authenticator app to release.
release-confirm-ask = ❓ Did you receive { $fiat } { $currency }? Release { $usdt } USDT to the buyer? This cannot be undone.
release-confirm-yes = ✅ Yes, release
release-confirm-back = ↩️ Back

orders-title = Your latest orders:
orders-empty = You have no orders yet.
orders-line = #{ $id } · { $side } { $usdt } USDT · { $fiat } { $currency } · { $status }

group-title-buy = 🟢 Order #{ $id }: a client buys USDT
group-title-sell = 🔴 Order #{ $id }: a client sells USDT
group-btn-accept = ✋ Accept
group-taken = Taken by { $name }
group-won = You took order #{ $id }. Confirm it in our private chat.
group-lost = Order #{ $id } was already taken by someone else.
group-not-eligible = You cannot take order #{ $id }: it needs an approved acceptor who is online with a matching offer and enough USDT and margin.

receipt-ask = Order #{ $id }: send a photo of the payment receipt, or press Skip.
receipt-skip = Skip
receipt-photo-expected = Please send a photo of the receipt (or press Skip).
receipt-done = Order #{ $id } marked as paid. The seller has been told.

appeal-ask = Order #{ $id }: describe the problem in a few words. An arbitrator will review the chat and the receipts.
appeal-reason-expected = Please describe the problem as text (5 to 1000 characters).
appeal-done = Appeal opened for order #{ $id }. An arbitrator will contact you.

chat-sent = ✉️ Sent to the other side.
chat-relay = 💬 Order #{ $id }: { $text }
chat-closed = The chat of this order is closed: it is { $status }.
chat-text-or-photo = Only text and photos can be sent.
chat-too-long = The message is too long (2000 characters at most).
