admin-freeze-usage = 用法：/freeze <Telegram ID 或 @用户名> <原因>
admin-unfreeze-usage = 用法：/unfreeze <Telegram ID 或 @用户名>
admin-user-not-found = 没有用户 { $who }。
admin-frozen = { $who } 已冻结。
admin-unfrozen = { $who } 已解冻。
admin-no-change = { $who } 已处于该状态。
admin-appeal = ⚖️ 订单 #{ $id } 有新申诉：{ $reason }
admin-dispute-escalated = ⏰ 订单 #{ $id } 的申诉仍未处理。
