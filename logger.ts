import pino from 'pino';

// Secrets never reach logs: redact the fields that may carry them wherever they appear.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: {
    paths: ['*.password', '*.secret', '*.token', '*.botToken', '*.privateKey', '*.mnemonic', '*.totpSecret', 'headers.authorization', '*.signature'],
    censor: '[redacted]',
  },
});

export type Logger = typeof logger;
