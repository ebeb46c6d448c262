card-title-buy-trader = 🧾 订单 #{ $id } · 您购买 USDT
card-title-sell-trader = 🧾 订单 #{ $id } · 您出售 USDT
card-title-buy-acceptor = 🧾 订单 #{ $id } · 您向客户出售 USDT
card-title-sell-acceptor = 🧾 订单 #{ $id } · 您向客户购买 USDT
card-status = 状态：{ $status }
card-amount = 金额：{ $fiat } { $currency } = { $usdt } USDT
card-price = 价格：{ $price } { $currency }/USDT
card-method = 支付方式：{ $method }
card-pay-to = 收款信息：
card-deadline-claim = 请在 { $time } 前确认
card-deadline-pay = 请在 { $time } 前付款
card-appeal-after = { $time } 后可申诉
card-deadline-claim-wait = 等待承兑商确认（截至 { $time }）
card-appeal-open = 如有问题，现在可以申诉。
card-receipt = 📎 已附付款凭证。
card-rate-prompt = ⭐ 请为对方评分：
card-chat-hint = 💬 回复此消息即可与对方沟通（匿名，并作为证据保存）。
card-reassigned = 订单 #{ $id } 已不再分配给您。
card-btn-cancel = ✖️ 取消
card-btn-confirm = ✅ 确认并锁定
card-btn-decline = ↩️ 拒绝
card-btn-paid = 💸 我已付款
card-btn-release = ✅ 确认收款 / 放币
card-btn-extend = ⏱ 延长
card-btn-appeal = ⚖️ 申诉
card-btn-claim = ✋ 接单

order-state-now = 订单 #{ $id } 当前为「{ $status }」，此按钮已不适用。
order-done-cancel = 订单 #{ $id } 已取消。
order-done-confirm = 订单 #{ $id } 已确认，资金已锁定。
order-done-decline = 已拒绝订单 #{ $id }。
order-done-release = 订单 #{ $id } 已放币。
order-done-extend = 订单 #{ $id } 已延长。
order-done-rate = 感谢您的评价！
release-totp = 订单 #{ $id }：请输入身份验证器中的 6 位验证码以放币。
release-confirm-ask = ❓ 您是否已收到 { $fiat } { $currency }？确认向买方放行 { $usdt } USDT？此操作不可撤销。
release-confirm-yes = ✅ 确认放币
release-confirm-back = ↩️ 返回

orders-title = 您最近的订单：
orders-empty = 您还没有订单。
orders-line = #{ $id } · { $side } { $usdt } USDT · { $fiat } { $currency } · { $status }

group-title-buy = 🟢 订单 #{ $id }：客户购买 USDT
group-title-sell = 🔴 订单 #{ $id }：客户出售 USDT
group-btn-accept = ✋ 接单
group-taken = 已被 { $name } 接单
group-won = 您已接下订单 #{ $id }，请在私聊中确认。
group-lost = 订单 #{ $id } 已被他人接走。
group-not-eligible = 您无法接订单 #{ $id }：需要已认证、在线、有匹配报价且 USDT 和保证金充足的承兑商。

receipt-ask = 订单 #{ $id }：请发送付款凭证照片，或点击「跳过」。
receipt-skip = 跳过
receipt-photo-expected = 请发送付款凭证的照片（或点击「跳过」）。
receipt-done = 订单 #{ $id } 已标记为已付款，已通知卖方。

appeal-ask = 订单 #{ $id }：请简要描述问题。仲裁员将查看聊天记录和付款凭证。
appeal-reason-expected = 请用文字描述问题（5 到 1000 个字符）。
appeal-done = 订单 #{ $id } 的申诉已提交，仲裁员会联系您。

chat-sent = ✉️ 已发送给对方。
chat-relay = 💬 订单 #{ $id }：{ $text }
chat-closed = 此订单的聊天已关闭：订单{ $status }。
chat-text-or-photo = 只能发送文字和图片。
chat-too-long = 消息过长（最多 2000 个字符）。
