wallet-balance =
    💰 钱包
    可用：{ $available } USDT
    冻结（订单、提现）：{ $held } USDT
    待确认入账：{ $incoming } USDT
wallet-deposit = ⬇️ 充值
wallet-withdraw = ⬆️ 提现
wallet-history = 📜 记录
wallet-deposit-choose = 您从哪个网络发送 USDT？
wallet-deposit-unavailable = 该网络暂不支持充值。
wallet-deposit-tron = 您的 TRON（TRC-20）USDT 充值地址：
    { $address }
    只能发送 TRON 网络上的 USDT，达到所需确认数后入账。
wallet-deposit-evm = 您的 ERC-20 / BEP-20 USDT 充值地址（{ $chains }）：
    { $address }
    只能发送 USDT，达到所需确认数后入账。
wallet-history-deposit = ⬇️ { $time } 充值 { $amount } USDT（{ $chain }）— { $status }
wallet-history-withdrawal = ⬆️ { $time } 提现 #{ $id } { $amount } USDT（{ $chain }）— { $status }
wallet-history-empty = 暂无充值或提现记录。
wallet-deposit-status-seen = 等待确认
wallet-deposit-status-credited = 已入账
wallet-deposit-status-orphaned = 已被链回滚
wallet-withdrawal-status-awaiting-approval = 等待审批
wallet-withdrawal-status-approved = 已批准
wallet-withdrawal-status-signed = 已签名
wallet-withdrawal-status-broadcast = 已发送
wallet-withdrawal-status-confirmed = 已确认
wallet-withdrawal-status-failed = 失败
wallet-withdrawal-status-rejected = 已拒绝

withdraw-choose-chain = 在哪个网络提现 USDT？
withdraw-chain-button = 请点击一个网络按钮。
withdraw-enter-address = 请粘贴收款的 { $chain } 地址。
withdraw-address-invalid = 这不是有效的 { $chain } 地址，请检查后重新粘贴。
withdraw-enter-amount = 提现多少 USDT？（最少 { $min }；网络手续费 { $fee } USDT）
withdraw-summary =
    在 { $chain } 提现 { $amount } USDT
    收款地址：{ $address }
    网络手续费：{ $fee } USDT
    共扣除：{ $total } USDT
withdraw-totp = 请输入身份验证器中的 6 位验证码。
withdraw-totp-failed = 错误次数过多，未提交提现。
withdraw-requested = 提现 #{ $id }（{ $amount } USDT）已提交，发出后会通知您。
withdraw-awaiting-approval = 提现 #{ $id }（{ $amount } USDT）正在等待管理员审批。

kyc-start = 🪪 身份认证
kyc-pending = 您的身份认证正在审核中。
kyc-enter-name = 身份认证：请输入您的法定全名。
kyc-name-invalid = 请以文字输入全名（2 到 200 个字符）。
kyc-send-document = 请发送身份证件照片（护照或身份证）。
kyc-send-selfie = 现在请发送一张手持同一证件的自拍。
kyc-photo-expected = 请发送照片。
kyc-submitted = 谢谢，您的资料已提交审核。
chain-ethereum = 以太坊
chain-tron = 波场 TRON
chain-bsc = BSC
chain-polygon = Polygon
chain-std-tron = TRC-20
chain-std-ethereum = ERC-20
chain-std-bsc = BEP-20
chain-std-polygon = ERC-20
chain-evm = ERC-20 / BEP-20
withdraw-no-chains = 暂不支持提现：未配置任何网络。
