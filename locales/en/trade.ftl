trade-buy-title = 🟢 Buy USDT
trade-sell-title = 🔴 Sell USDT
trade-side-buy = Buy
trade-side-sell = Sell
trade-choose-currency = Choose the fiat currency (or type its code, e.g. CNY).
trade-unknown-currency = Unknown currency. Press one of the buttons or type a code such as CNY.
trade-currency-not-offered = No acceptor trades that currency right now. Press one of the buttons (or type its code, e.g. CNY).
trade-enter-amount = How much? Type an amount in { $currency } (e.g. 720) or in USDT (e.g. 100 USDT).
trade-amount-expected = Please type the amount as text, in { $currency } or in USDT.
trade-amount-example = Examples: 720 · 1,000.50 · 100 USDT
trade-amount-outside = Acceptors take { $min }–{ $max } { $currency } right now. Type another amount.
trade-no-offers = No acceptor offers this right now. Please try again later.
trade-choose-method = Choose the payment method.
trade-choose-method-button = Please press one of the payment method buttons.
trade-quote =
    { $side } { $usdt } USDT
    Price: { $price } { $currency }/USDT
    Total: { $fiat } { $currency }
    Desk fee: { $fee } USDT
    Payment: { $method }
trade-quote-acceptor = Acceptor: { $completed ->
        [one] { $completed } trade
       *[other] { $completed } trades
    }, { $rate }% completed, releases in ~{ $release } min, rating { $rating }
trade-quote-acceptor-sell = Acceptor: { $completed ->
        [one] { $completed } trade
       *[other] { $completed } trades
    }, { $rate }% completed, rating { $rating }
trade-quote-acceptor-new = Acceptor: new acceptor
trade-quote-receive = You receive: { $amount }
trade-confirm = ✅ Confirm
trade-confirm-expected = Please press Confirm or Cancel.
trade-created = Order #{ $id } created. Its card follows and is kept up to date.
