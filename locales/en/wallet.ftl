wallet-balance =
    💰 Wallet
    Available: { $available } USDT
    Held (orders, withdrawals): { $held } USDT
    Incoming, unconfirmed: { $incoming } USDT
wallet-deposit = ⬇️ Deposit
wallet-withdraw = ⬆️ Withdraw
wallet-history = 📜 History
wallet-deposit-choose = Which network do you send USDT from?
wallet-deposit-unavailable = Deposits on this network are not available right now.
wallet-deposit-tron = Your TRON (TRC-20) USDT deposit address:
    { $address }
    Send only USDT on TRON. It is credited after the required confirmations.
wallet-deposit-evm = Your ERC-20 / BEP-20 USDT deposit address ({ $chains }):
    { $address }
    Send only USDT. It is credited after the required confirmations.
wallet-history-deposit = ⬇️ { $time } deposit { $amount } USDT on { $chain } — { $status }
wallet-history-withdrawal = ⬆️ { $time } withdrawal #{ $id } { $amount } USDT on { $chain } — { $status }
wallet-history-empty = No deposits or withdrawals yet.
wallet-deposit-status-seen = waiting for confirmations
wallet-deposit-status-credited = credited
wallet-deposit-status-orphaned = dropped by the chain
wallet-withdrawal-status-awaiting-approval = waiting for approval
wallet-withdrawal-status-approved = approved
wallet-withdrawal-status-signed = signed
wallet-withdrawal-status-broadcast = sent
wallet-withdrawal-status-confirmed = confirmed
wallet-withdrawal-status-failed = failed
wallet-withdrawal-status-rejected = rejected

withdraw-choose-chain = Withdraw USDT on which network?
withdraw-chain-button = Please press one of the network buttons.
withdraw-enter-address = Paste the { $chain } address to send to.
withdraw-address-invalid = That is not a valid { $chain } address. Please check it and paste it again.
withdraw-enter-amount = How many USDT? (minimum { $min }; network fee { $fee } USDT)
withdraw-summary =
    Withdraw { $amount } USDT on { $chain }
    To: { $address }
    Network fee: { $fee } USDT
    Total debited: { $total } USDT
withdraw-totp = Enter the 6-digit code from your authenticator app.
withdraw-totp-failed = Too many wrong codes. The withdrawal was not requested.
withdraw-requested = Withdrawal #{ $id } of { $amount } USDT requested. You will be told when it is sent.
withdraw-awaiting-approval = Withdrawal #{ $id } of { $amount } USDT is waiting for an admin's approval.

kyc-start = 🪪 Verify identity
kyc-pending = Your identity verification is being reviewed.
kyc-enter-name = Identity verification. Please type your full legal name.
kyc-name-invalid = Please type your full name as text (2 to 200 characters).
kyc-send-document = Send a photo of your ID document (passport or ID card).
kyc-send-selfie = Now send a selfie holding the same document.
kyc-photo-expected = Please send a photo.
kyc-submitted = Thank you. Your documents were submitted for review.
chain-ethereum = Ethereum
chain-tron = TRON
chain-bsc = BSC
chain-polygon = Polygon
chain-std-tron = TRC-20
chain-std-ethereum = ERC-20
chain-std-bsc = BEP-20
chain-std-polygon = ERC-20
chain-evm = ERC-20 / BEP-20
withdraw-no-chains = Withdrawals are not available right now: no network is configured.
