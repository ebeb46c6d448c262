profile-card =
    👤 个人资料
    交易数：{ $trades }（已完成 { $completed }）
    完成率：{ $rate }%
    平均放币时间：{ $release } 分钟
    评分：{ $rating }（{ $ratings } 个评价）
    认证等级：{ $kyc }
    邀请码：{ $code }
