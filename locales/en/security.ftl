twofa-security = 🔐 Security
twofa-status-on = 🔐 Two-factor authentication is ON: releasing USDT and withdrawing ask for a code from your authenticator app.
twofa-status-off = 🔓 Two-factor authentication is OFF. Turn it on so that releasing USDT and withdrawing need a code from an authenticator app (Google Authenticator, Authy, 1Password…).
twofa-turn-on = Turn on 2FA
twofa-turn-off = Turn off 2FA
twofa-scan = Scan this QR code with your authenticator app.
twofa-secret =
    Or enter this key by hand: { $secret }
    Then send the 6-digit code the app shows. This message is deleted once 2FA is on.
twofa-enabled = ✅ Two-factor authentication is on. Keep your authenticator app: releases and withdrawals need its code.
twofa-disable-ask = Send the current 6-digit code from your authenticator app to turn 2FA off.
twofa-disabled = 2FA is off. Releases and withdrawals no longer ask for a code.
twofa-wrong = That code is not valid. Please try again ({ $left } attempts left).
twofa-reused = That code was already used. Wait for the next code in your app.
twofa-locked = Too many wrong codes. Try again after { $until }.
twofa-not-enabled = 2FA is not on.
twofa-already-enabled = 2FA is already on.
cmd-2fa = two-factor authentication (2FA)
