acceptor-intro = 承兑商持有 USDT，以自己设定的固定价格与客户交易。想成为承兑商吗？
acceptor-apply = 📝 申请
acceptor-apply-ask = 请介绍一下自己：您使用哪些币种和支付方式，以及您的经验。
acceptor-apply-invalid = 请写几句话（10 到 1000 个字符）。
acceptor-applied = 申请已提交，管理员将进行审核。
acceptor-already-applied = 您已经提交过申请。
acceptor-not-approved = 仅限已审核通过的承兑商。
acceptor-status-pending = 您的申请正在审核中。
acceptor-status-rejected = 您的申请未通过。
acceptor-status-suspended = 您的承兑商账户已被暂停。
acceptor-status-approved = 您是已审核通过的承兑商。
acceptor-online = 🟢 在线
acceptor-offline = ⚪ 离线
acceptor-go-online = 🟢 上线
acceptor-go-offline = ⚪ 下线
acceptor-panel =
    🏦 承兑商面板 — 当前{ $state }
    保证金：{ $margin } USDT（当前要求：{ $required } USDT，为 24 小时交易量的 { $bps }%）
    24 小时交易量：{ $volume } USDT · { $limit }
acceptor-daily-limit = 每日限额：{ $limit } USDT
acceptor-no-daily-limit = 无每日限额

offer-none = 还没有报价。
offer-new = ➕ 新建报价
offer-line = #{ $id } { $side } · { $currency } @ { $price } · { $min }–{ $max } · { $methods } · { $state }
offer-active = 生效中
offer-paused = 已暂停
offer-pause = ⏸ 暂停 #{ $id }
offer-resume = ▶️ 恢复 #{ $id }
offer-edit-price = ✏️ 编辑 #{ $id }
offer-choose-side = 此报价是哪个方向？
offer-side-buy = 我出售 USDT（客户购买）
offer-side-sell = 我购买 USDT（客户出售）
offer-side-button = 请点击一个按钮。
offer-enter-currency = 请输入法币代码（例如 CNY）。
offer-enter-price = 每 USDT 的固定价格（{ $currency }，最多 4 位小数，例如 7.2500）：
offer-price-example = 示例：7.2500
offer-enter-min = 最小订单金额（{ $currency }）：
offer-enter-max = 最大订单金额（{ $currency }）：
offer-limit-example = 示例：500 或 20,000
offer-max-below-min = 最大金额不能小于 { $min }。
offer-choose-methods = 您接受哪些支付方式？点击选择，然后点「完成」。
offer-methods-done = ✅ 完成
offer-methods-none = 请至少选择一种方式。
offer-methods-button = 请使用按钮。
offer-created = 报价 #{ $id } 已创建。
offer-updated = 报价 #{ $id }：{ $price } { $currency }/USDT，{ $min }–{ $max } { $currency }。
offer-keep = 保持不变
offer-current = 当前：{ $value }
offer-bulk-usage = 用法：/pause CNY [方式] 或 /resume CNY [方式]
offer-bulk-paused = 已暂停 { $count } 个 { $currency } 报价。
offer-bulk-resumed = 已恢复 { $count } 个 { $currency } 报价。

margin-deposit = ➕ 存入保证金
margin-withdraw = ➖ 提取保证金
margin-all = 全部（{ $max } USDT）
margin-ask-deposit = 要从余额转入保证金多少 USDT？最多可转 { $max } USDT。
margin-ask-withdraw =
    当前保证金：{ $margin } USDT · 24 小时交易量所需：{ $required } USDT。
    要转回余额多少？最多可提取 { $max } USDT。
margin-nothing-to-deposit = 您的余额为空：请先向钱包充值 USDT。
margin-nothing-to-withdraw = 无可提取金额：您的保证金（{ $margin } USDT）全部用于 24 小时交易量（所需：{ $required } USDT）。
margin-over-max = 超出当前可转金额（最多 { $max } USDT）。
margin-confirm-deposit = 确认从余额转入保证金 { $amount } USDT？转入后保证金：{ $after } USDT（所需：{ $required } USDT）。
margin-confirm-withdraw = 确认从保证金转回余额 { $amount } USDT？转出后保证金：{ $after } USDT（所需：{ $required } USDT）。
margin-done-deposit = ✅ 已将 { $amount } USDT 转入保证金。当前保证金：{ $margin } USDT。
margin-done-withdraw = ✅ 已将 { $amount } USDT 转回余额。当前保证金：{ $margin } USDT。
margin-already-done = 此操作已完成。
