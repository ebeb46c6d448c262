payin-page-title = Payment { $reference }
payin-amount-label = Amount to pay
payin-pay-exactly = Send exactly this amount, in one transfer, to the account below.
payin-method-label = Payment method
payin-reference-label = Reference (put it in the transfer note)
payin-expires-label = Pay before
payin-minutes-left = { $minutes ->
    [one] { $minutes } minute left
   *[other] { $minutes } minutes left
}
payin-button-sent = I have sent the payment
payin-sent-confirm-hint = Press only after the transfer has left your account.
payin-status-pending = Finding a payment partner for you… This page refreshes by itself.
payin-status-awaiting = Waiting for your payment.
payin-status-sent = Thank you. We are waiting for the recipient to confirm your payment. This page refreshes by itself.
payin-status-paid = Payment received. You can close this page.
payin-status-cancelled = This payment was cancelled. Do not send money to it.
payin-status-expired = This payment has expired. Do not send money to it; ask the shop for a new one.
payin-status-disputed = Your payment is being reviewed by our support team.
payin-not-found-title = Payment not found
payin-not-found = This payment link is not valid.
payin-error-generic = Something went wrong; please try again.
payin-language = Language
payin-method-bank = Bank transfer
payin-method-alipay = Alipay
payin-method-wechat = WeChat Pay
payin-method-cash = Cash in person
payin-method-ewallet = E-wallet
payin-field-holder = Account holder
payin-field-bank = Bank
payin-field-account = Account
payin-field-city = City
payin-field-provider = Provider
payin-field-other = { $field }
