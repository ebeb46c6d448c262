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
