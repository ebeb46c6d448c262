twofa-security = 🔐 安全设置
twofa-status-on = 🔐 两步验证已开启：放币和提现需要输入验证器应用中的验证码。
twofa-status-off = 🔓 两步验证未开启。开启后，放币和提现需要验证器应用（Google Authenticator、Authy、1Password 等）中的验证码。
twofa-turn-on = 开启两步验证
twofa-turn-off = 关闭两步验证
twofa-scan = 请用验证器应用扫描此二维码。
twofa-secret =
    或手动输入此密钥：{ $secret }
    然后发送应用中显示的 6 位验证码。开启后此消息将被删除。
twofa-enabled = ✅ 两步验证已开启。请保管好验证器应用：放币和提现需要其验证码。
twofa-disable-ask = 请发送验证器应用中当前的 6 位验证码以关闭两步验证。
twofa-disabled = 两步验证已关闭。放币和提现不再需要验证码。
twofa-wrong = 验证码无效，请重试（还剩 { $left } 次）。
twofa-reused = 该验证码已使用过，请等待应用中的下一个验证码。
twofa-locked = 错误次数过多。请在 { $until } 之后再试。
twofa-not-enabled = 两步验证未开启。
twofa-already-enabled = 两步验证已开启。
cmd-2fa = 两步验证（2FA）
