start-choose-language = 请选择语言。
start-language-set = 语言已设置为简体中文。
start-terms =
    交易前请接受本平台条款：
    • USDT 由平台托管，直到卖方确认收到法币。
    • 只向订单卡片上显示的收款信息付款，并使用本人名下的账户。
    • 争议由仲裁员根据订单聊天记录和付款凭证裁决。
start-terms-accept = ✅ 我接受
start-required = 请先发送 /start，选择语言并接受条款。
start-welcome = 欢迎，{ $name }！请选择您要做的事。
start-referral = 您的邀请链接：{ $link }
    已邀请人数：{ $count }
help-title = 我能做的事：
cmd-start = 开始，选择语言，主菜单
cmd-buy = 购买 USDT
cmd-sell = 出售 USDT
cmd-wallet = 余额、充值、提现
cmd-orders = 最近的订单
cmd-methods = 收款方式
cmd-profile = 交易记录
cmd-acceptor = 承兑商面板：报价、上线/下线
cmd-kyc = 身份认证
cmd-referral = 邀请链接
cmd-language = 更改语言
cmd-cancel = 停止当前操作
cmd-help = 本列表
