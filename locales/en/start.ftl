start-choose-language = Please choose your language.
start-language-set = Language set to English.
start-terms =
    Before you trade, please accept the desk's terms:
    • USDT is held in escrow until the seller confirms the fiat payment.
    • Pay only to the details shown on the order card, from an account in your own name.
    • Disputes are settled by an arbitrator from the order's chat and receipts.
start-terms-accept = ✅ I accept
start-required = Please send /start, choose a language and accept the terms first.
start-welcome = Welcome, { $name }! Choose what you want to do.
start-referral = Your referral link: { $link }
    People you invited: { $count }
help-title = What I can do:
cmd-start = start, choose language, main menu
cmd-buy = buy USDT
cmd-sell = sell USDT
cmd-wallet = balance, deposit, withdraw
cmd-orders = your latest orders
cmd-methods = your receiving payment methods
cmd-profile = your trading record
cmd-acceptor = acceptor desk: offers, online / offline
cmd-kyc = verify your identity
cmd-referral = your referral link
cmd-language = change language
cmd-cancel = stop what you are doing
cmd-help = this list
