## 通用：菜单、按钮、状态、错误、金额、支付方式

menu-buy = 🟢 购买 USDT
menu-sell = 🔴 出售 USDT
menu-wallet = 💰 钱包
menu-orders = 📋 我的订单
menu-methods = 💳 收款方式
menu-profile = 👤 个人资料
menu-acceptor = 🏦 承兑商
menu-language = 🌐 语言

common-cancel = ✖️ 取消
common-cancelled = 已取消，未做任何更改。
common-nothing-to-cancel = 没有可取消的操作。
common-unknown = 没看懂。请使用下方菜单。

status-created = 等待承兑商接单
status-claimed = 等待承兑商确认
status-matched = 等待付款
status-paid = 已付款，等待放币
status-released = 已放币
status-cancelled = 已取消
status-expired = 已过期
status-disputed = 申诉中
status-resolved = 已由仲裁员处理

error-internal = 我们这边出了点问题，未做任何更改，请稍后重试。
error-stale-button = 此按钮已失效。
error-too-fast = 请求过于频繁，请稍候。
error-invalid-amount = 金额无效。
error-unknown-currency = 不支持该币种。
error-unknown-payment-method = 该币种不支持此支付方式。
error-outside-limits = 目前没有承兑商接受这个金额，请换一个金额。
error-below-minimum = 金额低于最低限额 { $min } USDT。
error-above-maximum = 金额高于最高限额 { $max } USDT。
error-kyc-limit = 这将超过您的每日限额 { $limit } USDT（今日已用 { $used } USDT）。完成身份认证可提高限额。
error-not-found = 未找到。
error-forbidden = 您无权执行此操作。
error-not-your-order = 这不是您的订单。
error-invalid-transition = 现在无法操作：订单状态为「{ $status }」。
error-already-done = 该订单已经是「{ $status }」状态。
error-too-early = 时间未到，请稍候。
error-too-late = 太晚了，已超过可操作时间。
error-insufficient-funds = 可用 USDT 不足。
error-no-acceptor = 目前没有可用的承兑商，请稍后再试。
error-acceptor-unavailable = 该承兑商已无法接这个订单。
error-margin-too-low = 您的保证金不足（需要：{ $required } USDT）。
error-cancel-limit = 您今天取消的订单过多，明天才能再下买单。
error-frozen = 您的账户已被冻结，请联系客服。
error-invalid-input = 输入无效（{ $field }）。
error-missing-payment-details = 请先添加您的 { $method } 收款信息（💳 收款方式）。
error-ledger-conflict = 余额已发生变化，请重试。

amount-empty = 请输入金额。
amount-format = 这不是数字。请使用数字和可选的小数点，例如 1000.50 或 1,000.50。
amount-exponent = 请写出完整数字（例如 1000，而不是 1e3）。
amount-non-ascii-digits = 请使用数字 0–9。
amount-negative = 金额必须为正数。
amount-zero = 金额必须大于零。
amount-precision = 小数位过多：此处最多 { $scale } 位。
amount-too-large = 金额过大。
amount-one-of-fiat-or-usdt = 请用法币或 USDT 其中一种表示金额。

method-bank = 🏦 银行转账
method-alipay = 支付宝
method-wechat = 微信支付
method-cash = 💵 当面现金
method-ewallet = 📱 电子钱包

field-holder = 户名
field-bank = 银行
field-account = 账号
field-city = 城市
field-provider = 服务商
field-method = 方式
field-label = 备注
