admin-freeze-usage = Usage: /freeze <telegram id or @username> <reason>
admin-unfreeze-usage = Usage: /unfreeze <telegram id or @username>
admin-user-not-found = No user { $who }.
admin-frozen = { $who } is frozen.
admin-unfrozen = { $who } is unfrozen.
admin-no-change = { $who } was already in that state.
admin-appeal = ⚖️ New appeal on order #{ $id }: { $reason }
admin-dispute-escalated = ⏰ The appeal on order #{ $id } is still unanswered.
