profile-card =
    👤 Your profile
    Trades: { $trades } ({ $completed } completed)
    Completion rate: { $rate }%
    Average release time: { $release } min
    Rating: { $rating } ({ $ratings } ratings)
    Verification tier: { $kyc }
    Referral code: { $code }
