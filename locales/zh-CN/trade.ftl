trade-buy-title = 🟢 购买 USDT
trade-sell-title = 🔴 出售 USDT
trade-side-buy = 购买
trade-side-sell = 出售
trade-choose-currency = 请选择法币（或输入币种代码，例如 CNY）。
trade-unknown-currency = 未知币种。请点击按钮或输入代码，例如 CNY。
trade-currency-not-offered = 当前没有承兑商交易该币种。请点击按钮（或输入代码，例如 CNY）。
trade-enter-amount = 金额是多少？请输入 { $currency } 金额（例如 720）或 USDT 数量（例如 100 USDT）。
trade-amount-expected = 请以文字输入金额，单位为 { $currency } 或 USDT。
trade-amount-example = 示例：720 · 1,000.50 · 100 USDT
trade-amount-outside = 当前承兑商接受 { $min }–{ $max } { $currency }。请输入其他金额。
trade-no-offers = 当前没有承兑商提供此交易，请稍后再试。
trade-choose-method = 请选择支付方式。
trade-choose-method-button = 请点击一个支付方式按钮。
trade-quote =
    { $side } { $usdt } USDT
    价格：{ $price } { $currency }/USDT
    总额：{ $fiat } { $currency }
    平台手续费：{ $fee } USDT
    支付方式：{ $method }
trade-quote-acceptor = 承兑商：{ $completed } 笔交易，完成率 { $rate }%，平均约 { $release } 分钟放币，评分 { $rating }
trade-quote-acceptor-sell = 承兑商：{ $completed } 笔交易，完成率 { $rate }%，评分 { $rating }
trade-quote-acceptor-new = 承兑商：新承兑商
trade-quote-receive = 您将收到：{ $amount }
trade-confirm = ✅ 确认
trade-confirm-expected = 请点击「确认」或「取消」。
trade-created = 订单 #{ $id } 已创建。订单卡片随后发送，并会实时更新。
